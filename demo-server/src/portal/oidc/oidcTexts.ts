/** Texts of the OpenID provider's pages (consent, step-up, errors): Vietnamese first, then English. */
import type { Lang } from '../i18n/messages.js';
import type { PortalClaim } from './citizenClaims.js';

type Text = { vi: string; en: string };

export const CLAIM_LABELS: Record<PortalClaim, Text> = {
  sub: { vi: 'Mã định danh tài khoản (không phải số CCCD)', en: 'Account identifier (not the CCCD number)' },
  LoaiTaiKhoan: { vi: 'Loại tài khoản (công dân, doanh nghiệp)', en: 'Account type (citizen, business)' },
  SoDinhDanh: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number (CCCD)' },
  SoCMND: { vi: 'Số CMND cũ (9 số)', en: 'Old identity card number (CMND, 9 digits)' },
  MaSoThue: { vi: 'Mã số thuế', en: 'Tax code' },
  TenDoanhNghiep: { vi: 'Tên doanh nghiệp', en: 'Business name' },
  HoVaTen: { vi: 'Họ và tên', en: 'Full name' },
  NgayThangNamSinh: { vi: 'Ngày tháng năm sinh', en: 'Date of birth' },
  GioiTinh: { vi: 'Giới tính', en: 'Sex' },
  ThuongTru: { vi: 'Nơi thường trú', en: 'Permanent address' },
  SoDienThoai: { vi: 'Số điện thoại', en: 'Phone number' },
  ThuDienTu: { vi: 'Thư điện tử', en: 'E-mail address' },
  MaBHXH: { vi: 'Mã số bảo hiểm xã hội', en: 'Social-insurance code' },
  loAs: { vi: 'Mức độ tin cậy của lần đăng nhập (LoA)', en: 'Level of assurance of the sign-in (LoA)' },
  TechID: { vi: 'Mã kỹ thuật của tài khoản', en: 'Technical account identifier' },
};

export const OIDC_TEXTS = {
  consentTitle: { vi: 'Xác nhận chia sẻ', en: 'Confirm sharing' },
  consentIntro: {
    vi: 'yêu cầu truy cập các thông tin sau của bạn trên Cổng Dịch vụ công Quốc gia:',
    en: 'asks for the following information of yours held by the National Public Service Portal:',
  },
  consentSignedInAs: { vi: 'Bạn đang đăng nhập với tên', en: 'You are signed in as' },
  consentAllow: { vi: 'Đồng ý', en: 'Allow' },
  consentDeny: { vi: 'Từ chối', en: 'Deny' },
  consentNote: {
    vi: 'Chỉ những thông tin mà Cổng có mới được chia sẻ. Bạn có thể rút lại sự đồng ý bằng cách đăng xuất.',
    en: 'Only information the portal holds is shared. You can withdraw consent by logging out.',
  },
  stepUpTitle: { vi: 'Cần đăng nhập ở mức cao hơn', en: 'A stronger sign-in is needed' },
  stepUpText: {
    vi: 'yêu cầu mức độ tin cậy LoA2: hãy đăng nhập lại bằng USB ký số, SIM ký số, chữ ký số cá nhân hoặc tài khoản định danh điện tử VNeID mức 2.',
    en: 'requires level of assurance LoA2: sign in again with a USB token, a signing SIM, a personal remote signature or a level-2 VNeID account.',
  },
  reloginTitle: { vi: 'Cần đăng nhập lại', en: 'Please sign in again' },
  reloginText: {
    vi: 'yêu cầu bạn xác thực lại trước khi tiếp tục.',
    en: 'asks you to authenticate again before going on.',
  },
  continueTo: { vi: 'Đăng nhập để tiếp tục vào', en: 'Sign in to continue to' },
  continueToOrigin: { vi: 'Địa chỉ dịch vụ', en: 'Service address' },
  continueCancel: { vi: 'Hủy, quay lại', en: 'Cancel and go back to' },
  stepUpButton: { vi: 'Đăng nhập lại', en: 'Sign in again' },
  stepUpCancel: { vi: 'Hủy, quay lại dịch vụ', en: 'Cancel and go back to the service' },
  interactionExpired: {
    vi: 'Yêu cầu đăng nhập từ dịch vụ đã hết hạn hoặc không hợp lệ. Vui lòng quay lại dịch vụ và thử lại.',
    en: 'The sign-in request from the service has expired or is invalid. Please go back to the service and try again.',
  },
  providerError: {
    vi: 'Yêu cầu đăng nhập một lần không hợp lệ.',
    en: 'The single sign-on request is invalid.',
  },
  deniedDescription: {
    vi: 'Người dùng từ chối chia sẻ thông tin',
    en: 'The user declined to share the information',
  },
  cancelledDescription: {
    vi: 'Người dùng hủy đăng nhập',
    en: 'The user cancelled the sign-in',
  },
  errorCode: { vi: 'Mã lỗi', en: 'Error code' },
  signedOutTitle: { vi: 'Đã đăng xuất', en: 'Signed out' },
  signedOutText: {
    vi: 'Bạn đã đăng xuất khỏi Cổng Dịch vụ công Quốc gia và các dịch vụ đã đăng nhập qua Cổng.',
    en: 'You have signed out of the National Public Service Portal and of the services you signed in to through it.',
  },
  logoutConfirmTitle: { vi: 'Đăng xuất', en: 'Sign out' },
  logoutConfirmText: {
    vi: 'Bạn có muốn đăng xuất khỏi Cổng Dịch vụ công Quốc gia và các dịch vụ liên kết?',
    en: 'Do you want to sign out of the National Public Service Portal and the connected services?',
  },
  logoutConfirmButton: { vi: 'Đăng xuất', en: 'Sign out' },
} as const satisfies Record<string, Text>;

export type OidcTextKey = keyof typeof OIDC_TEXTS;

export function oidcText(lang: Lang, key: OidcTextKey): string {
  return OIDC_TEXTS[key][lang];
}
