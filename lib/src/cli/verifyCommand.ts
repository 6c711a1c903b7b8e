/** `kyso verify <cms-file> [--content <file>] [--trust <pem-file>]... [--intermediate <file>]... [--offline] [--json]` */
import { attributeValues } from '../cert/distinguishedName.js';
import { type CmsVerification, verifyCms } from '../cms/verifyCms.js';
import { type BinaryInput, bytesToBase64, toDerList } from '../encoding/binaryInput.js';
import { httpRevocationFetch } from '../net/revocationFetch.js';
import type { Lang } from '../protocol/errorCodes.js';
import { CliUsageError, EXIT } from './cliUsage.js';
import type { CliIo } from './main.js';
import { readInputFile } from './main.js';
import { renderTable } from './terminalTable.js';

export interface VerifyOptions {
  json: boolean;
  lang: Lang;
  content?: string;
  trust?: string[];
  intermediate?: string[];
  time?: string;
  offline?: boolean;
}

function asInput(bytes: Uint8Array): BinaryInput {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return /^\s*-----BEGIN/.test(text) ? text : bytes;
}

async function readCertificates(
  files: readonly string[],
  what: { vi: string; en: string },
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const f of files) {
    const bytes = await readInputFile(f, what);
    try {
      const ders = toDerList(asInput(bytes), 'CERTIFICATE');
      if (ders.length === 0) throw new Error('no CERTIFICATE block');
      out.push(...ders);
    } catch (e) {
      throw new CliUsageError(
        `"${f}" không chứa chứng thư số (PEM/DER): ${(e as Error).message}`,
        `"${f}" holds no certificate (PEM/DER): ${(e as Error).message}`,
      );
    }
  }
  return out;
}

/** The JSON report of `kyso verify --json`. */
export function verificationJson(v: CmsVerification) {
  return {
    valid: v.valid,
    signers: v.signers.map((s) => ({
      subject: s.subject,
      identifiers: s.identifiers.map((i) => ({ type: i.type, value: i.value, valid: i.valid })),
      subjectType: s.subjectType,
      issuer: s.description?.issuerString ?? null,
      signingTime: s.signingTime?.toISOString() ?? null,
      hashAlgorithm: s.hashAlgorithm ?? null,
      scheme: s.scheme ?? null,
      integrity: s.integrity,
      signatureValid: s.signatureValid,
      signingCertificateV2Match: s.signingCertificateV2Match,
      validationTime: s.validationTime.toISOString(),
      path: s.path
        ? {
            valid: s.path.valid,
            length: s.path.path.length,
            errors: s.path.errors.map((e) => ({ code: e.code, message: e.message, certIndex: e.certIndex })),
            warnings: s.path.warnings.map((e) => ({ code: e.code, message: e.message })),
          }
        : null,
      revocation: s.revocation,
      certificate: s.certificate ? bytesToBase64(s.certificate) : null,
      valid: s.valid,
    })),
    errors: v.errors.map((e) => ({ code: e.code, message: e.message, signer: e.signer, detail: e.detail })),
    warnings: v.warnings.map((e) => ({ code: e.code, message: e.message, signer: e.signer })),
  };
}

const T = {
  title: { vi: 'Kết quả kiểm tra chữ ký số', en: 'Signature verification report' },
  verdictOk: { vi: 'HỢP LỆ', en: 'VALID' },
  verdictBad: { vi: 'KHÔNG HỢP LỆ', en: 'NOT VALID' },
  signer: { vi: 'Người ký', en: 'Signer' },
  identifiers: { vi: 'Định danh', en: 'Identifiers' },
  organization: { vi: 'Tổ chức', en: 'Organization' },
  issuer: { vi: 'CA cấp chứng thư', en: 'Issuing CA' },
  certValidity: { vi: 'Hiệu lực chứng thư', en: 'Certificate validity' },
  signingTime: { vi: 'Thời điểm ký', en: 'Signing time' },
  integrity: { vi: 'Toàn vẹn dữ liệu', en: 'Data integrity' },
  signature: { vi: 'Chữ ký', en: 'Signature' },
  path: { vi: 'Chuỗi tin cậy', en: 'Trust path' },
  revocation: { vi: 'Trạng thái thu hồi', en: 'Revocation status' },
  yes: { vi: '✓ đúng', en: '✓ yes' },
  no: { vi: '✗ sai', en: '✗ no' },
  none: { vi: '(không có)', en: '(none)' },
  problems: { vi: 'Vấn đề', en: 'Problems' },
  warnings: { vi: 'Cảnh báo', en: 'Warnings' },
} as const;

const REVOCATION = {
  good: { vi: 'chưa bị thu hồi', en: 'not revoked' },
  revoked: { vi: 'ĐÃ BỊ THU HỒI', en: 'REVOKED' },
  unknown: {
    vi: 'KHÔNG XÁC ĐỊNH ĐƯỢC (không kiểm tra được OCSP/CRL)',
    en: 'UNKNOWN (OCSP/CRL could not be checked)',
  },
  notChecked: { vi: 'không kiểm tra', en: 'not checked' },
} as const;

/** The people-readable verification report (TT 15/2025 §4.3.11 fields), as `kyso verify` prints it. */
export function renderVerificationReport(v: CmsVerification, lang: Lang): string {
  const out: string[] = [`${T.title[lang]}: ${v.valid ? T.verdictOk[lang] : T.verdictBad[lang]}`];
  v.signers.forEach((s, i) => {
    const d = s.description;
    const yn = (b: boolean) => (b ? T.yes[lang] : T.no[lang]);
    const rows: [string, string][] = [
      [T.signer[lang], (d && attributeValues(d.subject, '2.5.4.3').join(', ')) || s.subject || T.none[lang]],
      [T.identifiers[lang], s.identifiers.map((x) => `${x.type}: ${x.value}`).join('\n') || T.none[lang]],
      [T.organization[lang], (d && attributeValues(d.subject, '2.5.4.10').join(', ')) || T.none[lang]],
      [
        T.issuer[lang],
        d
          ? `${attributeValues(d.issuer, '2.5.4.3').join(', ')}${d.issuerCa ? `\n${d.issuerCa.displayName[lang]}` : ''}`
          : T.none[lang],
      ],
      [T.certValidity[lang], d ? `${d.notBefore.toISOString()} → ${d.notAfter.toISOString()}` : T.none[lang]],
      [T.signingTime[lang], s.signingTime?.toISOString() ?? T.none[lang]],
      [T.integrity[lang], yn(s.integrity)],
      [T.signature[lang], yn(s.signatureValid)],
      [T.path[lang], s.path ? yn(s.path.valid) : T.none[lang]],
      [T.revocation[lang], REVOCATION[s.revocation][lang]],
    ];
    const problems = s.errors.map((e) => `✗ ${e.message[lang]} (${e.code})`);
    const warns = s.warnings.map((e) => `! ${e.message[lang]} (${e.code})`);
    if (problems.length) rows.push([T.problems[lang], problems.join('\n')]);
    if (warns.length) rows.push([T.warnings[lang], warns.join('\n')]);
    out.push(`#${i + 1}`, renderTable(null, rows));
  });
  const top = v.errors.filter((e) => e.signer === undefined).map((e) => `✗ ${e.message[lang]} (${e.code})`);
  if (top.length) out.push(top.join('\n'));
  return out.join('\n');
}

export async function verifyCommand(
  positionals: readonly string[],
  opts: VerifyOptions,
  io: CliIo,
): Promise<number> {
  if (positionals.length !== 1)
    throw new CliUsageError(
      'Cần đúng một tệp chữ ký CMS: kyso verify <tệp-cms> --trust <chứng-thư-gốc.pem>',
      'Give exactly one CMS file: kyso verify <cms-file> --trust <root.pem>',
    );
  if (!opts.trust?.length)
    throw new CliUsageError(
      'Cần ít nhất một chứng thư gốc tin cậy: --trust <tệp-pem>',
      'Give at least one trusted root certificate: --trust <pem-file>',
    );
  let time: Date | undefined;
  if (opts.time !== undefined) {
    time = new Date(opts.time);
    if (Number.isNaN(time.getTime()))
      throw new CliUsageError(`--time không hợp lệ: "${opts.time}"`, `invalid --time: "${opts.time}"`);
  }
  const cms = await readInputFile(positionals[0]!, { vi: 'tệp chữ ký', en: 'signature file' });
  const content = opts.content
    ? await readInputFile(opts.content, { vi: 'tệp nội dung', en: 'content file' })
    : undefined;
  const trustAnchors = await readCertificates(opts.trust, { vi: 'tệp chứng thư gốc', en: 'trust file' });
  const intermediates = await readCertificates(opts.intermediate ?? [], {
    vi: 'tệp chứng thư trung gian',
    en: 'intermediate file',
  });
  const result = await verifyCms(asInput(cms), {
    trustAnchors,
    intermediates,
    ...(content ? { content } : {}),
    ...(time ? { time } : {}),
    revocation: opts.offline ? { mode: 'off' } : { fetch: httpRevocationFetch() },
  });
  if (opts.json) io.stdout(`${JSON.stringify(verificationJson(result), null, 2)}\n`);
  else io.stdout(`${renderVerificationReport(result, opts.lang)}\n`);
  return result.valid ? EXIT.ok : EXIT.invalid;
}
