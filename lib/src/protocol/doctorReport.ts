/**
 * The host's installation check (`kyso-host doctor --json`, host method `doctor`):
 * the report's wire shape and, for each problem, what it is and what to do, in
 * Vietnamese and English.
 */
import type { Lang } from './errorCodes.js';
import type { ModuleStatus, TokenInfo } from './hostMessages.js';

export const DOCTOR_PROBLEM_CODES = [
  'nodeTooOld',
  'configInvalid',
  'moduleFailed',
  'noModule',
  'noToken',
  'pinLocked',
  'noCertificate',
  'certificateExpired',
  'certificateNotYetValid',
  'noManifest',
  'manifestBroken',
] as const;
export type DoctorProblemCode = (typeof DOCTOR_PROBLEM_CODES)[number];

export interface DoctorProblem {
  code: DoctorProblemCode;
  /** What it is about (a module path, a token label, a browser…). */
  subject?: string;
  detail?: string;
}

export interface DoctorCertificate {
  subjectName: string;
  identifiers: { type: string; value: string; valid: boolean }[];
  organization?: string;
  issuerName: string;
  issuerFamily?: string;
  notBefore: string;
  notAfter: string;
  validity: 'valid' | 'expired' | 'notYetValid';
  serialNumber: string;
  token: string;
  keyType: string;
  keySize?: number;
  curve?: string;
}

export interface DoctorManifest {
  browser: string;
  scope: 'user' | 'system';
  path: string;
  registryKey?: string;
  found: boolean;
  problems: string[];
}

export interface DoctorResult {
  host: { version: string; node: string; nodeOk: boolean; platform: string; arch: string };
  configPath: string;
  modules: (ModuleStatus & { source: string; vendor?: string })[];
  tokens: TokenInfo[];
  certificates: DoctorCertificate[];
  manifests: DoctorManifest[];
  problems: DoctorProblem[];
}

export interface DoctorAdvice {
  what: string;
  fix: string;
}

const ADVICE: Readonly<Record<DoctorProblemCode, Readonly<Record<Lang, DoctorAdvice>>>> = {
  nodeTooOld: {
    vi: {
      what: 'Phiên bản Node.js quá cũ.',
      fix: 'Cài Node.js 20.19 trở lên rồi chạy lại "kyso-host install".',
    },
    en: {
      what: 'Node.js is too old.',
      fix: 'Install Node.js 20.19 or newer, then run "kyso-host install" again.',
    },
  },
  configInvalid: {
    vi: {
      what: 'Tệp cấu hình của Kyso bị lỗi.',
      fix: 'Sửa tệp (JSON: { "modules": ["đường dẫn tới tệp PKCS#11"] }) hoặc xóa nó.',
    },
    en: {
      what: 'The Kyso config file is invalid.',
      fix: 'Fix it (JSON: { "modules": ["path to a PKCS#11 file"] }) or delete it.',
    },
  },
  moduleFailed: {
    vi: {
      what: 'Không nạp được trình điều khiển PKCS#11 này.',
      fix: 'Cài lại phần mềm USB token của nhà cung cấp, hoặc bỏ đường dẫn sai khỏi cấu hình.',
    },
    en: {
      what: 'This PKCS#11 driver could not be loaded.',
      fix: "Reinstall the token vendor's software, or remove the wrong path from the config.",
    },
  },
  noModule: {
    vi: {
      what: 'Không có trình điều khiển USB token nào được nạp.',
      fix: 'Cài phần mềm (driver) của nhà cung cấp chữ ký số, hoặc thêm đường dẫn tệp PKCS#11 vào tệp cấu hình.',
    },
    en: {
      what: 'No USB token driver is loaded.',
      fix: "Install your certificate provider's token driver, or add the PKCS#11 file path to the config file.",
    },
  },
  noToken: {
    vi: {
      what: 'Không thấy USB token nào.',
      fix: 'Cắm USB token vào máy (thử cổng USB khác), rồi chạy lại "kyso-host doctor".',
    },
    en: {
      what: 'No USB token found.',
      fix: 'Plug in the USB token (try another USB port), then run "kyso-host doctor" again.',
    },
  },
  pinLocked: {
    vi: { what: 'Mã PIN của USB token đã bị khóa.', fix: 'Liên hệ nhà cung cấp chữ ký số (CA) để mở khóa.' },
    en: { what: "The token's PIN is locked.", fix: 'Contact your certificate provider (CA) to unlock it.' },
  },
  noCertificate: {
    vi: {
      what: 'USB token không có chứng thư số kèm khóa bí mật.',
      fix: 'Liên hệ nhà cung cấp chữ ký số (CA).',
    },
    en: {
      what: 'The token has no certificate with a private key.',
      fix: 'Contact your certificate provider (CA).',
    },
  },
  certificateExpired: {
    vi: { what: 'Chứng thư số đã hết hạn.', fix: 'Gia hạn chứng thư số với nhà cung cấp (CA).' },
    en: { what: 'The certificate has expired.', fix: 'Renew it with your certificate provider (CA).' },
  },
  certificateNotYetValid: {
    vi: { what: 'Chứng thư số chưa có hiệu lực.', fix: 'Kiểm tra ngày giờ của máy tính.' },
    en: { what: 'The certificate is not valid yet.', fix: "Check the computer's date and time." },
  },
  noManifest: {
    vi: {
      what: 'Chưa trình duyệt nào được đăng ký với kyso-host.',
      fix: 'Chạy "kyso-host install" rồi khởi động lại trình duyệt.',
    },
    en: {
      what: 'No browser is registered with kyso-host.',
      fix: 'Run "kyso-host install", then restart the browser.',
    },
  },
  manifestBroken: {
    vi: {
      what: 'Đăng ký kyso-host trong trình duyệt bị sai.',
      fix: 'Chạy lại "kyso-host install" rồi khởi động lại trình duyệt.',
    },
    en: {
      what: 'The kyso-host registration for a browser is wrong.',
      fix: 'Run "kyso-host install" again, then restart the browser.',
    },
  },
};

export function isDoctorProblemCode(value: unknown): value is DoctorProblemCode {
  return typeof value === 'string' && (DOCTOR_PROBLEM_CODES as readonly string[]).includes(value);
}

/** What a doctor problem is and what to do about it, in `lang`. */
export function doctorAdvice(code: DoctorProblemCode, lang: Lang): DoctorAdvice {
  return ADVICE[code][lang];
}
