/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * "Kết quả kiểm tra chữ ký số": the verification report of TT 15/2025 Điều 6 khoản 11 (domain notes §4.3.11),
 * in Vietnamese (English added on English pages). Each row carries `data-check` and, when it is a pass/fail
 * check, `data-ok`.
 */
import type { ComponentChildren } from 'preact';
import type { Lang } from './dossierHost.js';
import { formatTime, IssueList } from './pageParts.js';
import type { LocalText } from './procedures.js';
import type { DossierVerificationReport } from './signatureVerification.js';

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
      <th scope="row">
        {/* The report's wording is Vietnamese on every page; marked so that screen readers read it as such. */}
        <span lang="vi">{props.label.vi}</span>
        {props.lang === 'en' ? <em> ({props.label.en})</em> : null}
      </th>
      <td>{props.children}</td>
    </tr>
  );
}

/** The report's Vietnamese wording, marked as Vietnamese, with the English beside it on English pages. */
const Worded = (props: { text: LocalText; lang: Lang }) =>
  props.lang === 'vi' ? (
    props.text.vi
  ) : (
    <>
      <span lang="vi">{props.text.vi}</span> ({props.text.en})
    </>
  );

const yesNo = (ok: boolean, yes: LocalText, no: LocalText, lang: Lang) => (
  <Worded text={ok ? yes : no} lang={lang} />
);

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
        <Worded text={{ vi: 'Kết quả kiểm tra chữ ký số', en: 'signature verification' }} lang={lang} />
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
            <Worded text={revocation[r.revocation]} lang={lang} />
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
