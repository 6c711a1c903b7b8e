/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Pages of the VNeID / PostID login and PostID registration, and the account's linked identities. */
import type { Lang } from '../i18n/messages.js';
import { Layout, type PageContext } from '../web/pageLayout.js';
import { type FederationMessageCode, federationText, PROVIDER_NAMES } from './federationMessages.js';
import type { LinkedIdentity } from './linkedIdentities.js';

const TITLES = {
  login: { vi: 'Đăng nhập', en: 'Log in' },
  registration: { vi: 'Đăng ký', en: 'Register' },
} as const;

export function FederationMessagePage(props: {
  page: PageContext;
  purpose: 'login' | 'registration';
  code: FederationMessageCode;
  type: 'error' | 'success';
}) {
  const { lang } = props.page;
  const next =
    props.type === 'success'
      ? { href: '/tai-khoan', vi: 'Đến trang tài khoản', en: 'Go to your account' }
      : props.code === 'FEDERATION_NO_ACCOUNT'
        ? { href: '/dang-ky', vi: 'Đăng ký tài khoản', en: 'Register an account' }
        : {
            href: props.purpose === 'login' ? '/dang-nhap' : '/dang-ky',
            vi: 'Thực hiện lại',
            en: 'Start again',
          };
  return (
    <Layout page={props.page} title={TITLES[props.purpose][lang]}>
      <div class="card">
        <h1>{TITLES[props.purpose][lang]}</h1>
        <div
          class={`msg ${props.type}`}
          role={props.type === 'error' ? 'alert' : 'status'}
          data-code={props.code}
        >
          {federationText(props.code, lang)}
        </div>
        <a href={next.href}>{next[lang]}</a>
      </div>
    </Layout>
  );
}

function formatDate(ms: number, lang: Lang): string {
  return new Date(ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/** "Danh sách tài khoản liên kết": provider, issuer and subject of each linked identity. */
export function LinkedIdentitiesCard(props: { lang: Lang; identities: readonly LinkedIdentity[] }) {
  const { lang } = props;
  return (
    <div class="card" id="tai-khoan-lien-ket">
      <h2>{lang === 'vi' ? 'Danh sách tài khoản liên kết' : 'Linked accounts'}</h2>
      {props.identities.length === 0 ? (
        <p data-linked="none">
          {lang === 'vi'
            ? 'Chưa có tài khoản định danh nào được liên kết.'
            : 'No identity-provider account is linked yet.'}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{lang === 'vi' ? 'Hệ thống định danh' : 'Identity provider'}</th>
              <th scope="col">{lang === 'vi' ? 'Mã định danh (issuer, sub)' : 'Identifier (issuer, sub)'}</th>
              <th scope="col">{lang === 'vi' ? 'Liên kết lúc' : 'Linked at'}</th>
              <th scope="col">{lang === 'vi' ? 'Sử dụng gần nhất' : 'Last used'}</th>
            </tr>
          </thead>
          <tbody>
            {props.identities.map((i) => (
              <tr data-linked={i.provider}>
                <td>{PROVIDER_NAMES[i.provider][lang]}</td>
                <td>
                  <code>{i.issuer}</code>
                  <br />
                  <code>{i.subject}</code>
                </td>
                <td>{formatDate(i.createdAt, lang)}</td>
                <td>{formatDate(i.lastUsedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function LinkedIdentitiesPage(props: { page: PageContext; identities: readonly LinkedIdentity[] }) {
  const { lang } = props.page;
  return (
    <Layout page={props.page} title={lang === 'vi' ? 'Tài khoản liên kết' : 'Linked accounts'}>
      <h1>{lang === 'vi' ? 'Tài khoản liên kết' : 'Linked accounts'}</h1>
      <LinkedIdentitiesCard lang={lang} identities={props.identities} />
      <a href="/tai-khoan">{lang === 'vi' ? 'Trang tài khoản' : 'Your account'}</a>
    </Layout>
  );
}

/** On the login page: "Tài khoản định danh điện tử (VNeID)" and "Bưu điện Việt Nam (PostID)". */
export function FederatedLoginLinks(props: { lang: Lang }) {
  const { lang } = props;
  return (
    <div class="actions" data-federated-login="">
      <a class="button" href="/dang-nhap/vneid" data-provider="vneid">
        {lang === 'vi' ? 'Đăng nhập bằng VNeID' : 'Log in with VNeID'}
      </a>
      <a href="/dang-nhap/postid" data-provider="postid">
        {lang === 'vi' ? 'Đăng nhập bằng PostID (Bưu điện Việt Nam)' : 'Log in with PostID (Vietnam Post)'}
      </a>
    </div>
  );
}

/** On the registration page: method 3 (citizens, legacy) and the VNeID login current law uses. */
export function FederatedRegistrationLinks(props: { lang: Lang; legacy: 'allowed' | 'disabled' }) {
  const { lang } = props;
  return (
    <section aria-labelledby="dinh-danh-lien-ket">
      <h2 id="dinh-danh-lien-ket">{lang === 'vi' ? 'Tài khoản định danh' : 'Identity accounts'}</h2>
      <div class="grid">
        {props.legacy === 'allowed' && (
          <a class="method" href="/dang-ky/buu-dien" data-provider="postid">
            <b>{lang === 'vi' ? 'Bưu điện Việt Nam' : 'Vietnam Post'}</b>
            <small>
              {lang === 'vi'
                ? 'Công dân: qua tài khoản PostID đã xác thực tại quầy bưu điện'
                : 'Citizens: through a PostID account verified at a post-office counter'}
            </small>
          </a>
        )}
        <a class="method" href="/dang-nhap/vneid" data-provider="vneid">
          <b>VNeID</b>
          <small>
            {lang === 'vi'
              ? 'Đăng nhập bằng tài khoản định danh điện tử mức độ 2 (Nghị định 69/2024/NĐ-CP)'
              : 'Log in with a level-2 e-identity account (Decree 69/2024)'}
          </small>
        </a>
      </div>
    </section>
  );
}
