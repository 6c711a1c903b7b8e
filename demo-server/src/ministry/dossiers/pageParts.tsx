/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** Small pieces every dossier page uses: localised text, time in Vietnam, a message, a list of issues. */
import type { Lang } from './dossierHost.js';
import { PAGE_MESSAGES, type PageMessageCode } from './dossierMessages.js';
import type { LocalText } from './procedures.js';
import type { ReportIssue } from './signatureVerification.js';

export const t = (x: LocalText, lang: Lang) => x[lang];

export function formatTime(iso: string | number, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

export function Message(props: { code: PageMessageCode; lang: Lang; type: 'error' | 'info' | 'success' }) {
  return (
    <div
      class={`msg ${props.type}`}
      role={props.type === 'error' ? 'alert' : 'status'}
      data-code={props.code}
    >
      {PAGE_MESSAGES[props.code][props.lang]}
    </div>
  );
}

export function IssueList(props: { lang: Lang; issues: readonly ReportIssue[]; kind: 'error' | 'warning' }) {
  if (props.issues.length === 0) return null;
  return (
    <ul class={`issues ${props.kind}`} data-issues={props.kind}>
      {props.issues.map((i) => (
        <li key={i.code} data-code={i.code}>
          {i.message.vi}
          {props.lang === 'en' ? <em> — {i.message.en}</em> : null}
        </li>
      ))}
    </ul>
  );
}
