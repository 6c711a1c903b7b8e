/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Pages of the single sign-on: "Xác nhận chia sẻ" (consent, listing the data shared with the service),
 * the step-up request (LoA2 needed), RP-initiated logout, and the provider's messages and errors.
 */
import { Layout, type PageContext } from '../web/pageLayout.js';
import type { PortalClaim } from './citizenClaims.js';
import { CLAIM_LABELS, oidcText } from './oidcTexts.js';

export function ConsentPage(props: {
  page: PageContext;
  uid: string;
  clientName: string;
  accountName: string;
  claims: readonly PortalClaim[];
}) {
  const { page } = props;
  const { lang } = page;
  return (
    <Layout page={page} title={oidcText(lang, 'consentTitle')}>
      <div class="card" data-page="sso-consent">
        <h1>{oidcText(lang, 'consentTitle')}</h1>
        <p>
          <b data-field="client" lang="vi">
            {props.clientName}
          </b>{' '}
          {oidcText(lang, 'consentIntro')}
        </p>
        <ul data-field="claims">
          {props.claims.map((c) => (
            <li data-claim={c}>{CLAIM_LABELS[c][lang]}</li>
          ))}
        </ul>
        <p>
          {oidcText(lang, 'consentSignedInAs')} <b data-field="account">{props.accountName}</b>.
        </p>
        <p class="hint">{oidcText(lang, 'consentNote')}</p>
        <form method="post" action={`/oauth2/interaction/${props.uid}`}>
          <input type="hidden" name="_csrf" value={page.csrfToken} />
          <button class="primary" type="submit" name="action" value="allow">
            {oidcText(lang, 'consentAllow')}
          </button>{' '}
          <button class="secondary" type="submit" name="action" value="deny">
            {oidcText(lang, 'consentDeny')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** The client an authorization in progress comes from (shown on the portal's login pages). */
export interface PendingClient {
  /** The interaction's uid. */
  uid: string;
  /** The client's registered name. */
  name: string;
  /** The origin of the registered redirect URI the citizen will go back to. */
  origin: string;
}

/**
 * On the portal's login pages while they serve an authorization: who asks ("Đăng nhập để tiếp tục vào
 * <client>", with its address) and a way back to it with `access_denied`.
 */
export function SsoClientBanner(props: { page: PageContext; client: PendingClient }) {
  const { page, client } = props;
  const { lang } = page;
  return (
    <div class="notice" data-sso-client={client.uid}>
      <p>
        {oidcText(lang, 'continueTo')}{' '}
        <b data-field="client" lang="vi">
          {client.name}
        </b>
        <br />
        <span class="hint">
          {oidcText(lang, 'continueToOrigin')}: <code data-field="client-origin">{client.origin}</code>
        </span>
      </p>
      <form method="post" action={`/oauth2/interaction/${client.uid}`}>
        <input type="hidden" name="_csrf" value={page.csrfToken} />
        <button class="secondary" type="submit" name="action" value="cancel" id="ssoCancel">
          {oidcText(lang, 'continueCancel')} <span lang="vi">{client.name}</span>
        </button>
      </form>
    </div>
  );
}

/** Sign in again: for a higher level (`loa`) or because the client wants a fresh sign-in (`fresh`). */
export function StepUpPage(props: {
  page: PageContext;
  uid: string;
  clientName: string;
  reason: 'loa' | 'fresh';
}) {
  const { page } = props;
  const { lang } = page;
  const loa = props.reason === 'loa';
  return (
    <Layout page={page} title={oidcText(lang, loa ? 'stepUpTitle' : 'reloginTitle')}>
      <div class="card" data-page="sso-step-up">
        <h1>{oidcText(lang, loa ? 'stepUpTitle' : 'reloginTitle')}</h1>
        <div class="msg info" role="status" data-code={loa ? 'LOA2_REQUIRED' : 'FRESH_LOGIN_REQUIRED'}>
          <b lang="vi">{props.clientName}</b> {oidcText(lang, loa ? 'stepUpText' : 'reloginText')}
        </div>
        <form method="post" action={`/oauth2/interaction/${props.uid}`}>
          <input type="hidden" name="_csrf" value={page.csrfToken} />
          <button class="primary" type="submit" name="action" value="relogin">
            {oidcText(lang, 'stepUpButton')}
          </button>{' '}
          <button class="secondary" type="submit" name="action" value="cancel">
            {oidcText(lang, 'stepUpCancel')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** A message of the single sign-on (expired request, provider error, signed out). */
export function SsoMessagePage(props: {
  page: PageContext;
  title: string;
  text: string;
  code: string;
  type: 'error' | 'success';
}) {
  const { page } = props;
  return (
    <Layout page={page} title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <div
          class={`msg ${props.type}`}
          role={props.type === 'error' ? 'alert' : 'status'}
          data-code={props.code}
        >
          {props.text}
        </div>
        {props.type === 'error' && (
          <p class="hint">
            {oidcText(page.lang, 'errorCode')}: <code>{props.code}</code>
          </p>
        )}
        <a href="/">{page.lang === 'vi' ? 'Trang chủ' : 'Home'}</a>
      </div>
    </Layout>
  );
}

/** RP-initiated logout: oidc-provider's form (with its anti-forgery field) and the portal's button. */
export function LogoutConfirmPage(props: { page: PageContext; form: string }) {
  const { page } = props;
  const { lang } = page;
  return (
    <Layout page={page} title={oidcText(lang, 'logoutConfirmTitle')}>
      <div class="card" data-page="sso-logout">
        <h1>{oidcText(lang, 'logoutConfirmTitle')}</h1>
        <p>{oidcText(lang, 'logoutConfirmText')}</p>
        {/* oidc-provider builds this form (action and xsrf value are its own, no user input inside). */}
        <div dangerouslySetInnerHTML={{ __html: props.form }} />
        <button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">
          {oidcText(lang, 'logoutConfirmButton')}
        </button>
      </div>
    </Layout>
  );
}
