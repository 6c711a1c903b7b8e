import type { Lang } from '../protocol/errorCodes.js';

/** Exit codes of the `kyso` CLI. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A usage or input error: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  readonly vi: string;
  constructor(vi: string, en: string) {
    super(en);
    this.vi = vi;
  }
  text(lang: Lang): string {
    return lang === 'vi' ? `${this.vi}\n(${this.message})` : this.message;
  }
}

export const USAGE: Record<Lang, string> = {
  vi: `kyso — thư viện chứng thư số Kyso

Cách dùng:
  kyso inspect <tệp-chứng-thư> [--json] [--lang en]
      Hiển thị chứng thư số (DER, PEM hoặc base64): chủ thể, CCCD/MST, CA cấp, hiệu lực…
  kyso verify <tệp-cms> [--content <tệp>] [--trust <tệp-pem>]... [--json] [--lang en]
      Kiểm tra chữ ký CMS/CAdES: toàn vẹn, chữ ký, chuỗi tin cậy, thu hồi, danh tính người ký.
  kyso --version | --help

Mã thoát: 0 hợp lệ, 1 không hợp lệ, 2 sai cách dùng hoặc không đọc được dữ liệu.`,
  en: `kyso — the Kyso certificate library

Usage:
  kyso inspect <certificate-file> [--json] [--lang en]
      Show a certificate (DER, PEM or base64): subject, CCCD/MST, issuing CA, validity…
  kyso verify <cms-file> [--content <file>] [--trust <pem-file>]... [--json] [--lang en]
      Check a CMS/CAdES signature: integrity, signature, trust path, revocation, signer identity.
  kyso --version | --help

Exit codes: 0 valid, 1 invalid, 2 bad usage or unreadable input.`,
};
