/**
 * Stable codes for every reason a login token is refused, Vietnamese first then English.
 * Codes never change; messages may be reworded.
 */

import type { LocalizedText } from '../protocol/errorCodes.js';

export const AUTH_TOKEN_ERROR_CODES = [
  'AUTH_TOKEN_MALFORMED',
  'AUTH_TOKEN_FORMAT',
  'AUTH_TOKEN_ALGORITHM',
  'AUTH_TOKEN_SIGNATURE',
  'AUTH_TOKEN_ORIGIN',
  'AUTH_TOKEN_NONCE',
  'CERTIFICATE_MALFORMED',
  'CERTIFICATE_KEY_USAGE',
  'CERTIFICATE_PURPOSE',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_UNTRUSTED',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_REVOCATION_UNKNOWN',
] as const;

export type AuthTokenErrorCode = (typeof AUTH_TOKEN_ERROR_CODES)[number];

export type { LocalizedText };

export interface AuthTokenIssue {
  code: AuthTokenErrorCode;
  message: LocalizedText;
  /** Technical detail for logs (never secrets). */
  detail?: string;
}

export const AUTH_TOKEN_MESSAGES: Readonly<Record<AuthTokenErrorCode, LocalizedText>> = {
  AUTH_TOKEN_MALFORMED: {
    vi: 'Mã đăng nhập gửi lên không đúng định dạng.',
    en: 'The login token is not well formed.',
  },
  AUTH_TOKEN_FORMAT: {
    vi: 'Phiên bản mã đăng nhập không được hỗ trợ.',
    en: 'The login token format version is not supported.',
  },
  AUTH_TOKEN_ALGORITHM: {
    vi: 'Thuật toán ký của mã đăng nhập không được chấp nhận.',
    en: 'The signature algorithm of the login token is not accepted.',
  },
  AUTH_TOKEN_SIGNATURE: {
    vi: 'Chữ ký của mã đăng nhập không hợp lệ (sai khóa, sai trang hoặc mã thử thách đã thay đổi).',
    en: 'The login token signature is invalid (wrong key, wrong site or a changed challenge).',
  },
  AUTH_TOKEN_ORIGIN: {
    vi: 'Địa chỉ trang (origin) dùng để kiểm tra đăng nhập không hợp lệ; chỉ chấp nhận https://tên-miền[:cổng].',
    en: 'The site origin used to check the login is invalid; only https://host[:port] is accepted.',
  },
  AUTH_TOKEN_NONCE: {
    vi: 'Mã thử thách (nonce) đăng nhập không hợp lệ hoặc đã hết hạn; hãy tải lại trang và đăng nhập lại.',
    en: 'The login challenge (nonce) is invalid or expired; reload the page and log in again.',
  },
  CERTIFICATE_MALFORMED: {
    vi: 'Chứng thư số trong mã đăng nhập không đọc được.',
    en: 'The certificate in the login token cannot be read.',
  },
  CERTIFICATE_KEY_USAGE: {
    vi: 'Chứng thư số không được phép dùng để ký xác thực (thiếu digitalSignature).',
    en: 'The certificate may not be used for authentication signatures (no digitalSignature).',
  },
  CERTIFICATE_PURPOSE: {
    vi: 'Chứng thư số không dành cho việc đăng nhập (thiếu mục đích xác thực máy khách).',
    en: 'The certificate is not meant for logging in (no client authentication purpose).',
  },
  CERTIFICATE_EXPIRED: {
    vi: 'Chứng thư số đã hết hạn; hãy gia hạn với nhà cung cấp chữ ký số (CA).',
    en: 'The certificate has expired; renew it with your certificate provider (CA).',
  },
  CERTIFICATE_NOT_YET_VALID: {
    vi: 'Chứng thư số chưa đến thời điểm có hiệu lực; hãy kiểm tra ngày giờ của máy tính.',
    en: "The certificate is not valid yet; check your computer's date and time.",
  },
  CERTIFICATE_UNTRUSTED: {
    vi: 'Chứng thư số không do một tổ chức chứng thực được tin cậy cấp.',
    en: 'The certificate was not issued by a trusted certification authority.',
  },
  CERTIFICATE_REVOKED: {
    vi: 'Chứng thư số đã bị thu hồi; hãy liên hệ nhà cung cấp chữ ký số (CA).',
    en: 'The certificate has been revoked; contact your certificate provider (CA).',
  },
  CERTIFICATE_REVOCATION_UNKNOWN: {
    vi: 'Không xác định được trạng thái thu hồi của chứng thư số; hãy thử lại sau.',
    en: 'The revocation status of the certificate could not be determined; try again later.',
  },
};

export function authTokenIssue(code: AuthTokenErrorCode, detail?: string): AuthTokenIssue {
  return detail === undefined
    ? { code, message: AUTH_TOKEN_MESSAGES[code] }
    : { code, message: AUTH_TOKEN_MESSAGES[code], detail };
}

/** Thrown by verifyAuthToken: `code` is the first problem, `issues` all problems found. */
export class AuthTokenError extends Error {
  readonly code: AuthTokenErrorCode;
  readonly issues: AuthTokenIssue[];

  constructor(issues: AuthTokenIssue[]) {
    const first = issues[0] ?? authTokenIssue('AUTH_TOKEN_MALFORMED');
    super(first.detail ? `${first.message.en} (${first.detail})` : first.message.en);
    this.name = 'AuthTokenError';
    this.code = first.code;
    this.issues = issues.length > 0 ? issues : [first];
  }

  /** The citizen-facing text. */
  userMessage(lang: 'vi' | 'en' = 'vi'): string {
    return AUTH_TOKEN_MESSAGES[this.code][lang];
  }
}

export function isAuthTokenError(e: unknown): e is AuthTokenError {
  return e instanceof AuthTokenError;
}
