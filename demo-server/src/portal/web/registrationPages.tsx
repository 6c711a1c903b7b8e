/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Registration pages: subject and method chooser, then one page per flow state. */
import { FederatedRegistrationLinks } from '../federation/federationPages.js';
import type { RegistrationFlow } from '../flows/registrationEngine.js';
import { METHOD_FIELDS } from '../flows/registrationEngine.js';
import {
  CERTIFICATE_METHODS,
  type FormMethod,
  REGISTRATION_METHODS,
  type RegistrationMethod,
  SUBJECT_SLUGS,
  SUBJECTS,
} from '../flows/registrationMethods.js';
import type { RemoteSigningStepData } from '../flows/remoteSigningRegistration.js';
import type { SimStepData } from '../flows/simRegistration.js';
import { type LabelKey, t } from '../i18n/labels.js';
import { type FlowMessage, type Lang, messageText } from '../i18n/messages.js';
import {
  CaptchaField,
  CsrfField,
  Field,
  type FieldProps,
  LabelledRows,
  Layout,
  Messages,
  type PageContext,
} from './pageLayout.js';
import { maskPhone } from './phoneDisplay.js';

export function ChooseMethodPage(props: {
  page: PageContext;
  legacy: 'allowed' | 'disabled';
  certificateMethodsAvailable: boolean;
  /** Cơ quan nhà nước is offered only when the government PKI's roots are configured. */
  governmentCertificatesAvailable?: boolean;
}) {
  const { lang } = props.page;
  return (
    <Layout page={props.page} title={t(lang, 'chooseMethodTitle')}>
      <div class="card">
        <h1>{t(lang, 'chooseMethodTitle')}</h1>
        {props.legacy === 'disabled' ? (
          <div class="msg error" role="alert" data-code="LEGACY_REGISTRATION_DISABLED">
            {messageText('LEGACY_REGISTRATION_DISABLED', lang)}
          </div>
        ) : (
          <>
            <p class="notice" data-code="LEGACY_REGISTRATION_NOTICE">
              {messageText('LEGACY_REGISTRATION_NOTICE', lang)}
            </p>
            {SUBJECTS.map((subject) => {
              const methods = (Object.keys(REGISTRATION_METHODS) as RegistrationMethod[]).filter(
                (m) =>
                  REGISTRATION_METHODS[m].subjects.includes(subject) &&
                  (!CERTIFICATE_METHODS.includes(m) || props.certificateMethodsAvailable) &&
                  (subject !== 'coQuanNhaNuoc' || props.governmentCertificatesAvailable === true),
              );
              return (
                <section aria-labelledby={`doi-tuong-${subject}`}>
                  <h2 id={`doi-tuong-${subject}`}>
                    {t(lang, 'subject')}: {t(lang, subject)}
                  </h2>
                  {methods.length === 0 ? (
                    <p class="hint">{t(lang, 'noMethodsForSubject')}</p>
                  ) : (
                    <div class="grid">
                      {methods.map((m) => (
                        <a
                          class="method"
                          href={`/dang-ky/${SUBJECT_SLUGS[subject]}/${REGISTRATION_METHODS[m].slug}`}
                        >
                          <b>{t(lang, m)}</b>
                          <small>
                            {t(
                              lang,
                              subject === 'coQuanNhaNuoc' && m === 'usbKySo'
                                ? 'usbKySoGovernmentHint'
                                : (`${m}Hint` as LabelKey),
                            )}
                          </small>
                        </a>
                      ))}
                    </div>
                  )}
                </section>
              );
            })}
          </>
        )}
        <FederatedRegistrationLinks lang={lang} legacy={props.legacy} />
      </div>
    </Layout>
  );
}

const FIELD_UI: Record<
  string,
  { label: LabelKey; hint?: LabelKey; inputMode?: 'numeric' | 'tel'; autocomplete?: string; type?: 'tel' }
> = {
  idNumber: { label: 'idNumber', inputMode: 'numeric' },
  fullName: { label: 'fullName', hint: 'fullNameHint', autocomplete: 'name' },
  dateOfBirth: { label: 'dateOfBirth', hint: 'dateOfBirthHint', autocomplete: 'bday' },
  phone: { label: 'phone', type: 'tel', autocomplete: 'tel', inputMode: 'tel' },
  bhxhCode: { label: 'bhxhCode', hint: 'bhxhCodeHint', inputMode: 'numeric' },
};

function formatTime(ms: number | undefined, lang: Lang): string {
  if (!ms) return '';
  return new Date(ms).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

export function RegistrationFlowPage(props: {
  page: PageContext;
  flow: RegistrationFlow;
  simulatorsUrl: string;
}) {
  const { page, flow } = props;
  const { lang } = page;
  const method = flow.method as RegistrationMethod;
  const action = `/dang-ky/luong/${flow.id}`;
  const title = `${t(lang, 'registerTitle')} — ${t(lang, method)}`;
  const values = flow.data.values as Record<string, string | undefined>;
  return (
    <Layout page={page} title={title}>
      <div class="card" data-flow-state={flow.state}>
        <h1>{title}</h1>
        <Messages lang={lang} messages={flow.messages} />
        {flow.state === 'collect' && (
          <form class="stack" method="post" action={action} novalidate>
            <CsrfField token={page.csrfToken} />
            <p class="hint">{t(lang, 'requiredNote')}</p>
            {METHOD_FIELDS[method as FormMethod].map((name) => {
              const ui = FIELD_UI[name]!;
              return (
                <Field
                  lang={lang}
                  name={name}
                  label={t(
                    lang,
                    name === 'idNumber' && method === 'thueBaoDiDong' ? 'idNumberCccd' : ui.label,
                  )}
                  {...(ui.hint ? { hint: t(lang, ui.hint) } : {})}
                  {...(ui.inputMode ? { inputMode: ui.inputMode } : {})}
                  {...(ui.autocomplete ? { autocomplete: ui.autocomplete } : {})}
                  {...(ui.type ? { type: ui.type } : {})}
                  value={values[name] ?? ''}
                  messages={flow.messages}
                />
              );
            })}
            <CaptchaField
              lang={lang}
              svg={flow.data.captchaSvg}
              question={flow.data.captchaQuestion}
              messages={flow.messages}
            />
            <div class="actions">
              <button class="primary" type="submit">
                {t(lang, 'submitRegister')}
              </button>
              <a href="/dang-ky">{t(lang, 'back')}</a>
            </div>
          </form>
        )}
        {flow.state === 'otp' && (
          <>
            <h2>{t(lang, 'otpTitle')}</h2>
            <p>
              {t(lang, 'otpSentTo')} <b>{maskPhone(values.phone, '')}</b>. {t(lang, 'otpExpiresAt')}{' '}
              <b>{formatTime(flow.data.otpExpiresAt, lang)}</b>.
            </p>
            <form class="stack" method="post" action={action}>
              <CsrfField token={page.csrfToken} />
              <Field
                lang={lang}
                name="otp"
                label={t(lang, 'otp')}
                inputMode="numeric"
                autocomplete="one-time-code"
                messages={flow.messages}
              />
              <div class="actions">
                <button class="primary" type="submit" name="action" value="verify">
                  {t(lang, 'confirm')}
                </button>
                <button class="secondary" type="submit" name="action" value="resend" formnovalidate>
                  {t(lang, 'resendOtp')}
                </button>
              </div>
            </form>
          </>
        )}
        {flow.state === 'password' && (
          <>
            <h2>{t(lang, 'passwordTitle')}</h2>
            <form class="stack" method="post" action={action}>
              <CsrfField token={page.csrfToken} />
              <Field
                lang={lang}
                name="password"
                type="password"
                label={t(lang, 'password')}
                hint={t(lang, 'passwordHint')}
                autocomplete="new-password"
                messages={flow.messages}
              />
              <Field
                lang={lang}
                name="passwordConfirm"
                type="password"
                label={t(lang, 'passwordConfirm')}
                autocomplete="new-password"
                messages={flow.messages}
              />
              <button class="primary" type="submit">
                {t(lang, 'submitRegister')}
              </button>
            </form>
          </>
        )}
        {flow.state === 'challenge' && <UsbChallenge page={page} flow={flow} action={action} />}
        <RemoteSignatureStep
          page={page}
          flow={flow}
          action={action}
          pollUrl={`/api/registration/flows/${flow.id}`}
          simulatorsUrl={props.simulatorsUrl}
          submitLabel="submitRegister"
          backHref="/dang-ky"
        />
        {flow.state === 'confirm' && <UsbConfirm page={page} flow={flow} action={action} />}
        {flow.state === 'complete' && (
          <>
            <p>
              {t(lang, 'username')}: <b>{flow.data.username}</b>
            </p>
            <a class="method" href="/dang-nhap">
              <b>{t(lang, 'goToLogin')}</b>
            </a>
          </>
        )}
      </div>
    </Layout>
  );
}

/** The one-field first step of the SIM and remote-signature flows (phone number, or CCCD/CMND). */
function SingleFieldForm(props: {
  page: PageContext;
  flow: { messages: FlowMessage[] };
  action: string;
  submitLabel: LabelKey;
  backHref: string;
  field: Omit<FieldProps, 'lang' | 'messages'>;
}) {
  const { lang } = props.page;
  return (
    <form class="stack" method="post" action={props.action} novalidate>
      <CsrfField token={props.page.csrfToken} />
      <Field lang={lang} messages={props.flow.messages} {...props.field} />
      <div class="actions">
        <button class="primary" type="submit">
          {t(lang, props.submitLabel)}
        </button>
        <a href={props.backHref}>{t(lang, 'back')}</a>
      </div>
    </form>
  );
}

/** SIM ký số and Chữ ký số cá nhân steps (registration and login): phone or ID number, then the approval. */
export function RemoteSignatureStep(props: {
  page: PageContext;
  flow: {
    state: string;
    data: { sim?: SimStepData; remote?: RemoteSigningStepData };
    messages: FlowMessage[];
  };
  action: string;
  /** The flow's JSON API URL, polled by /static/kyso-poll.js while waiting for the approval. */
  pollUrl: string;
  /** Where the script goes when the flow completes (login: the account page); else back to `action`. */
  completeUrl?: string;
  simulatorsUrl: string;
  submitLabel: LabelKey;
  backHref: string;
}) {
  const { page, flow, action } = props;
  const { lang } = page;
  return (
    <>
      {flow.state === 'phone' && (
        <SingleFieldForm
          {...props}
          field={{
            name: 'phone',
            type: 'tel',
            inputMode: 'tel',
            autocomplete: 'tel',
            label: t(lang, 'simPhone'),
            value: flow.data.sim?.phone ?? '',
          }}
        />
      )}
      {flow.state === 'identifier' && (
        <SingleFieldForm
          {...props}
          field={{
            name: 'idNumber',
            inputMode: 'numeric',
            label: t(lang, 'idNumber'),
            value: flow.data.remote?.idNumber ?? '',
          }}
        />
      )}
      {flow.state === 'waiting' && (
        <form
          class="stack"
          method="post"
          action={action}
          data-poll-url={props.pollUrl}
          data-complete-url={props.completeUrl}
        >
          <CsrfField token={page.csrfToken} />
          <p id="kyso-poll-status" role="status" hidden>
            {t(lang, 'approvalAutoCheck')}
          </p>
          <p>
            {t(lang, 'simVerificationCode')}:{' '}
            <b data-field="simVerificationCode">
              {flow.data.sim?.verificationCode ?? flow.data.remote?.verificationCode}
            </b>
          </p>
          <div class="actions">
            <button class="primary" type="submit" name="action" value="poll">
              {t(lang, 'simConfirmed')}
            </button>
            {flow.data.sim ? (
              <a
                href={`${props.simulatorsUrl}/phone/84${(flow.data.sim.phone ?? '').replace(/^0/, '')}`}
                target="_blank"
                rel="noopener"
              >
                {t(lang, 'simPhonePage')}
              </a>
            ) : (
              <a
                href={`${props.simulatorsUrl}/rs/app/${flow.data.remote?.idNumber ?? ''}`}
                target="_blank"
                rel="noopener"
              >
                {t(lang, 'rsAppPage')}
              </a>
            )}
          </div>
        </form>
      )}
      {flow.state === 'waiting' && <script type="module" src="/static/kyso-poll.js" />}
    </>
  );
}

/** A page for a flow that cannot continue (expired, unknown, method unavailable). */
export function FlowErrorPage(props: {
  page: PageContext;
  code: Parameters<typeof messageText>[0];
  restartHref: string;
}) {
  const { lang } = props.page;
  const title = t(lang, props.restartHref.startsWith('/dang-nhap') ? 'loginTitle' : 'registerTitle');
  return (
    <Layout page={props.page} title={title}>
      <div class="card">
        <h1>{title}</h1>
        <div class="msg error" role="alert" data-code={props.code}>
          {messageText(props.code, lang)}
        </div>
        <a href={props.restartHref}>{t(lang, 'startAgain')}</a>
      </div>
    </Layout>
  );
}

/** USB ký số challenge (registration and login): the page script has Kyso sign it, then posts the token. */
export function UsbChallenge(props: {
  page: PageContext;
  flow: { data: { cert?: { nonce?: string } } };
  action: string;
  submitLabel?: 'submitRegister' | 'login';
}) {
  const { page, flow } = props;
  const { lang } = page;
  return (
    <>
      <p>{t(lang, 'usbIntro')}</p>
      <div class="msg error" role="alert" data-code="KYSO_MISSING" id="kyso-missing" hidden>
        {messageText('KYSO_MISSING', lang)}
      </div>
      <div class="msg error" role="alert" id="kyso-error" hidden />
      <noscript>
        <div class="msg error">{t(lang, 'usbNeedsScript')}</div>
      </noscript>
      <form
        class="stack"
        method="post"
        action={props.action}
        id="kyso-usb-form"
        data-nonce={flow.data.cert?.nonce}
        data-lang={lang}
      >
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="authToken" id="kyso-auth-token" value="" />
        <div class="actions">
          <button class="primary" type="submit" id="kyso-usb-register">
            {t(lang, props.submitLabel ?? 'submitRegister')}
          </button>
          <a href="/dang-ky">{t(lang, 'back')}</a>
        </div>
      </form>
      <script type="module" src="/static/kyso-usb.js" />
    </>
  );
}

/** USB ký số, step 2: the identity read from the certificate, then e-mail and captcha. */
function UsbConfirm(props: { page: PageContext; flow: RegistrationFlow; action: string }) {
  const { page, flow } = props;
  const { lang } = page;
  const cert = flow.data.cert?.certificate;
  const rows: [Parameters<typeof t>[1], string][] = cert
    ? [
        ['certificateHolder', cert.fullName],
        ['certificateIdentifier', `${cert.idType}: ${cert.username.replace(/^cqnn:/, '')}`],
        ...(cert.organization
          ? [
              [
                'certificateOrganization',
                [cert.organization, ...(cert.organizationalUnits ?? [])].join(' — '),
              ] as [Parameters<typeof t>[1], string],
            ]
          : []),
        ...(cert.title ? [['certificateTitle', cert.title] as [Parameters<typeof t>[1], string]] : []),
        ['certificateIssuer', cert.issuer],
        [
          'certificateValidUntil',
          new Date(cert.notAfter).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
            timeZone: 'Asia/Ho_Chi_Minh',
          }),
        ],
      ]
    : [];
  return (
    <>
      <LabelledRows lang={lang} rows={rows} />
      <form class="stack" method="post" action={props.action} novalidate>
        <CsrfField token={page.csrfToken} />
        <Field
          lang={lang}
          name="email"
          type="email"
          label={t(lang, 'email')}
          autocomplete="email"
          value={flow.data.cert?.email ?? ''}
          messages={flow.messages}
        />
        <CaptchaField
          lang={lang}
          svg={flow.data.captchaSvg}
          question={flow.data.captchaQuestion}
          messages={flow.messages}
        />
        <button class="primary" type="submit">
          {t(lang, 'submitRegister')}
        </button>
      </form>
    </>
  );
}
