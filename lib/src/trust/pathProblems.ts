/**
 * Stable codes for everything that can be wrong with a certification path, each with a
 * Vietnamese and an English sentence. Codes never change; messages may be reworded.
 */

export const PATH_PROBLEM_CODES = [
  'NO_PATH',
  'SIGNATURE_INVALID',
  'SIGNATURE_ALGORITHM_UNSUPPORTED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NOT_A_CA',
  'PATH_LENGTH_EXCEEDED',
  'KEY_USAGE',
  'EXTENDED_KEY_USAGE',
  'NAME_CHAINING',
  'UNKNOWN_CRITICAL_EXTENSION',
  'NAME_CONSTRAINTS',
  'POLICY',
  'REVOKED',
  'REVOCATION_UNKNOWN',
  'MALFORMED_CERTIFICATE',
  'ANCHOR_EXPIRED',
] as const;

export type PathProblemCode = (typeof PATH_PROBLEM_CODES)[number];

export interface PathProblem {
  /** Stable machine code. */
  code: PathProblemCode;
  /** Vietnamese first, then English. */
  message: { vi: string; en: string };
  /** Position in `path` (0 = the leaf) when the problem concerns one certificate. */
  certIndex?: number;
}

const MESSAGES: Record<PathProblemCode, { vi: string; en: string }> = {
  NO_PATH: {
    vi: 'Không tìm được chuỗi chứng thư từ chứng thư này tới một chứng thư gốc tin cậy.',
    en: 'No certification path leads from this certificate to a trusted root.',
  },
  SIGNATURE_INVALID: {
    vi: 'Chữ ký trên chứng thư không đúng với khóa của đơn vị cấp.',
    en: "The signature on the certificate does not match the issuer's key.",
  },
  SIGNATURE_ALGORITHM_UNSUPPORTED: {
    vi: 'Thuật toán chữ ký của chứng thư không được hỗ trợ.',
    en: 'The signature algorithm of the certificate is not supported.',
  },
  EXPIRED: { vi: 'Chứng thư đã hết hạn.', en: 'The certificate has expired.' },
  NOT_YET_VALID: { vi: 'Chứng thư chưa đến thời điểm có hiệu lực.', en: 'The certificate is not valid yet.' },
  NOT_A_CA: {
    vi: 'Chứng thư dùng để cấp chứng thư khác nhưng không phải là chứng thư của CA.',
    en: 'A certificate used to issue others is not a CA certificate.',
  },
  PATH_LENGTH_EXCEEDED: {
    vi: 'Chuỗi chứng thư dài hơn giới hạn do CA cấp trên đặt ra.',
    en: 'The path is longer than a CA above it allows.',
  },
  KEY_USAGE: {
    vi: 'Mục đích sử dụng khóa (Key Usage) của chứng thư không cho phép việc này.',
    en: 'The key usage of the certificate does not allow this use.',
  },
  EXTENDED_KEY_USAGE: {
    vi: 'Mục đích sử dụng mở rộng (Extended Key Usage) của chứng thư không cho phép việc này.',
    en: 'The extended key usage of the certificate does not allow this use.',
  },
  NAME_CHAINING: {
    vi: 'Tên đơn vị cấp trong chứng thư không khớp với tên chứng thư cấp trên.',
    en: "The issuer name does not match the issuing certificate's subject.",
  },
  UNKNOWN_CRITICAL_EXTENSION: {
    vi: 'Chứng thư có phần mở rộng bắt buộc (critical) mà phần mềm không hiểu.',
    en: 'The certificate has a critical extension that is not understood.',
  },
  NAME_CONSTRAINTS: {
    vi: 'Tên trong chứng thư nằm ngoài phạm vi tên mà CA cấp trên được phép cấp.',
    en: 'A name in the certificate is outside what a CA above it may certify.',
  },
  POLICY: {
    vi: 'Chính sách chứng thư (certificate policy) của chuỗi không đáp ứng yêu cầu.',
    en: 'The certificate policies of the path do not meet the requirements.',
  },
  REVOKED: {
    vi: 'Chứng thư đã bị thu hồi hoặc tạm dừng.',
    en: 'The certificate has been revoked or suspended.',
  },
  REVOCATION_UNKNOWN: {
    vi: 'Không kiểm tra được trạng thái thu hồi của chứng thư (OCSP/CRL). Hãy thận trọng.',
    en: 'The revocation status of the certificate could not be checked (OCSP/CRL). Be careful.',
  },
  MALFORMED_CERTIFICATE: {
    vi: 'Chứng thư bị hỏng hoặc không đúng định dạng.',
    en: 'The certificate is damaged or badly formatted.',
  },
  ANCHOR_EXPIRED: {
    vi: 'Chứng thư gốc tin cậy đã hết hạn hoặc chưa có hiệu lực.',
    en: 'The trusted root certificate is expired or not valid yet.',
  },
};

/** Builds a problem with its two messages; `detail` (English, technical) is appended to both. */
export function pathProblem(code: PathProblemCode, certIndex?: number, detail?: string): PathProblem {
  const base = MESSAGES[code];
  const message = detail ? { vi: `${base.vi} (${detail})`, en: `${base.en} (${detail})` } : { ...base };
  return certIndex === undefined ? { code, message } : { code, message, certIndex };
}
