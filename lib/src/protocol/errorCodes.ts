/**
 * The one shared error vocabulary of Kyso. Every layer (page SDK, extension,
 * native host, server-side verifiers) uses these exact words.
 */
export const ERROR_CODES = [
  'EXTENSION_UNAVAILABLE',
  'HOST_UNAVAILABLE',
  'VERSION_MISMATCH',
  'INSECURE_ORIGIN',
  'ORIGIN_DENIED',
  'USER_CANCELLED',
  'TIMEOUT',
  'BUSY',
  'INVALID_REQUEST',
  'NO_TOKEN',
  'NO_CERTIFICATE',
  'CERTIFICATE_NOT_FOUND',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_INVALID',
  'TOKEN_REMOVED',
  'MECHANISM_UNSUPPORTED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'MODULE_LOAD_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

export type Lang = 'vi' | 'en';

export interface ErrorMessage {
  /** What happened, in words a citizen understands. */
  readonly message: string;
  /** What to do about it. */
  readonly action: string;
}

/** Vietnamese first, English second; each message says what to do. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, Readonly<Record<Lang, ErrorMessage>>>> = {
  EXTENSION_UNAVAILABLE: {
    vi: {
      message: 'Không tìm thấy tiện ích Kyso trong trình duyệt.',
      action: 'Hãy cài tiện ích Kyso cho Chrome hoặc Firefox, rồi tải lại trang.',
    },
    en: {
      message: 'The Kyso browser extension was not found.',
      action: 'Install the Kyso extension for Chrome or Firefox, then reload the page.',
    },
  },
  HOST_UNAVAILABLE: {
    vi: {
      message: 'Tiện ích Kyso không kết nối được với phần mềm Kyso trên máy tính.',
      action: 'Hãy cài phần mềm kyso-host (chạy "kyso-host install"), rồi khởi động lại trình duyệt.',
    },
    en: {
      message: 'The Kyso extension cannot reach the Kyso program on this computer.',
      action: 'Install kyso-host (run "kyso-host install"), then restart the browser.',
    },
  },
  VERSION_MISMATCH: {
    vi: {
      message: 'Phiên bản tiện ích Kyso và phần mềm kyso-host không tương thích.',
      action: 'Hãy cập nhật cả tiện ích Kyso và kyso-host lên bản mới nhất.',
    },
    en: {
      message: 'The Kyso extension and kyso-host versions do not match.',
      action: 'Update both the Kyso extension and kyso-host to the latest version.',
    },
  },
  INSECURE_ORIGIN: {
    vi: {
      message: 'Trang này không dùng kết nối bảo mật (https), nên không được phép dùng chữ ký số.',
      action: 'Hãy mở trang bằng địa chỉ bắt đầu bằng https://.',
    },
    en: {
      message: 'This page does not use a secure (https) connection, so it may not use digital signatures.',
      action: 'Open the page at an address that starts with https://.',
    },
  },
  ORIGIN_DENIED: {
    vi: {
      message: 'Bạn chưa cho phép trang này dùng chứng thư số của bạn.',
      action: 'Nếu tin tưởng trang này, hãy thử lại và chọn "Cho phép".',
    },
    en: {
      message: 'You have not allowed this site to use your certificates.',
      action: 'If you trust this site, try again and choose "Allow".',
    },
  },
  USER_CANCELLED: {
    vi: { message: 'Bạn đã hủy thao tác.', action: 'Thử lại khi bạn sẵn sàng.' },
    en: { message: 'You cancelled the operation.', action: 'Try again when you are ready.' },
  },
  TIMEOUT: {
    vi: {
      message: 'Thao tác đã quá thời gian chờ.',
      action: 'Hãy kiểm tra USB token đã cắm chắc chắn, rồi thử lại.',
    },
    en: {
      message: 'The operation took too long.',
      action: 'Check that the USB token is plugged in firmly, then try again.',
    },
  },
  BUSY: {
    vi: {
      message: 'Đang có một thao tác ký khác chờ bạn xác nhận.',
      action: 'Hãy hoàn tất hoặc hủy thao tác đang mở, rồi thử lại.',
    },
    en: {
      message: 'Another signing operation is waiting for you.',
      action: 'Finish or cancel the open operation, then try again.',
    },
  },
  INVALID_REQUEST: {
    vi: {
      message: 'Yêu cầu gửi tới Kyso không hợp lệ.',
      action: 'Đây là lỗi của trang web; hãy báo cho đơn vị quản lý trang.',
    },
    en: {
      message: 'The request sent to Kyso is not valid.',
      action: 'This is a fault of the website; please report it to the site operator.',
    },
  },
  NO_TOKEN: {
    vi: {
      message: 'Không tìm thấy USB token nào.',
      action: 'Hãy cắm USB token ký số vào máy tính và cài trình điều khiển (driver) của nhà cung cấp.',
    },
    en: {
      message: 'No USB token was found.',
      action: "Plug in your signing USB token and install its vendor's driver.",
    },
  },
  NO_CERTIFICATE: {
    vi: {
      message: 'USB token không chứa chứng thư số nào dùng được.',
      action: 'Hãy liên hệ nhà cung cấp chữ ký số (CA) của bạn.',
    },
    en: {
      message: 'The USB token holds no usable certificate.',
      action: 'Contact your certificate provider (CA).',
    },
  },
  CERTIFICATE_NOT_FOUND: {
    vi: {
      message: 'Không còn tìm thấy chứng thư số đã chọn.',
      action: 'Hãy kiểm tra USB token vẫn đang cắm, rồi chọn lại chứng thư số.',
    },
    en: {
      message: 'The chosen certificate can no longer be found.',
      action: 'Check that the USB token is still plugged in, then choose the certificate again.',
    },
  },
  PIN_INCORRECT: {
    vi: {
      message: 'Mã PIN không đúng.',
      action: 'Hãy nhập lại mã PIN. Nhập sai nhiều lần sẽ khóa USB token.',
    },
    en: {
      message: 'The PIN is incorrect.',
      action: 'Enter the PIN again. Too many wrong PINs will lock the USB token.',
    },
  },
  PIN_LOCKED: {
    vi: {
      message: 'USB token đã bị khóa do nhập sai mã PIN quá số lần cho phép.',
      action: 'Hãy liên hệ nhà cung cấp chữ ký số (CA) để mở khóa bằng mã PUK/SO PIN.',
    },
    en: {
      message: 'The USB token is locked after too many wrong PINs.',
      action: 'Contact your certificate provider (CA) to unlock it with the PUK/SO PIN.',
    },
  },
  PIN_INVALID: {
    vi: {
      message: 'Mã PIN có độ dài không hợp lệ.',
      action: 'Hãy nhập đúng mã PIN của USB token (thường từ 4 đến 16 ký tự).',
    },
    en: {
      message: 'The PIN has an invalid length.',
      action: "Enter the USB token's PIN (usually 4 to 16 characters).",
    },
  },
  TOKEN_REMOVED: {
    vi: {
      message: 'USB token đã bị rút ra trong khi đang thao tác.',
      action: 'Hãy cắm lại USB token và thử lại.',
    },
    en: {
      message: 'The USB token was removed during the operation.',
      action: 'Plug the USB token back in and try again.',
    },
  },
  MECHANISM_UNSUPPORTED: {
    vi: {
      message: 'USB token không hỗ trợ thuật toán ký được yêu cầu.',
      action: 'Hãy báo cho đơn vị quản lý trang; có thể cần chọn thuật toán khác.',
    },
    en: {
      message: 'The USB token does not support the requested signature algorithm.',
      action: 'Report this to the site operator; another algorithm may be needed.',
    },
  },
  CERTIFICATE_EXPIRED: {
    vi: {
      message: 'Chứng thư số đã hết hạn.',
      action: 'Hãy gia hạn chứng thư số với nhà cung cấp chữ ký số (CA) của bạn.',
    },
    en: {
      message: 'The certificate has expired.',
      action: 'Renew the certificate with your certificate provider (CA).',
    },
  },
  CERTIFICATE_NOT_YET_VALID: {
    vi: {
      message: 'Chứng thư số chưa đến thời điểm có hiệu lực.',
      action: 'Hãy kiểm tra ngày giờ của máy tính, hoặc chờ đến ngày chứng thư số có hiệu lực.',
    },
    en: {
      message: 'The certificate is not valid yet.',
      action: "Check your computer's date and time, or wait until the certificate becomes valid.",
    },
  },
  MODULE_LOAD_FAILED: {
    vi: {
      message: 'Không nạp được trình điều khiển PKCS#11 của USB token.',
      action: 'Hãy cài lại phần mềm của nhà cung cấp USB token, rồi chạy "kyso-host doctor".',
    },
    en: {
      message: "The USB token's PKCS#11 driver could not be loaded.",
      action: 'Reinstall the token vendor\'s software, then run "kyso-host doctor".',
    },
  },
  INTERNAL: {
    vi: {
      message: 'Đã xảy ra lỗi không mong muốn trong Kyso.',
      action: 'Hãy thử lại; nếu lỗi lặp lại, chạy "kyso-host doctor" và gửi kết quả cho bộ phận hỗ trợ.',
    },
    en: {
      message: 'An unexpected error happened in Kyso.',
      action: 'Try again; if it keeps happening, run "kyso-host doctor" and send the result to support.',
    },
  },
};

export function errorMessage(code: ErrorCode, lang: Lang = 'vi'): ErrorMessage {
  return ERROR_MESSAGES[code][lang];
}

/** A sentence in Vietnamese and English (Vietnamese first on every user-facing surface). */
export interface LocalizedText {
  vi: string;
  en: string;
}
