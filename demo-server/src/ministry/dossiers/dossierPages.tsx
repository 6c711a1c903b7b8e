/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Pages of the dossier module, rendered inside the ministry layout by `host.sendPage`: procedure list and
 * form, messages, my dossiers, dossier detail with the trail and the officer's status form. The signing pages
 * are in signingPages.tsx, the verification report in verificationReportView.tsx. Every element a test or a
 * person looks for carries a stable id or data-attribute.
 */

import { CsrfField } from '../../portal/web/pageLayout.js';
import { parseDeclaration } from './canonicalDeclaration.js';
import type { Lang } from './dossierHost.js';
import { FIELD_PROBLEMS, type PageMessageCode } from './dossierMessages.js';
import { type DossierStatus, OFFICER_TRANSITIONS, STATUS_LABELS } from './dossierStatus.js';
import type { DossierEventRow, DossierRow } from './dossierStore.js';
import type { FieldProblemCode, FormValues } from './fieldValidation.js';
import { formatTime, Message, t } from './pageParts.js';
import { type FieldSpec, type LocalText, PROCEDURES, type Procedure } from './procedures.js';
import type { DossierVerificationReport } from './signatureVerification.js';
import { VerificationReport } from './verificationReportView.js';

export function MessagePage(props: {
  lang: Lang;
  code: PageMessageCode;
  type: 'error' | 'info';
  link?: { href: string; label: LocalText };
}) {
  return (
    <div class="card">
      <Message code={props.code} lang={props.lang} type={props.type} />
      {props.link ? <a href={props.link.href}>{t(props.link.label, props.lang)}</a> : null}
    </div>
  );
}

export function NotLinkedPage(props: { lang: Lang; procedure: Procedure }) {
  const { lang } = props;
  return (
    <div class="card" id="ho-so-chua-lien-ket">
      <h2>{t(props.procedure.name, lang)}</h2>
      <Message code="NOT_LINKED" lang={lang} type="error" />
      <a href="/tai-khoan" id="lien-ket-tai-khoan">
        {lang === 'vi' ? 'Liên kết tài khoản' : 'Link your account'}
      </a>
    </div>
  );
}

export function ProcedureListPage(props: { lang: Lang }) {
  const { lang } = props;
  return (
    <div class="card">
      <ul id="danh-sach-thu-tuc">
        {Object.values(PROCEDURES).map((p) => (
          <li key={p.code}>
            <a href={`/thu-tuc/${p.code}`}>{t(p.name, lang)}</a> — {t(p.agency, lang)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldInput(props: { field: FieldSpec; value: string; lang: Lang; problem?: FieldProblemCode }) {
  const { field: f, value, lang, problem } = props;
  const common = problem
    ? { id: `f-${f.name}`, name: f.name, 'aria-invalid': true, 'aria-describedby': `err-${f.name}` }
    : { id: `f-${f.name}`, name: f.name };
  if (f.kind === 'choice' || f.kind === 'gender')
    return (
      <select {...common}>
        <option value="">{lang === 'vi' ? '— Chọn —' : '— Choose —'}</option>
        {(f.options ?? []).map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {t(o.label, lang)}
          </option>
        ))}
      </select>
    );
  if (f.kind === 'longText')
    return (
      <textarea {...common} rows={4} maxLength={f.maxLength}>
        {value}
      </textarea>
    );
  // Plain text inputs for every kind: the server validates, so the browser never blocks a typed value.
  return <input {...common} {...inputHints(f)} type="text" value={value} maxLength={f.maxLength + 8} />;
}

/** The citizen's own data, as browsers and password managers name it (WCAG 1.3.5 identify input purpose). */
const OWN_DATA_AUTOCOMPLETE: Partial<Record<NonNullable<FieldSpec['prefillClaim']>, string>> = {
  HoVaTen: 'name',
  NgayThangNamSinh: 'bday',
  SoDienThoai: 'tel',
  ThuDienTu: 'email',
  ThuongTru: 'street-address',
};

/** The on-screen keyboard a field needs, and its purpose when it is the citizen's own data. */
function inputHints(f: FieldSpec): { inputMode?: string; autocomplete?: string } {
  const inputMode =
    f.kind === 'cccd' ? 'numeric' : f.kind === 'phone' ? 'tel' : f.kind === 'email' ? 'email' : undefined;
  const autocomplete = f.prefillClaim ? OWN_DATA_AUTOCOMPLETE[f.prefillClaim] : undefined;
  return {
    ...(inputMode ? { inputMode } : {}),
    ...(autocomplete ? { autocomplete } : {}),
  };
}

export function ProcedureFormPage(props: {
  lang: Lang;
  csrf: string;
  procedure: Procedure;
  values: FormValues;
  prefilled: ReadonlySet<string>;
  errors?: Readonly<Record<string, FieldProblemCode>>;
}) {
  const { lang, procedure: p, values, errors } = props;
  return (
    <div class="card" id="to-khai" data-procedure={p.code}>
      <p>
        {t(p.formName, lang)} — {t(p.agency, lang)}.{' '}
        {lang === 'vi'
          ? `Thời hạn giải quyết: ${p.processingDays} ngày làm việc.`
          : `Processing time: ${p.processingDays} working days.`}
      </p>
      {errors ? <Message code="FORM_HAS_ERRORS" lang={lang} type="error" /> : null}
      <form method="post" action={`/thu-tuc/${p.code}`} id="to-khai-form" novalidate>
        <CsrfField token={props.csrf} />
        {p.fields.map((f) => {
          const problem = errors?.[f.name];
          return (
            <div class="field" key={f.name} data-field={f.name}>
              <label for={`f-${f.name}`}>
                {t(f.label, lang)}
                {f.requirement.kind === 'always' ? ' *' : ''}
                {props.prefilled.has(f.name) ? (
                  <small class="prefilled" data-prefilled="true">
                    {lang === 'vi' ? ' (từ Cổng DVCQG)' : ' (from the national portal)'}
                  </small>
                ) : null}
              </label>
              <FieldInput
                field={f}
                value={values[f.name] ?? ''}
                lang={lang}
                {...(problem ? { problem } : {})}
              />
              {f.hint ? <small>{t(f.hint, lang)}</small> : null}
              {problem ? (
                <p class="field-error" id={`err-${f.name}`} data-error-for={f.name} data-code={problem}>
                  {FIELD_PROBLEMS[problem][lang]}
                </p>
              ) : null}
            </div>
          );
        })}
        <button class="primary" type="submit" id="to-khai-tiep-tuc">
          {lang === 'vi' ? 'Tiếp tục: ký số tờ khai' : 'Continue: sign the declaration'}
        </button>
      </form>
    </div>
  );
}

/** The declaration as signed: each answered field with its label. */
export function DeclarationTable(props: { lang: Lang; dossier: DossierRow }) {
  const { lang, dossier } = props;
  const decl = parseDeclaration(dossier.declaration);
  const procedure = PROCEDURES[dossier.procedureCode];
  if (!decl)
    return (
      <p class="msg error" data-declaration="unreadable">
        {lang === 'vi' ? 'Không đọc được nội dung tờ khai đã lưu.' : 'The stored declaration cannot be read.'}
      </p>
    );
  return (
    <table class="declaration" id="noi-dung-to-khai">
      <tbody>
        {procedure.fields
          .filter((f) => decl.fields[f.name] !== undefined)
          .map((f) => {
            const v = decl.fields[f.name] ?? '';
            const shown = f.options?.find((o) => o.value === v)?.label[lang] ?? v;
            return (
              <tr key={f.name} data-field={f.name}>
                <th>{t(f.label, lang)}</th>
                <td>{shown}</td>
              </tr>
            );
          })}
      </tbody>
    </table>
  );
}

export function StatusBadge(props: { status: DossierStatus; lang: Lang }) {
  return (
    <span class={`status status-${props.status}`} data-status={props.status}>
      {STATUS_LABELS[props.status][props.lang]}
    </span>
  );
}

export function DossierListPage(props: { lang: Lang; dossiers: readonly DossierRow[]; officer?: boolean }) {
  const { lang } = props;
  if (props.dossiers.length === 0)
    return (
      <div class="card" id="danh-sach-ho-so" data-count="0">
        <p>{lang === 'vi' ? 'Chưa có hồ sơ nào.' : 'No dossiers yet.'}</p>
        {props.officer ? null : <ProcedureListPage lang={lang} />}
      </div>
    );
  const base = props.officer ? '/can-bo/ho-so' : '/ho-so';
  return (
    <div class="card">
      <table id="danh-sach-ho-so" data-count={props.dossiers.length}>
        <thead>
          <tr>
            <th>{lang === 'vi' ? 'Mã hồ sơ' : 'Reference'}</th>
            <th>{lang === 'vi' ? 'Thủ tục' : 'Procedure'}</th>
            <th>{lang === 'vi' ? 'Ngày tạo' : 'Created'}</th>
            <th>{lang === 'vi' ? 'Trạng thái' : 'Status'}</th>
          </tr>
        </thead>
        <tbody>
          {props.dossiers.map((d) => (
            <tr key={d.id} data-dossier={d.id}>
              <td>
                <a href={d.status === 'draft' && !props.officer ? `/ho-so/${d.id}/ky` : `${base}/${d.id}`}>
                  {d.reference}
                </a>
              </td>
              <td>{t(PROCEDURES[d.procedureCode].name, lang)}</td>
              <td>{formatTime(d.createdAt, lang)}</td>
              <td>
                <StatusBadge status={d.status} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EVENT_LABELS: Readonly<Record<DossierEventRow['kind'], LocalText>> = {
  created: { vi: 'Tạo tờ khai', en: 'Declaration created' },
  submitted: { vi: 'Ký số và nộp hồ sơ', en: 'Signed and submitted' },
  signatureRefused: { vi: 'Chữ ký số bị từ chối', en: 'Signature refused' },
  statusChanged: { vi: 'Chuyển trạng thái', en: 'Status changed' },
};

const METHOD_LABELS: Readonly<Record<string, LocalText>> = {
  usb: { vi: 'USB ký số (Kyso)', en: 'USB token (Kyso)' },
  sim: { vi: 'SIM ký số', en: 'Signing SIM' },
  remote: { vi: 'Chữ ký số cá nhân (ký từ xa)', en: 'Remote signature' },
};

function eventNote(e: DossierEventRow, lang: Lang): string {
  const method = e.kind === 'submitted' && e.note ? METHOD_LABELS[e.note] : undefined;
  return method ? t(method, lang) : (e.note ?? '');
}

export function EventTrail(props: { lang: Lang; events: readonly DossierEventRow[] }) {
  const { lang } = props;
  return (
    <section class="card">
      <h2>{lang === 'vi' ? 'Quá trình xử lý' : 'History'}</h2>
      <table id="qua-trinh-xu-ly">
        <tbody>
          {props.events.map((e) => (
            <tr key={e.id} data-event={e.kind} data-to={e.toStatus ?? ''}>
              <td>{formatTime(e.at, lang)}</td>
              <td>
                {t(EVENT_LABELS[e.kind], lang)}
                {e.toStatus && e.kind === 'statusChanged' ? `: ${STATUS_LABELS[e.toStatus][lang]}` : ''}
              </td>
              <td>{e.actorName ?? (lang === 'vi' ? 'Hệ thống' : 'System')}</td>
              <td>{eventNote(e, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DossierDetailPage(props: {
  lang: Lang;
  dossier: DossierRow;
  report: DossierVerificationReport | null;
  events: readonly DossierEventRow[];
  officer?: { csrf: string };
  message?: { code: PageMessageCode; type: 'error' | 'success' };
}) {
  const { lang, dossier: d } = props;
  const procedure = PROCEDURES[d.procedureCode];
  const moves = OFFICER_TRANSITIONS[d.status];
  return (
    <div id="ho-so" data-dossier={d.id} data-status={d.status}>
      {props.message ? <Message code={props.message.code} lang={lang} type={props.message.type} /> : null}
      <div class="card">
        <p>
          {lang === 'vi' ? 'Mã hồ sơ' : 'Reference'}: <strong id="ma-ho-so">{d.reference}</strong> —{' '}
          {t(procedure.name, lang)}
        </p>
        <p>
          {lang === 'vi' ? 'Trạng thái' : 'Status'}: <StatusBadge status={d.status} lang={lang} />
        </p>
        {d.submittedAt ? (
          <p>
            {lang === 'vi' ? 'Thời điểm tiếp nhận' : 'Received at'}: {formatTime(d.submittedAt, lang)}
          </p>
        ) : null}
        <DeclarationTable lang={lang} dossier={d} />
      </div>
      {props.report ? <VerificationReport lang={lang} report={props.report} /> : null}
      <EventTrail lang={lang} events={props.events} />
      {props.officer && moves.length > 0 ? (
        <form method="post" action={`/can-bo/ho-so/${d.id}/trang-thai`} class="card" id="chuyen-trang-thai">
          <CsrfField token={props.officer.csrf} />
          <input type="hidden" name="from" value={d.status} />
          <label for="status">{lang === 'vi' ? 'Chuyển sang' : 'Move to'}</label>
          <select id="status" name="status">
            {moves.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s][lang]}
              </option>
            ))}
          </select>
          <label for="note">{lang === 'vi' ? 'Ghi chú cho công dân' : 'Note to the citizen'}</label>
          <textarea id="note" name="note" rows={3} maxLength={500} />
          <button class="primary" type="submit" id="cap-nhat-trang-thai">
            {lang === 'vi' ? 'Cập nhật' : 'Update'}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function statusMessage(code: PageMessageCode): { code: PageMessageCode; type: 'error' | 'success' } {
  return { code, type: code === 'STATUS_CHANGED' || code === 'SIGNATURE_ACCEPTED' ? 'success' : 'error' };
}
