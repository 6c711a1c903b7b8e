/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The ministry portal's page frame: demo banner, green header "Cổng dịch vụ công Bộ Công an", navigation, language switch. */
import type { ComponentChildren } from 'preact';
import { CsrfField } from '../../portal/web/pageLayout.js';
import { type Lang, ministryText, type PageMessage } from './ministryMessages.js';

export interface MinistryPage {
  lang: Lang;
  csrfToken: string;
  /** Path of the current page (for the language switch). */
  path: string;
  signedIn: boolean;
  /** The dossier module is mounted (navigation to "Hồ sơ của tôi"). */
  dossiers: boolean;
}

export const tr = (lang: Lang, text: { vi: string; en: string }): string => text[lang];

export const PORTAL_NAME = {
  vi: 'Cổng dịch vụ công Bộ Công an',
  en: 'Ministry of Public Security Public Service Portal',
};

/**
 * `heading`: the layout puts the title in the page's `<h1>` (for pages whose body has no heading of its own,
 * such as the dossier module's pages).
 */
export function MinistryLayout(props: {
  page: MinistryPage;
  title: string;
  heading?: boolean;
  children: ComponentChildren;
}) {
  const { page } = props;
  const other: Lang = page.lang === 'vi' ? 'en' : 'vi';
  const sep = page.path.includes('?') ? '&' : '?';
  return (
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${tr(page.lang, PORTAL_NAME)}`}</title>
        <link rel="stylesheet" href="/static/ministry.css" />
      </head>
      <body>
        <a class="skip" href="#noi-dung">
          {tr(page.lang, { vi: 'Bỏ qua, đến nội dung', en: 'Skip to content' })}
        </a>
        <header class="top">
          <div class="demo">
            {tr(page.lang, {
              vi: 'Bản trình diễn Kyso — không phải cổng thật của Bộ Công an',
              en: 'Kyso demo — not the real Ministry portal',
            })}
          </div>
          <div class="in">
            <div class="badge" aria-hidden="true">
              ★
            </div>
            <div class="brand">
              <b>{tr(page.lang, PORTAL_NAME)}</b>
              <span>
                {tr(page.lang, { vi: 'Bộ Công an — Dịch vụ công trực tuyến', en: 'Online public services' })}
              </span>
            </div>
          </div>
        </header>
        <nav class="main" aria-label={tr(page.lang, { vi: 'Điều hướng chính', en: 'Main navigation' })}>
          <ul>
            <li>
              <a href="/">{tr(page.lang, { vi: 'Trang chủ', en: 'Home' })}</a>
            </li>
            {page.signedIn ? (
              <>
                {page.dossiers && (
                  <li>
                    <a href="/ho-so">{tr(page.lang, { vi: 'Hồ sơ của tôi', en: 'My dossiers' })}</a>
                  </li>
                )}
                <li>
                  <a href="/tai-khoan">{tr(page.lang, { vi: 'Tài khoản', en: 'Account' })}</a>
                </li>
                <li>
                  <form method="post" action="/dang-xuat">
                    <CsrfField token={page.csrfToken} />
                    <button type="submit">{tr(page.lang, { vi: 'Đăng xuất', en: 'Sign out' })}</button>
                  </form>
                </li>
              </>
            ) : (
              <li>
                <a href="/dang-nhap">{tr(page.lang, { vi: 'Đăng nhập', en: 'Sign in' })}</a>
              </li>
            )}
            <li class="right">
              <a href={`${page.path}${sep}lang=${other}`} lang={other} hreflang={other}>
                {other === 'en' ? 'English' : 'Tiếng Việt'}
              </a>
            </li>
          </ul>
        </nav>
        <main id="noi-dung">
          {props.heading ? <h1 class="page-title">{props.title}</h1> : null}
          {props.children}
        </main>
        <footer>Kyso — {tr(page.lang, PORTAL_NAME)}</footer>
      </body>
    </html>
  );
}

export function Messages(props: { lang: Lang; messages: readonly PageMessage[] }) {
  return (
    <>
      {props.messages.map((m) => (
        <div class={`msg ${m.type}`} role={m.type === 'error' ? 'alert' : 'status'} data-code={m.code}>
          {ministryText(m.code, props.lang)}
        </div>
      ))}
    </>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  value?: string;
  autocomplete?: string;
  inputMode?: 'numeric' | 'tel' | 'text';
  required?: boolean;
}) {
  const attrs = {
    id: props.name,
    name: props.name,
    type: props.type ?? 'text',
    value: props.value ?? '',
    autocomplete: props.autocomplete ?? 'off',
    inputMode: props.inputMode,
    required: props.required !== false,
  };
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input {...(attrs as Record<string, unknown>)} />
    </div>
  );
}
