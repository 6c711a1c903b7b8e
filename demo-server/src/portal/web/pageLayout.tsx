/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The page frame: demo banner, red header with the emblem, navigation, language switch, footer. */
import type { ComponentChildren } from 'preact';
import { type LabelKey, t } from '../i18n/labels.js';
import { type FlowMessage, type Lang, messageText } from '../i18n/messages.js';
import { serviceText } from '../services/serviceTexts.js';

export interface PageContext {
  lang: Lang;
  csrfToken: string;
  /** Path of the current page (for the language switch). */
  path: string;
  signedIn: boolean;
}

export function Layout(props: { page: PageContext; title: string; children: ComponentChildren }) {
  const { page } = props;
  const other: Lang = page.lang === 'vi' ? 'en' : 'vi';
  const sep = page.path.includes('?') ? '&' : '?';
  return (
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t(page.lang, 'portalName')}`}</title>
        <link rel="stylesheet" href="/static/portal.css" />
      </head>
      <body>
        <a class="skip" href="#noi-dung">
          {t(page.lang, 'skipToContent')}
        </a>
        <header class="top">
          <div class="demo">{t(page.lang, 'demoBanner')}</div>
          <div class="in">
            <div class="emblem" aria-hidden="true">
              ★
            </div>
            <div class="brand">
              <b>{t(page.lang, 'portalName')}</b>
              <span>{t(page.lang, 'portalTagline')}</span>
            </div>
          </div>
        </header>
        <nav class="main" aria-label={page.lang === 'vi' ? 'Điều hướng chính' : 'Main navigation'}>
          <ul>
            <li>
              <a href="/">{t(page.lang, 'home')}</a>
            </li>
            <li>
              <a href="/dich-vu-cong">{serviceText(page.lang, 'navLink')}</a>
            </li>
            {page.signedIn ? (
              <>
                <li>
                  <a href="/tai-khoan">{t(page.lang, 'account')}</a>
                </li>
                <li>
                  <form method="post" action="/dang-xuat">
                    <input type="hidden" name="_csrf" value={page.csrfToken} />
                    <button type="submit">{t(page.lang, 'logout')}</button>
                  </form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <a href="/dang-ky">{t(page.lang, 'register')}</a>
                </li>
                <li>
                  <a href="/dang-nhap">{t(page.lang, 'login')}</a>
                </li>
              </>
            )}
            <li class="right">
              <a href={`${page.path}${sep}lang=${other}`} lang={other} hreflang={other}>
                {t(page.lang, 'switchLanguage')}
              </a>
            </li>
          </ul>
        </nav>
        <main id="noi-dung">{props.children}</main>
        <footer>Kyso — {t(page.lang, 'demoBanner')}</footer>
      </body>
    </html>
  );
}

/** Flow-level messages (those without a field); errors are announced to screen readers. */
export function Messages(props: { lang: Lang; messages: readonly FlowMessage[] }) {
  const general = props.messages.filter((m) => !m.field);
  return (
    <>
      {general.map((m) => (
        <div class={`msg ${m.type}`} role={m.type === 'error' ? 'alert' : 'status'} data-code={m.code}>
          {messageText(m.code, props.lang)}
        </div>
      ))}
    </>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface FieldProps {
  lang: Lang;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  required?: boolean;
  autocomplete?: string;
  inputMode?: 'numeric' | 'tel' | 'text';
  /** Id of a further element describing the field (e.g. the captcha's text question). */
  describedBy?: string;
  messages: readonly FlowMessage[];
}

/** A labelled input with its hint and its field messages, linked by aria-describedby. */
export function Field(p: FieldProps) {
  const errors = p.messages.filter((m) => m.field === p.name);
  const describedBy = [
    p.describedBy ?? '',
    p.hint ? `${p.name}-hint` : '',
    errors.length ? `${p.name}-err` : '',
  ]
    .filter(Boolean)
    .join(' ');
  // Preact types <input> per `type`; the attributes are built once for all the text-like types used here.
  const inputAttrs = {
    id: p.name,
    name: p.name,
    type: p.type ?? 'text',
    value: p.value ?? '',
    required: p.required !== false,
    autocomplete: p.autocomplete ?? 'off',
    inputMode: p.inputMode,
    'aria-invalid': errors.length ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div class="field">
      <label for={p.name}>
        {p.label}
        {p.required !== false && <span class="req"> (*)</span>}
      </label>
      <input {...(inputAttrs as Record<string, unknown>)} />
      {p.hint && (
        <div class="hint" id={`${p.name}-hint`}>
          {p.hint}
        </div>
      )}
      {errors.length > 0 && (
        <div class="ferr" id={`${p.name}-err`} role="alert" data-code={errors.map((e) => e.code).join(' ')}>
          {errors.map((e) => messageText(e.code, p.lang)).join(' ')}
        </div>
      )}
    </div>
  );
}

/**
 * The captcha with its answer field: the SVG picture, and for screen-reader and braille users the same
 * challenge as a question in words (either answer is accepted), linked to the field by aria-describedby.
 */
export function CaptchaField(props: {
  lang: Lang;
  svg: string | undefined;
  question?: { vi: string; en: string } | undefined;
  messages: readonly FlowMessage[];
}) {
  const question = props.question?.[props.lang];
  return (
    <>
      <div class="captcha" role="img" aria-label={t(props.lang, 'captchaImage')}>
        {/* The SVG is generated by the server (captcha.ts) from a fixed alphabet: no user input inside. It is
        hidden from assistive technology: the wrapper is the image with its name, the question below is the
        accessible alternative. */}
        <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: props.svg ?? '' }} />
      </div>
      {question && (
        <p class="hint" id="captcha-question">
          {t(props.lang, 'captchaQuestionLead')} <span data-field="captchaQuestion">{question}</span>
        </p>
      )}
      <Field
        lang={props.lang}
        name="captcha"
        label={t(props.lang, 'captcha')}
        hint={t(props.lang, question ? 'captchaHintWithQuestion' : 'captchaHint')}
        {...(question ? { describedBy: 'captcha-question' } : {})}
        messages={props.messages}
      />
    </>
  );
}

/** A label/value table (account details, data read from a certificate); values carry `data-field`. */
export function LabelledRows(props: { lang: Lang; rows: readonly (readonly [LabelKey, string])[] }) {
  return (
    <table>
      <tbody>
        {props.rows.map(([k, v]) => (
          <tr>
            <th scope="row">{t(props.lang, k)}</th>
            <td data-field={k}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
