/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Pages of the dossier module, rendered inside the ministry layout by `host.sendPage`: procedure form,
 * signing choice, waiting page, my dossiers, dossier detail with the verification report and the trail, and
 * the officer pages. Every element a test or a person looks for carries a stable id or data-attribute.
 */
import type { ComponentChildren } from 'preact';
import { parseDeclaration } from './canonicalDeclaration.js';
import type { Lang } from './dossierHost.js';
import { FIELD_PROBLEMS, PAGE_MESSAGES, type PageMessageCode } from './dossierMessages.js';
import { type DossierStatus, OFFICER_TRANSITIONS, STATUS_LABELS } from './dossierStatus.js';
import type { DossierEventRow, DossierRow, SigningRow } from './dossierStore.js';
import type { FieldProblemCode, FormValues } from './fieldValidation.js';
import { type FieldSpec, type LocalText, PROCEDURES, type Procedure } from './procedures.js';
import type { DossierVerificationReport, ReportIssue } from './signatureVerification.js';

const t = (x: LocalText, lang: Lang) => x[lang];

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
  return <input {...common} type="text" value={value} maxLength={f.maxLength + 8} />;
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
        <input type="hidden" name="_csrf" value={props.csrf} />
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

export function SignPage(props: {
  lang: Lang;
  csrf: string;
  dossier: DossierRow;
  accountPhone: string | null;
  /** The account's CCCD/MST: the page preselects the token certificate that names it. */
  holderId: string;
  message?: { code: PageMessageCode; report?: DossierVerificationReport | null };
}) {
  const { lang, dossier, csrf } = props;
  const procedure = PROCEDURES[dossier.procedureCode];
  const declarationB64 = Buffer.from(dossier.declaration, 'utf8').toString('base64');
  return (
    <div id="ky-ho-so" data-dossier={dossier.id} data-reference={dossier.reference}>
      <div class="card">
        <p>
          {lang === 'vi' ? 'Mã hồ sơ' : 'Dossier reference'}:{' '}
          <strong id="ma-ho-so">{dossier.reference}</strong>
        </p>
        {props.message ? <Message code={props.message.code} lang={lang} type="error" /> : null}
        {props.message?.report ? (
          <IssueList lang={lang} issues={props.message.report.errors} kind="error" />
        ) : null}
        <DeclarationTable lang={lang} dossier={dossier} />
        <p>
          <small>
            SHA-256: <code id="declaration-sha256">{dossier.declarationSha256}</code>
          </small>
        </p>
      </div>
      <div class="card" id="ky-usb">
        <h2>{lang === 'vi' ? 'Ký bằng USB token (Kyso)' : 'Sign with a USB token (Kyso)'}</h2>
        <form
          method="post"
          action={`/ho-so/${dossier.id}/ky/usb`}
          id="kyso-dossier-form"
          data-lang={lang}
          data-declaration={declarationB64}
          data-holder={props.holderId}
          data-description={`${procedure.name.vi} — ${dossier.reference}`}
        >
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="cms" id="kyso-cms" value="" />
          <label for="kyso-certificate" hidden id="kyso-certificate-label">
            {lang === 'vi' ? 'Chứng thư số' : 'Certificate'}
          </label>
          <select id="kyso-certificate" hidden />
          <button class="primary" type="submit" id="kyso-sign">
            {lang === 'vi' ? 'Ký số và nộp hồ sơ' : 'Sign and submit'}
          </button>
          <p id="kyso-missing" class="msg error" hidden>
            {lang === 'vi'
              ? 'Chưa có tiện ích Kyso hoặc phần mềm kết nối token. Hãy cài Kyso rồi tải lại trang.'
              : 'Kyso (extension and host) is not installed. Install Kyso and reload the page.'}
          </p>
          <p id="kyso-error" class="msg error" role="alert" hidden />
        </form>
        <script type="module" src="/static/ho-so/ky-so.js" />
      </div>
      <div class="card" id="ky-sim">
        <h2>{lang === 'vi' ? 'Ký bằng SIM ký số' : 'Sign with a signing SIM'}</h2>
        <form method="post" action={`/ho-so/${dossier.id}/ky/sim`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="sim-phone">{lang === 'vi' ? 'Số điện thoại' : 'Phone number'}</label>
          <input id="sim-phone" name="phone" type="tel" value={props.accountPhone ?? ''} />
          <button class="primary" type="submit" id="sim-sign">
            {lang === 'vi' ? 'Gửi yêu cầu ký tới điện thoại' : 'Send the signing request to the phone'}
          </button>
        </form>
      </div>
      <div class="card" id="ky-tu-xa">
        <h2>{lang === 'vi' ? 'Ký bằng chữ ký số cá nhân (ký từ xa)' : 'Sign with a remote signature'}</h2>
        <form method="post" action={`/ho-so/${dossier.id}/ky/tu-xa`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button class="primary" type="submit" id="rs-sign">
            {lang === 'vi' ? 'Gửi yêu cầu ký tới ứng dụng' : 'Send the signing request to the app'}
          </button>
        </form>
      </div>
    </div>
  );
}

export function WaitingPage(props: {
  lang: Lang;
  dossier: DossierRow;
  signing: SigningRow;
  simulatorsUrl: string;
  /** The remote-signing provider's user id (the account's CCCD), for the link to the app page. */
  appUserId: string;
}) {
  const { lang, dossier, signing } = props;
  const step: PageMessageCode =
    signing.method === 'remote'
      ? 'RS_SIGNATURE_STEP'
      : signing.step === 'certificate'
        ? 'SIM_CERTIFICATE_STEP'
        : 'SIM_SIGNATURE_STEP';
  const where =
    signing.method === 'sim'
      ? `${props.simulatorsUrl}/phone/84${(signing.phone ?? '').slice(1)}`
      : `${props.simulatorsUrl}/rs/app/${encodeURIComponent(props.appUserId)}`;
  return (
    <div class="card" id="cho-ky" data-step={signing.step} data-method={signing.method}>
      <meta http-equiv="refresh" content="2" />
      <Message code={step} lang={lang} type="info" />
      <p>
        {lang === 'vi'
          ? 'Mã kiểm tra (phải trùng với mã trên điện thoại)'
          : 'Check code (must match your phone)'}
        : <strong id="ma-kiem-tra">{signing.verificationCode}</strong>
      </p>
      <p>
        {lang === 'vi'
          ? `Hồ sơ ${dossier.reference}. Trang này tự cập nhật sau mỗi 2 giây.`
          : `Dossier ${dossier.reference}. This page refreshes itself every 2 seconds.`}
      </p>
      <p>
        <a href={where} target="_blank" rel="noreferrer" id="mo-thiet-bi">
          {signing.method === 'sim'
            ? lang === 'vi'
              ? 'Mở điện thoại mô phỏng'
              : 'Open the simulated phone'
            : lang === 'vi'
              ? 'Mở ứng dụng ký số mô phỏng'
              : 'Open the simulated signing app'}
        </a>
      </p>
      <a href={`/ho-so/${dossier.id}/ky/cho`} id="kiem-tra-lai">
        {lang === 'vi' ? 'Kiểm tra ngay' : 'Check now'}
      </a>
    </div>
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

function IssueList(props: { lang: Lang; issues: readonly ReportIssue[]; kind: 'error' | 'warning' }) {
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

/** A row of the report: Vietnamese label (English added on English pages), value, pass/fail marker. */
function Row(props: {
  lang: Lang;
  check: string;
  label: LocalText;
  ok?: boolean;
  children: ComponentChildren;
}) {
  return (
    <tr data-check={props.check} {...(props.ok === undefined ? {} : { 'data-ok': String(props.ok) })}>
      <th>
        {props.label.vi}
        {props.lang === 'en' ? <em> ({props.label.en})</em> : null}
      </th>
      <td>{props.children}</td>
    </tr>
  );
}

const yesNo = (ok: boolean, yes: LocalText, no: LocalText, lang: Lang) => {
  const x = ok ? yes : no;
  return lang === 'vi' ? x.vi : `${x.vi} (${x.en})`;
};

/**
 * "Kết quả kiểm tra chữ ký số": the verification report of TT 15/2025 Điều 6 khoản 11 (domain notes §4.3.11),
 * in Vietnamese (English added on English pages).
 */
export function VerificationReport(props: { lang: Lang; report: DossierVerificationReport }) {
  const { lang, report: r } = props;
  const revocation: Record<DossierVerificationReport['revocation'], LocalText> = {
    good: { vi: 'Chưa bị thu hồi (đã kiểm tra OCSP/CRL)', en: 'Not revoked (OCSP/CRL checked)' },
    revoked: { vi: 'Đã bị thu hồi', en: 'Revoked' },
    unknown: { vi: 'Không xác định được', en: 'Unknown' },
    notChecked: { vi: 'Chưa kiểm tra', en: 'Not checked' },
  };
  return (
    <section class="card" id="bao-cao-xac-thuc" data-valid={String(r.valid)}>
      <h2>
        {lang === 'vi' ? 'Kết quả kiểm tra chữ ký số' : 'Kết quả kiểm tra chữ ký số (signature verification)'}
      </h2>
      <p class={`msg ${r.valid ? 'success' : 'error'}`} id="ket-luan" role={r.valid ? 'status' : 'alert'}>
        {yesNo(
          r.valid,
          { vi: 'Chữ ký số hợp lệ.', en: 'The signature is valid.' },
          { vi: 'Chữ ký số KHÔNG hợp lệ.', en: 'The signature is NOT valid.' },
          lang,
        )}
      </p>
      <table>
        <tbody>
          <Row
            lang={lang}
            check="issuer"
            label={{ vi: 'Tổ chức cung cấp dịch vụ chứng thực (CA)', en: 'Issuing CA' }}
          >
            {r.issuer?.name ?? '—'}
          </Row>
          <Row
            lang={lang}
            check="issuerOrganization"
            label={{ vi: 'Tổ chức quản lý chứng thư số', en: 'Organization managing the certificate' }}
          >
            {r.issuer?.organization ?? '—'}
          </Row>
          <Row
            lang={lang}
            check="signer"
            label={{ vi: 'Người ký', en: 'Signer' }}
            ok={r.signerIsAccountHolder}
          >
            {r.signer ? (
              <>
                {r.signer.name}
                {r.signer.identifiers.map((i) => ` — ${i.type}: ${i.value}`).join('')}
              </>
            ) : (
              '—'
            )}
          </Row>
          <Row
            lang={lang}
            check="organization"
            label={{ vi: 'Tổ chức của người ký', en: "Signer's organization" }}
          >
            {r.signer?.organization ?? (lang === 'vi' ? 'Không có (cá nhân)' : 'None (individual)')}
          </Row>
          <Row lang={lang} check="signingTime" label={{ vi: 'Thời điểm ký', en: 'Signing time' }}>
            {r.signingTime ? formatTime(r.signingTime, lang) : '—'}
          </Row>
          <Row
            lang={lang}
            check="integrity"
            label={{ vi: 'Tính toàn vẹn của thông điệp dữ liệu', en: 'Integrity of the signed data' }}
            ok={r.integrity && r.signatureValid}
          >
            {yesNo(
              r.integrity && r.signatureValid,
              { vi: 'Toàn vẹn, chưa bị thay đổi sau khi ký', en: 'Intact, unchanged since signing' },
              {
                vi: 'Đã bị thay đổi sau khi ký hoặc chữ ký sai',
                en: 'Changed after signing, or wrong signature',
              },
              lang,
            )}
          </Row>
          <Row
            lang={lang}
            check="validAtSigningTime"
            label={{
              vi: 'Hiệu lực của chữ ký tại thời điểm ký',
              en: 'Validity of the signature at signing time',
            }}
            ok={r.validAtSigningTime}
          >
            {yesNo(
              r.validAtSigningTime,
              { vi: 'Có hiệu lực', en: 'Valid' },
              { vi: 'Không có hiệu lực', en: 'Not valid' },
              lang,
            )}
          </Row>
          <Row
            lang={lang}
            check="validity"
            label={{ vi: 'Thời hạn hiệu lực của chứng thư số', en: 'Certificate validity period' }}
          >
            {r.certificate
              ? `${formatTime(r.certificate.notBefore, lang)} – ${formatTime(r.certificate.notAfter, lang)}`
              : '—'}
          </Row>
          <Row
            lang={lang}
            check="revocation"
            label={{ vi: 'Tình trạng thu hồi', en: 'Revocation status' }}
            ok={r.revocation === 'good'}
          >
            {lang === 'vi'
              ? revocation[r.revocation].vi
              : `${revocation[r.revocation].vi} (${revocation[r.revocation].en})`}
            {r.revokedAt ? ` — ${formatTime(r.revokedAt, lang)}` : ''}
          </Row>
          <Row lang={lang} check="validationTime" label={{ vi: 'Thời điểm kiểm tra', en: 'Checked at' }}>
            {formatTime(r.validationTime, lang)}
          </Row>
        </tbody>
      </table>
      {r.revocation === 'unknown' || r.revocation === 'notChecked' ? (
        <p class="msg warning" data-warning="revocation-unknown">
          {lang === 'vi'
            ? 'Cảnh báo: không kiểm tra được tình trạng thu hồi của chứng thư số (OCSP/CRL không phản hồi).'
            : 'Cảnh báo: không kiểm tra được tình trạng thu hồi — warning: the revocation status could not be checked.'}
        </p>
      ) : null}
      <IssueList lang={lang} issues={r.errors} kind="error" />
      <IssueList lang={lang} issues={r.warnings} kind="warning" />
    </section>
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
          <input type="hidden" name="_csrf" value={props.officer.csrf} />
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
