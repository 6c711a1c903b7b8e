/**
 * User-facing messages of the ministry portal, each with a stable code (tests and API clients key on the
 * code, pages show the text). Vietnamese first, then English. Login-token refusals keep lib's codes and texts.
 */
import { AUTH_TOKEN_MESSAGES, type AuthTokenErrorCode } from '@kyso/lib';
import { MESSAGES } from '../../portal/i18n/messages.js';

export type Lang = 'vi' | 'en';

export const MINISTRY_MESSAGES = {
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'Invalid request.' },
  NOT_FOUND: { vi: 'Không tìm thấy trang.', en: 'Page not found.' },
  SERVER_BUSY: {
    vi: 'Hệ thống đang bận. Vui lòng thử lại sau ít giây.',
    en: 'The system is busy. Please try again in a few seconds.',
  },
  INTERNAL: {
    vi: 'Hệ thống đang gặp sự cố, vui lòng thử lại sau.',
    en: 'Something went wrong; please try again later.',
  },
  CSRF_INVALID: {
    vi: 'Phiên làm việc đã thay đổi hoặc biểu mẫu đã cũ. Vui lòng tải lại trang và thử lại.',
    en: 'Your session changed or the form is stale. Reload the page and try again.',
  },
  SIGN_IN_REQUIRED: {
    vi: 'Vui lòng đăng nhập để tiếp tục.',
    en: 'Please sign in to continue.',
  },
  NATIONAL_PORTAL_UNAVAILABLE: {
    vi: 'Không kết nối được Cổng dịch vụ công Quốc gia. Vui lòng thử lại sau.',
    en: 'The National Public Service Portal cannot be reached. Please try again later.',
  },
  SSO_REJECTED: {
    vi: 'Đăng nhập qua Cổng dịch vụ công Quốc gia không thành công (yêu cầu đã hết hạn, bị từ chối hoặc không hợp lệ). Vui lòng đăng nhập lại.',
    en: 'Signing in through the National Public Service Portal failed (the request expired, was refused or is invalid). Please sign in again.',
  },
  SSO_LEVEL_TOO_LOW: {
    vi: 'Mức độ xác thực của lần đăng nhập Cổng dịch vụ công Quốc gia thấp hơn mức được yêu cầu (mức 2: đăng nhập bằng chứng thư số, SIM ký số, VNeID mức 2…). Vui lòng đăng nhập lại bằng phương thức có mức độ cao hơn.',
    en: 'The National Public Service Portal sign-in is below the level asked for (level 2: a certificate, signing SIM, VNeID level 2…). Please sign in again with a stronger method.',
  },
  SSO_CLAIMS_INCOMPLETE: {
    vi: 'Cổng dịch vụ công Quốc gia không cung cấp số định danh (CCCD) hoặc mã số thuế của tài khoản; không thể liên kết.',
    en: 'The National Public Service Portal did not provide the account’s personal ID (CCCD) or tax code; it cannot be linked.',
  },
  IDENTITY_MISMATCH: {
    vi: 'Tài khoản Cổng dịch vụ công Quốc gia này mang số định danh khác với tài khoản Bộ Công an đã liên kết. Không thể dùng để đăng nhập tài khoản này.',
    en: 'This National Public Service Portal account carries a different ID number from the linked Ministry account. It cannot be used to sign in to that account.',
  },
  LINK_CONFIRM: {
    vi: 'Đã có tài khoản Cổng dịch vụ công Bộ Công an mang cùng số định danh. Để liên kết, hãy xác thực lại bằng tài khoản Bộ Công an (mật khẩu và mã OTP, hoặc USB ký số).',
    en: 'A Ministry portal account with the same ID number exists. To link it, authenticate again with that account (password and OTP, or your USB signing token).',
  },
  LINKED: {
    vi: 'Đã liên kết tài khoản Cổng dịch vụ công Quốc gia với tài khoản Bộ Công an.',
    en: 'The National Public Service Portal account is now linked to your Ministry account.',
  },
  UNLINK_CONFIRM: {
    vi: 'Hủy liên kết cần xác thực lại bằng tài khoản Bộ Công an (mật khẩu và mã OTP, hoặc USB ký số).',
    en: 'Unlinking requires authenticating again with your Ministry account (password and OTP, or your USB signing token).',
  },
  UNLINKED: {
    vi: 'Đã hủy liên kết với Cổng dịch vụ công Quốc gia.',
    en: 'The link with the National Public Service Portal was removed.',
  },
  NOT_LINKED: {
    vi: 'Tài khoản chưa liên kết với Cổng dịch vụ công Quốc gia.',
    en: 'The account is not linked to the National Public Service Portal.',
  },
  ACCOUNT_CREATED: {
    vi: 'Đã tạo tài khoản Cổng dịch vụ công Bộ Công an từ thông tin của Cổng dịch vụ công Quốc gia. Vui lòng hoàn thiện tài khoản.',
    en: 'A Ministry portal account was created from the National Public Service Portal’s data. Please complete it.',
  },
  PROFILE_SAVED: { vi: 'Đã lưu thông tin tài khoản.', en: 'The account details were saved.' },
  CREDENTIALS_WRONG: {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The user name or the password is wrong.',
  },
  PASSWORD_WRONG: { vi: 'Mật khẩu không đúng.', en: 'The password is wrong.' },
  ACCOUNT_LOCKED: {
    vi: 'Tài khoản tạm thời bị khóa do nhập sai nhiều lần. Vui lòng thử lại sau.',
    en: 'The account is temporarily locked after too many failed attempts. Please try again later.',
  },
  NO_PASSWORD: {
    vi: 'Tài khoản này chưa có mật khẩu; hãy xác thực bằng USB ký số.',
    en: 'This account has no password; authenticate with your USB signing token.',
  },
  PASSWORD_SET: {
    vi: 'Đã đặt mật khẩu. Từ nay bạn có thể xác thực bằng mật khẩu và mã OTP.',
    en: 'The password is set. You can now authenticate with the password and an OTP.',
  },
  PASSWORD_ALREADY_SET: {
    vi: 'Tài khoản này đã có mật khẩu. Bạn có thể xác thực lại bằng mật khẩu đó và mã OTP.',
    en: 'This account already has a password. You can authenticate again with it and an OTP.',
  },
  PASSWORD_MISMATCH: {
    vi: 'Mật khẩu nhập lại không khớp. Vui lòng nhập lại cả hai ô.',
    en: 'The two passwords do not match. Please type both again.',
  },
  // The portal's password rule (passwordPolicy.ts checkPassword) with the portal's texts for its refusals.
  PASSWORD_RULE: MESSAGES.PASSWORD_RULE,
  PASSWORD_TOO_LONG: MESSAGES.PASSWORD_TOO_LONG,
  PASSWORD_COMMON: MESSAGES.PASSWORD_COMMON,
  PASSWORD_CONTAINS_PERSONAL: MESSAGES.PASSWORD_CONTAINS_PERSONAL,
  PASSWORD_NEEDS_PHONE: {
    vi: 'Cổng dịch vụ công Quốc gia không cung cấp số điện thoại của bạn nên không gửi được mã OTP để đặt mật khẩu; hãy tiếp tục xác thực bằng USB ký số.',
    en: 'The National Public Service Portal gave no phone number of yours, so no OTP can be sent to set a password; keep authenticating with your USB token.',
  },
  NO_PHONE: {
    vi: 'Tài khoản chưa có số điện thoại để nhận mã OTP; hãy xác thực bằng USB ký số.',
    en: 'The account has no phone number for the OTP; authenticate with your USB signing token.',
  },
  OTP_SENT: {
    vi: 'Mã xác thực (OTP) đã được gửi tới số điện thoại của tài khoản; mã có hiệu lực trong 2 phút.',
    en: 'A one-time code (OTP) was sent to the account’s phone; it is valid for 2 minutes.',
  },
  OTP_FAILED: { vi: 'Mã OTP không đúng.', en: 'The OTP is wrong.' },
  OTP_EXPIRED: {
    vi: 'Mã OTP đã hết hạn. Vui lòng bắt đầu lại.',
    en: 'The OTP has expired. Please start again.',
  },
  OTP_TOO_MANY: {
    vi: 'Nhập sai mã OTP quá số lần cho phép. Vui lòng bắt đầu lại.',
    en: 'Too many wrong OTP entries. Please start again.',
  },
  OTP_RESEND_COOLDOWN: {
    vi: 'Vui lòng chờ trước khi yêu cầu gửi lại mã OTP.',
    en: 'Please wait before asking for another OTP.',
  },
  OTP_SEND_LIMIT: {
    vi: 'Đã gửi quá nhiều mã OTP tới số điện thoại này. Vui lòng thử lại sau.',
    en: 'Too many OTPs were sent to this phone. Please try again later.',
  },
  SMS_UNAVAILABLE: {
    vi: 'Không gửi được tin nhắn SMS. Vui lòng thử lại sau.',
    en: 'The SMS could not be sent. Please try again later.',
  },
  FLOW_EXPIRED: {
    vi: 'Phiên xác thực đã hết hạn hoặc không còn hiệu lực. Vui lòng bắt đầu lại.',
    en: 'The authentication step expired or is no longer valid. Please start again.',
  },
  USB_TOKEN_MISSING: {
    vi: 'Chưa nhận được chữ ký của USB ký số. Hãy cắm USB ký số và bấm "Xác thực bằng USB ký số".',
    en: 'No signature from the USB token was received. Plug in the token and press "Authenticate with the USB token".',
  },
  USB_WRONG_PERSON: {
    vi: 'Chứng thư số của USB ký số không mang số định danh của tài khoản này.',
    en: 'The USB token’s certificate does not carry this account’s ID number.',
  },
  USB_NO_ACCOUNT: {
    vi: 'Không có tài khoản Bộ Công an mang số định danh của chứng thư số này.',
    en: 'No Ministry account carries this certificate’s ID number.',
  },
  USB_NOT_OFFERED: {
    vi: 'Cổng chưa được cấu hình để xác thực bằng USB ký số.',
    en: 'This portal is not set up for USB-token authentication.',
  },
  EMAIL_INVALID: { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Invalid e-mail address.' },
  PHONE_INVALID: {
    vi: 'Số điện thoại di động không hợp lệ (dạng 0xxxxxxxxx).',
    en: 'Invalid mobile number (format 0xxxxxxxxx).',
  },
  SIGNED_OUT: { vi: 'Bạn đã đăng xuất.', en: 'You have signed out.' },
  SESSION_REVOKED: { vi: 'Đã đăng xuất phiên làm việc.', en: 'The session was signed out.' },
  TOO_MANY_REQUESTS: {
    vi: 'Có quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau ít phút.',
    en: 'Too many requests from your address. Please try again in a few minutes.',
  },
} as const;

export type MinistryMessageCode = keyof typeof MINISTRY_MESSAGES | AuthTokenErrorCode;

export function ministryText(code: MinistryMessageCode, lang: Lang): string {
  return Object.hasOwn(MINISTRY_MESSAGES, code)
    ? MINISTRY_MESSAGES[code as keyof typeof MINISTRY_MESSAGES][lang]
    : AUTH_TOKEN_MESSAGES[code as AuthTokenErrorCode][lang];
}

export interface PageMessage {
  code: MinistryMessageCode;
  type: 'error' | 'info' | 'success';
}
