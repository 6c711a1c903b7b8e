/** What the VNeID / PostID pages say (Vietnamese first), with stable codes. */
import type { Lang } from '../i18n/messages.js';

export const FEDERATION_MESSAGES = {
  FEDERATION_CANCELLED: {
    vi: 'Bạn đã hủy đăng nhập tại hệ thống định danh. Chưa có thay đổi nào được thực hiện.',
    en: 'You cancelled the login at the identity provider. Nothing was changed.',
  },
  FEDERATION_FAILED: {
    vi: 'Kết nối tới hệ thống định danh thất bại. Vui lòng thử lại sau.',
    en: 'The connection to the identity provider failed. Please try again later.',
  },
  FEDERATION_UNAVAILABLE: {
    vi: 'Hệ thống đang bảo trì. Vui lòng thử lại sau.',
    en: 'The identity provider is under maintenance. Please try again later.',
  },
  FEDERATION_STATE_INVALID: {
    vi: 'Yêu cầu đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng thực hiện lại từ đầu.',
    en: 'The login request is invalid or has expired. Please start again.',
  },
  FEDERATION_NO_ACCOUNT: {
    vi: 'Chưa có tài khoản trên Cổng Dịch vụ công quốc gia gắn với số định danh cá nhân này. Vui lòng đăng ký tài khoản.',
    en: 'No account on the National Public Service Portal is tied to this personal identification number. Please register.',
  },
  VNEID_LEVEL_TOO_LOW: {
    vi: 'Tài khoản định danh điện tử của bạn chưa đạt mức độ 2. Vui lòng kích hoạt tài khoản định danh điện tử mức độ 2 tại cơ quan Công an để đăng nhập.',
    en: 'Your e-identity account is not level 2. Activate a level-2 VNeID account at the police to log in.',
  },
  POSTID_NOT_VERIFIED: {
    vi: 'Tài khoản PostID chưa được xác thực tại quầy giao dịch bưu điện. Vui lòng mang CMND/CCCD đến bưu cục gần nhất để xác thực.',
    en: 'The PostID account has not been verified at a post-office counter. Bring your ID card to a post office to verify it.',
  },
  POSTID_REGISTERED: {
    vi: 'Đăng ký tài khoản qua Bưu điện Việt Nam thành công. Bạn đã được đăng nhập.',
    en: 'Your account was registered through Vietnam Post. You are now logged in.',
  },
  ACCOUNT_EXISTS: {
    vi: 'Số CMND/CCCD đã được đăng ký tài khoản. Vui lòng đăng nhập, lấy lại mật khẩu bằng chức năng "Quên mật khẩu", hoặc gửi khiếu nại nếu bạn không sở hữu tài khoản này.',
    en: 'An account is already registered for this ID number. Log in, use "Forgot password", or file a complaint if the account is not yours.',
  },
  LEGACY_REGISTRATION_DISABLED: {
    vi: 'Theo Nghị định 69/2024/NĐ-CP, công dân đăng ký và đăng nhập bằng tài khoản định danh điện tử VNeID. Phương thức đăng ký này không còn được áp dụng.',
    en: 'Under Decree 69/2024, citizens register and log in with their VNeID e-identity account. This registration method is no longer offered.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type FederationMessageCode = keyof typeof FEDERATION_MESSAGES;

export function federationText(code: FederationMessageCode, lang: Lang): string {
  return FEDERATION_MESSAGES[code][lang];
}

export const PROVIDER_NAMES = {
  vneid: { vi: 'Tài khoản định danh điện tử VNeID', en: 'VNeID e-identity account' },
  postid: { vi: 'Bưu điện Việt Nam (PostID)', en: 'Vietnam Post (PostID)' },
} as const;
