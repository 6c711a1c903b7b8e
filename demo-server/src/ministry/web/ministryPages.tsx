/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The ministry portal's pages: home, sign-in, re-authentication steps, account completion, account, messages. */

import { CsrfField } from '../../portal/web/pageLayout.js';
import type { MinistryAccount } from '../accounts/ministryAccounts.js';
import type { FlowPurpose } from '../db/ministrySchema.js';
import type { FederatedIdentity } from '../linking/federatedIdentities.js';
import { Messages, MinistryLayout, type MinistryPage, TextField, tr } from './ministryLayout.js';
import type { Lang, PageMessage } from './ministryMessages.js';
import { OtpForm } from './otpForm.js';

/** A demo BCA account shown on the home page in demo mode (the password is a documented demo value). */
export interface DemoAccountRow {
  idNumber: string;
  fullName: string;
  note: { vi: string; en: string };
  password: string | null;
}

export interface ProcedureLink {
  code: string;
  name: { vi: string; en: string };
}

function ssoHref(returnTo: string | undefined): string {
  return returnTo ? `/dang-nhap/dvcqg?returnTo=${encodeURIComponent(returnTo)}` : '/dang-nhap/dvcqg';
}

export function HomePage(props: {
  page: MinistryPage;
  account: MinistryAccount | undefined;
  procedures: readonly ProcedureLink[];
  demoAccounts: readonly DemoAccountRow[] | undefined;
}) {
  const { lang } = props.page;
  return (
    <MinistryLayout page={props.page} title={tr(lang, { vi: 'Trang chủ', en: 'Home' })}>
      <div class="card">
        <h1>
          {tr(lang, {
            vi: 'Dịch vụ công trực tuyến Bộ Công an',
            en: 'Online public services of the Ministry',
          })}
        </h1>
        {props.account ? (
          <p data-field="signed-in-as">
            {tr(lang, { vi: 'Xin chào, ', en: 'Welcome, ' })}
            <b>{props.account.fullName}</b>
          </p>
        ) : (
          <div class="actions">
            <a class="primary" href="/dang-nhap/dvcqg">
              {tr(lang, {
                vi: 'Đăng nhập Cổng dịch vụ công Quốc gia',
                en: 'Sign in with the National Public Service Portal',
              })}
            </a>
            <a href="/dang-nhap">{tr(lang, { vi: 'Tài khoản Bộ Công an', en: 'Ministry account' })}</a>
          </div>
        )}
        {props.procedures.length > 0 && (
          <>
            <h2>{tr(lang, { vi: 'Thủ tục hành chính', en: 'Procedures' })}</h2>
            <ul>
              {props.procedures.map((p) => (
                <li>
                  <a href={`/thu-tuc/${p.code}`}>{tr(lang, p.name)}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {props.demoAccounts && (
        <div class="card" id="tai-khoan-demo">
          <h2>
            {tr(lang, {
              vi: 'Tài khoản Bộ Công an có sẵn (bản trình diễn)',
              en: 'Existing Ministry accounts (demo)',
            })}
          </h2>
          <p>
            {tr(lang, {
              vi: 'Công dân có tài khoản dưới đây sẽ được đề nghị liên kết (xác thực lại bằng mật khẩu + OTP hoặc USB ký số) khi đăng nhập qua Cổng dịch vụ công Quốc gia; công dân khác được tạo tài khoản mới.',
              en: 'A citizen listed here is asked to confirm linking (re-authenticating with password + OTP or the USB token) when arriving from the National Portal; anyone else gets a new account.',
            })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{tr(lang, { vi: 'Số định danh / MST', en: 'ID number / tax code' })}</th>
                <th scope="col">{tr(lang, { vi: 'Họ tên / Tên', en: 'Name' })}</th>
                <th scope="col">{tr(lang, { vi: 'Mật khẩu', en: 'Password' })}</th>
                <th scope="col">{tr(lang, { vi: 'Ghi chú', en: 'Note' })}</th>
              </tr>
            </thead>
            <tbody>
              {props.demoAccounts.map((a) => (
                <tr>
                  <td>
                    <code>{a.idNumber}</code>
                  </td>
                  <td>{a.fullName}</td>
                  <td>{a.password ? <code>{a.password}</code> : '—'}</td>
                  <td>{tr(lang, a.note)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </MinistryLayout>
  );
}

export function SignInPage(props: {
  page: MinistryPage;
  returnTo: string | undefined;
  messages: readonly PageMessage[];
  usbOffered: boolean;
}) {
  const { lang } = props.page;
  return (
    <MinistryLayout page={props.page} title={tr(lang, { vi: 'Đăng nhập', en: 'Sign in' })}>
      <div class="card">
        <h1>{tr(lang, { vi: 'Đăng nhập', en: 'Sign in' })}</h1>
        <Messages lang={lang} messages={props.messages} />
        <div class="grid">
          <a class="choice" href={ssoHref(props.returnTo)} id="dang-nhap-dvcqg">
            <b>
              {tr(lang, {
                vi: 'Đăng nhập Cổng dịch vụ công Quốc gia',
                en: 'Sign in with the National Public Service Portal',
              })}
            </b>
            <small>
              {tr(lang, {
                vi: 'Dùng tài khoản Cổng DVCQG (mật khẩu + OTP, USB ký số, SIM ký số, VNeID…).',
                en: 'Use your National Portal account (password + OTP, USB token, SIM signature, VNeID…).',
              })}
            </small>
          </a>
        </div>
        <h2>{tr(lang, { vi: 'Tài khoản Bộ Công an', en: 'Ministry account' })}</h2>
        <form class="stack" method="post" action="/dang-nhap">
          <CsrfField token={props.page.csrfToken} />
          {props.returnTo && <input type="hidden" name="returnTo" value={props.returnTo} />}
          <TextField
            name="idNumber"
            label={tr(lang, { vi: 'Số CCCD hoặc mã số thuế', en: 'CCCD or tax code' })}
            inputMode="numeric"
            autocomplete="username"
          />
          <TextField
            name="password"
            type="password"
            label={tr(lang, { vi: 'Mật khẩu', en: 'Password' })}
            autocomplete="current-password"
          />
          <button class="primary" type="submit">
            {tr(lang, { vi: 'Tiếp tục', en: 'Continue' })}
          </button>
        </form>
        {props.usbOffered && (
          <p>
            <a
              href={
                props.returnTo
                  ? `/dang-nhap/usb?returnTo=${encodeURIComponent(props.returnTo)}`
                  : '/dang-nhap/usb'
              }
            >
              {tr(lang, { vi: 'Đăng nhập bằng USB ký số', en: 'Sign in with a USB signing token' })}
            </a>
          </p>
        )}
      </div>
    </MinistryLayout>
  );
}

const FLOW_TITLES: Record<FlowPurpose, { vi: string; en: string }> = {
  login: { vi: 'Đăng nhập tài khoản Bộ Công an', en: 'Sign in to your Ministry account' },
  link: { vi: 'Xác nhận liên kết tài khoản', en: 'Confirm account linking' },
  unlink: { vi: 'Xác nhận hủy liên kết tài khoản', en: 'Confirm removing the link' },
};

/** The re-authentication step of a flow: password (then OTP) or the USB token. */
export function FlowPage(props: {
  page: MinistryPage;
  base: string;
  flowId: string;
  purpose: FlowPurpose;
  step: 'credentials' | 'otp';
  account: Pick<MinistryAccount, 'fullName' | 'idNumber' | 'passwordHash'> | undefined;
  national: { fullName: string; idNumber: string } | undefined;
  usbNonce: string | undefined;
  messages: readonly PageMessage[];
}) {
  const { lang } = props.page;
  const action = `${props.base}/${props.flowId}`;
  return (
    <MinistryLayout page={props.page} title={tr(lang, FLOW_TITLES[props.purpose])}>
      <div class="card" data-flow={props.flowId} data-step={props.step}>
        <h1>{tr(lang, FLOW_TITLES[props.purpose])}</h1>
        <Messages lang={lang} messages={props.messages} />
        {props.national && props.account && (
          <table>
            <tbody>
              <tr>
                <th scope="row">{tr(lang, { vi: 'Tài khoản Cổng DVCQG', en: 'National Portal account' })}</th>
                <td data-field="national">
                  {props.national.fullName} — {props.national.idNumber}
                </td>
              </tr>
              <tr>
                <th scope="row">{tr(lang, { vi: 'Tài khoản Bộ Công an', en: 'Ministry account' })}</th>
                <td data-field="local">
                  {props.account.fullName} — {props.account.idNumber}
                </td>
              </tr>
            </tbody>
          </table>
        )}
        {props.step === 'otp' ? (
          <OtpForm lang={lang} csrfToken={props.page.csrfToken} action={`${action}/otp`} />
        ) : (
          <>
            {props.purpose !== 'login' && props.account?.passwordHash && (
              <form class="stack" method="post" action={`${action}/mat-khau`}>
                <h2>{tr(lang, { vi: 'Mật khẩu và mã OTP', en: 'Password and OTP' })}</h2>
                <CsrfField token={props.page.csrfToken} />
                <TextField
                  name="password"
                  type="password"
                  label={tr(lang, { vi: 'Mật khẩu tài khoản Bộ Công an', en: 'Ministry account password' })}
                  autocomplete="current-password"
                />
                <button class="primary" type="submit">
                  {tr(lang, { vi: 'Gửi mã OTP', en: 'Send the OTP' })}
                </button>
              </form>
            )}
            {props.usbNonce && (
              <form
                class="stack"
                method="post"
                action={`${action}/usb`}
                id="kyso-usb-form"
                data-nonce={props.usbNonce}
                data-lang={lang}
              >
                <h2>{tr(lang, { vi: 'USB ký số', en: 'USB signing token' })}</h2>
                <CsrfField token={props.page.csrfToken} />
                <input type="hidden" name="authToken" id="kyso-auth-token" value="" />
                <div class="msg info" id="kyso-missing" hidden tabIndex={-1}>
                  {tr(lang, {
                    vi: 'Chưa tìm thấy Kyso. Hãy cài tiện ích Kyso và chương trình kyso-host rồi tải lại trang.',
                    en: 'Kyso was not found. Install the Kyso extension and kyso-host, then reload the page.',
                  })}
                </div>
                <div class="msg error" id="kyso-error" role="alert" hidden tabIndex={-1} />
                <button class="primary" type="submit" id="kyso-usb-submit">
                  {tr(lang, { vi: 'Xác thực bằng USB ký số', en: 'Authenticate with the USB token' })}
                </button>
                <script type="module" src="/static/kyso-bca-usb.js" />
              </form>
            )}
          </>
        )}
        <form method="post" action={`${action}/huy`}>
          <CsrfField token={props.page.csrfToken} />
          <button class="secondary" type="submit">
            {tr(lang, { vi: 'Hủy', en: 'Cancel' })}
          </button>
        </form>
      </div>
    </MinistryLayout>
  );
}

export function CompleteAccountPage(props: {
  page: MinistryPage;
  account: MinistryAccount;
  missing: readonly ('email' | 'phone')[];
  returnTo: string;
  messages: readonly PageMessage[];
}) {
  const { lang } = props.page;
  const title = tr(lang, { vi: 'Hoàn thiện tài khoản', en: 'Complete your account' });
  return (
    <MinistryLayout page={props.page} title={title}>
      <div class="card">
        <h1>{title}</h1>
        <Messages lang={lang} messages={props.messages} />
        <table>
          <tbody>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Họ và tên', en: 'Full name' })}</th>
              <td data-field="fullName">{props.account.fullName}</td>
            </tr>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Số định danh / MST', en: 'ID number / tax code' })}</th>
              <td data-field="idNumber">{props.account.idNumber}</td>
            </tr>
          </tbody>
        </table>
        <form class="stack" method="post" action="/hoan-thien-tai-khoan">
          <CsrfField token={props.page.csrfToken} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          {props.missing.includes('email') && (
            <TextField
              name="email"
              type="email"
              label={tr(lang, { vi: 'Thư điện tử', en: 'E-mail' })}
              autocomplete="email"
            />
          )}
          {props.missing.includes('phone') && (
            <TextField
              name="phone"
              type="tel"
              label={tr(lang, { vi: 'Số điện thoại di động', en: 'Mobile number' })}
              inputMode="tel"
              autocomplete="tel"
            />
          )}
          <button class="primary" type="submit">
            {tr(lang, { vi: 'Lưu và tiếp tục', en: 'Save and continue' })}
          </button>
        </form>
      </div>
    </MinistryLayout>
  );
}

function when(lang: Lang, at: number): string {
  return new Date(at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

export function AccountPage(props: {
  page: MinistryPage;
  account: MinistryAccount;
  links: readonly FederatedIdentity[];
  sessions: readonly {
    idHash: string;
    userAgent: string;
    ip: string;
    lastSeenAt: number;
    current: boolean;
  }[];
  audit: readonly { at: number; event: string; ip: string }[];
  messages: readonly PageMessage[];
}) {
  const { lang } = props.page;
  const a = props.account;
  const title = tr(lang, { vi: 'Tài khoản', en: 'Account' });
  return (
    <MinistryLayout page={props.page} title={title}>
      <div class="card">
        <h1>{title}</h1>
        <Messages lang={lang} messages={props.messages} />
        <table>
          <tbody>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Họ và tên / Tên', en: 'Name' })}</th>
              <td data-field="fullName">{a.fullName}</td>
            </tr>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Số định danh / MST', en: 'ID number / tax code' })}</th>
              <td data-field="idNumber">{a.idNumber}</td>
            </tr>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Thư điện tử', en: 'E-mail' })}</th>
              <td data-field="email">{a.email ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">{tr(lang, { vi: 'Số điện thoại', en: 'Phone' })}</th>
              <td data-field="phone">{a.phone ?? '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {!a.passwordHash && (
        <div class="card" id="mat-khau">
          <h2>{tr(lang, { vi: 'Mật khẩu', en: 'Password' })}</h2>
          <p>
            {tr(lang, {
              vi: 'Tài khoản chưa có mật khẩu: chỉ xác thực lại được bằng USB ký số.',
              en: 'The account has no password: it can only authenticate again with the USB token.',
            })}{' '}
            <a href="/tai-khoan/mat-khau">{tr(lang, { vi: 'Đặt mật khẩu', en: 'Set a password' })}</a>
          </p>
        </div>
      )}
      <div class="card" id="lien-ket">
        <h2>{tr(lang, { vi: 'Tài khoản liên kết', en: 'Linked accounts' })}</h2>
        {props.links.length === 0 ? (
          <p data-field="links">
            {tr(lang, {
              vi: 'Chưa liên kết với Cổng dịch vụ công Quốc gia.',
              en: 'Not linked to the National Portal.',
            })}{' '}
            <a href="/dang-nhap/dvcqg?returnTo=%2Ftai-khoan">{tr(lang, { vi: 'Liên kết', en: 'Link' })}</a>
          </p>
        ) : (
          <table data-field="links">
            <tbody>
              {props.links.map((l) => (
                <tr data-issuer={l.issuer} data-subject={l.subject}>
                  <td>
                    {tr(lang, { vi: 'Cổng dịch vụ công Quốc gia', en: 'National Public Service Portal' })}
                  </td>
                  <td>
                    <code>{l.issuer}</code>
                  </td>
                  <td>{when(lang, l.createdAt)}</td>
                  <td>
                    <form method="post" action="/tai-khoan/huy-lien-ket">
                      <CsrfField token={props.page.csrfToken} />
                      <input type="hidden" name="issuer" value={l.issuer} />
                      <button class="secondary" type="submit">
                        {tr(lang, { vi: 'Hủy liên kết', en: 'Unlink' })}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card">
        <h2>{tr(lang, { vi: 'Phiên đăng nhập', en: 'Sessions' })}</h2>
        <table>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>{s.userAgent || '—'}</td>
                <td>{s.ip}</td>
                <td>{when(lang, s.lastSeenAt)}</td>
                <td>
                  {s.current ? (
                    tr(lang, { vi: 'Phiên hiện tại', en: 'This session' })
                  ) : (
                    <form method="post" action="/tai-khoan/phien/dang-xuat">
                      <CsrfField token={props.page.csrfToken} />
                      <input type="hidden" name="session" value={s.idHash} />
                      <button class="secondary" type="submit">
                        {tr(lang, { vi: 'Đăng xuất phiên', en: 'Sign out' })}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h2>{tr(lang, { vi: 'Nhật ký tài khoản', en: 'Account activity' })}</h2>
        <table data-field="audit">
          <tbody>
            {props.audit.map((e) => (
              <tr>
                <td>{when(lang, e.at)}</td>
                <td>
                  <code>{e.event}</code>
                </td>
                <td>{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </MinistryLayout>
  );
}

export function MessagePage(props: {
  page: MinistryPage;
  title: string;
  messages: readonly PageMessage[];
  next?: { href: string; label: string };
}) {
  return (
    <MinistryLayout page={props.page} title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <Messages lang={props.page.lang} messages={props.messages} />
        {props.next && (
          <p>
            <a href={props.next.href}>{props.next.label}</a>
          </p>
        )}
      </div>
    </MinistryLayout>
  );
}
