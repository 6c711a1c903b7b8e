/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Login pages (password + captcha, then OTP) and the account page. */

import type { AccountTable, SessionTable } from '../db/schema.js';
import { FederatedLoginLinks, LinkedIdentitiesCard } from '../federation/federationPages.js';
import type { LinkedIdentity } from '../federation/linkedIdentities.js';
import type { LoginFlow } from '../flows/loginEngine.js';
import { LABELS, type LabelKey, t } from '../i18n/labels.js';
import { type Lang, messageText } from '../i18n/messages.js';
import { CONTINUE_PATH } from '../oidc/pendingAuthorization.js';
import { type PendingClient, SsoClientBanner } from '../oidc/ssoPages.js';
import {
  CaptchaField,
  CsrfField,
  Field,
  LabelledRows,
  Layout,
  Messages,
  type PageContext,
} from './pageLayout.js';
import { maskPhone } from './phoneDisplay.js';
import { RemoteSignatureStep, UsbChallenge } from './registrationPages.js';

function formatDateTime(ms: number, lang: Lang): string {
  return new Date(ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

export function LoginFlowPage(props: {
  page: PageContext;
  flow: LoginFlow;
  usbAvailable: boolean;
  /** Links to the simulated phone and signing app (SIM ký số, Chữ ký số cá nhân). */
  simulatorsUrl?: string;
  /** The service an SSO authorization in progress comes from (the login runs as its interaction). */
  ssoClient?: PendingClient;
}) {
  const { page, flow } = props;
  const { lang } = page;
  const action = `/dang-nhap/luong/${flow.id}`;
  return (
    <Layout page={page} title={t(lang, 'loginTitle')}>
      <div class="card" data-flow-state={flow.state}>
        <h1>{t(lang, 'loginTitle')}</h1>
        {props.ssoClient && <SsoClientBanner page={page} client={props.ssoClient} />}
        <p class="hint">{t(lang, 'loginAccountKind')}</p>
        <Messages lang={lang} messages={flow.messages} />
        {flow.state === 'credentials' && (
          <form class="stack" method="post" action={action} novalidate>
            <CsrfField token={page.csrfToken} />
            <Field
              lang={lang}
              name="username"
              label={t(lang, 'username')}
              hint={t(lang, 'usernameHint')}
              autocomplete="username"
              inputMode="numeric"
              value={flow.data.username ?? ''}
              messages={flow.messages}
            />
            <Field
              lang={lang}
              name="password"
              type="password"
              label={t(lang, 'passwordLogin')}
              autocomplete="current-password"
              messages={flow.messages}
            />
            <CaptchaField
              lang={lang}
              svg={flow.data.captchaSvg}
              question={flow.data.captchaQuestion}
              messages={flow.messages}
            />
            <div class="actions">
              <button class="primary" type="submit" id="BtnLoginAccount">
                {t(lang, 'login')}
              </button>
              {props.usbAvailable && (
                <>
                  <a href="/dang-nhap/usb-ky-so">{t(lang, 'loginWithUsb')}</a>
                  <a href="/dang-nhap/sim-ky-so">{t(lang, 'loginWithSim')}</a>
                  <a href="/dang-nhap/chu-ky-so-ca-nhan">{t(lang, 'loginWithRemoteSignature')}</a>
                </>
              )}
            </div>
          </form>
        )}
        {flow.state === 'credentials' && <FederatedLoginLinks lang={lang} />}
        {flow.state === 'challenge' && (
          <UsbChallenge page={page} flow={flow} action={action} submitLabel="login" />
        )}
        <RemoteSignatureStep
          page={page}
          flow={flow}
          action={action}
          pollUrl={`/api/login/flows/${flow.id}`}
          completeUrl={CONTINUE_PATH}
          simulatorsUrl={props.simulatorsUrl ?? ''}
          submitLabel="login"
          backHref="/dang-nhap"
        />
        {flow.state === 'otp' && (
          <form class="stack" method="post" action={action}>
            <CsrfField token={page.csrfToken} />
            <h2>{t(lang, 'otpTitle')}</h2>
            <Field
              lang={lang}
              name="otp"
              label={t(lang, 'otp')}
              inputMode="numeric"
              autocomplete="one-time-code"
              messages={flow.messages}
            />
            <div class="actions">
              <button class="primary" type="submit" name="action" value="verify" id="authenticate">
                {t(lang, 'confirm')}
              </button>
              <button class="secondary" type="submit" name="action" value="resend" id="resendOTP">
                {t(lang, 'resendOtp')}
              </button>
            </div>
          </form>
        )}
      </div>
    </Layout>
  );
}

export interface AccountView {
  account: Pick<
    AccountTable,
    | 'username'
    | 'fullName'
    | 'idNumber'
    | 'dateOfBirth'
    | 'phone'
    | 'email'
    | 'verificationLevel'
    | 'registrationMethod'
    | 'createdAt'
    | 'subject'
  >;
  sessions: (Pick<SessionTable, 'idHash' | 'userAgent' | 'ip' | 'createdAt' | 'lastSeenAt'> & {
    current: boolean;
  })[];
  audit: { at: number; event: string; ip: string }[];
  /** Certificates bound to the account (USB, SIM or remote signature). */
  certificates: { subject: string; issuer: string; notAfter: number }[];
  /** "Danh sách tài khoản liên kết": VNeID / PostID identities (issuer + sub). */
  linkedIdentities?: LinkedIdentity[];
}

export function AccountPage(props: {
  page: PageContext;
  view: AccountView;
  messages: Parameters<typeof Messages>[0]['messages'];
}) {
  const { page, view } = props;
  const { lang } = page;
  const a = view.account;
  const rows: [LabelKey, string][] = [
    ['username', a.username],
    ['fullName', a.fullName],
    ['dateOfBirth', a.dateOfBirth ?? '—'],
    ['phone', maskPhone(a.phone)],
    ['subject', t(lang, a.subject)],
    ['verificationLevel', String(a.verificationLevel)],
    [
      'registrationMethod',
      Object.hasOwn(LABELS, a.registrationMethod)
        ? t(lang, a.registrationMethod as LabelKey)
        : a.registrationMethod,
    ],
    ['createdAt', formatDateTime(a.createdAt, lang)],
  ];
  return (
    <Layout page={page} title={t(lang, 'accountTitle')}>
      <Messages lang={lang} messages={props.messages} />
      <div class="card">
        <h1>{t(lang, 'accountTitle')}</h1>
        <LabelledRows lang={lang} rows={rows} />
      </div>
      {view.certificates.length > 0 && (
        <div class="card">
          <h2>{t(lang, 'certificatesTitle')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'certificateHolder')}</th>
                <th scope="col">{t(lang, 'certificateIssuer')}</th>
                <th scope="col">{t(lang, 'certificateValidUntil')}</th>
              </tr>
            </thead>
            <tbody>
              {view.certificates.map((c) => (
                <tr>
                  <td>{c.subject}</td>
                  <td>{c.issuer}</td>
                  <td>{formatDateTime(c.notAfter, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="card">
        <h2>{t(lang, 'sessionsTitle')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'device')}</th>
              <th scope="col">{t(lang, 'ipAddress')}</th>
              <th scope="col">{t(lang, 'lastSeen')}</th>
              <th scope="col">
                <span class="skip">{t(lang, 'signOutSession')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.sessions.map((s) => (
              <tr data-session={s.idHash}>
                <td>{s.userAgent || '—'}</td>
                <td>{s.ip}</td>
                <td>{formatDateTime(s.lastSeenAt, lang)}</td>
                <td>
                  {s.current ? (
                    <b>{t(lang, 'thisSession')}</b>
                  ) : (
                    <form method="post" action={`/tai-khoan/phien/${s.idHash}/dang-xuat`}>
                      <CsrfField token={page.csrfToken} />
                      <button class="secondary" type="submit">
                        {t(lang, 'signOutSession')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LinkedIdentitiesCard lang={lang} identities={view.linkedIdentities ?? []} />
      <div class="card">
        <h2>{t(lang, 'auditTitle')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'time')}</th>
              <th scope="col">{t(lang, 'event')}</th>
              <th scope="col">{t(lang, 'ipAddress')}</th>
            </tr>
          </thead>
          <tbody>
            {view.audit.map((e) => (
              <tr>
                <td>{formatDateTime(e.at, lang)}</td>
                <td>
                  <code>{e.event}</code>
                </td>
                <td>{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function SimpleMessagePage(props: {
  page: PageContext;
  title: string;
  code: Parameters<typeof messageText>[0];
  type: 'error' | 'info' | 'success';
}) {
  const { lang } = props.page;
  return (
    <Layout page={props.page} title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <div
          class={`msg ${props.type}`}
          role={props.type === 'error' ? 'alert' : 'status'}
          data-code={props.code}
        >
          {messageText(props.code, lang)}
        </div>
        <a href="/">{t(lang, 'home')}</a>
      </div>
    </Layout>
  );
}
