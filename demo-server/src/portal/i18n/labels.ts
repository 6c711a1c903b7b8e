/** Interface labels of the portal pages, Vietnamese and English. */
import type { Lang } from './messages.js';

export const LABELS = {
  portalName: { vi: 'Cổng Dịch vụ công Quốc gia', en: 'National Public Service Portal' },
  portalTagline: {
    vi: 'Kết nối, cung cấp thông tin và dịch vụ công mọi lúc, mọi nơi',
    en: 'Public information and services, anytime, anywhere',
  },
  demoBanner: {
    vi: 'Bản trình diễn Kyso — không phải cổng thật. Mọi dữ liệu là giả lập.',
    en: 'Kyso demo — not the real portal. All data is simulated.',
  },
  home: { vi: 'Trang chủ', en: 'Home' },
  register: { vi: 'Đăng ký', en: 'Register' },
  login: { vi: 'Đăng nhập', en: 'Log in' },
  logout: { vi: 'Đăng xuất', en: 'Log out' },
  account: { vi: 'Tài khoản', en: 'Account' },
  switchLanguage: { vi: 'English', en: 'Tiếng Việt' },
  skipToContent: { vi: 'Bỏ qua đến nội dung chính', en: 'Skip to main content' },
  chooseMethodTitle: { vi: 'Chọn phương thức đăng ký', en: 'Choose a registration method' },
  subject: { vi: 'Đối tượng', en: 'Subject' },
  congDan: { vi: 'Công dân', en: 'Citizen' },
  doanhNghiep: { vi: 'Doanh nghiệp', en: 'Business' },
  coQuanNhaNuoc: { vi: 'Cơ quan nhà nước', en: 'Government agency' },
  thueBaoDiDong: { vi: 'Thuê bao di động', en: 'Mobile subscriber' },
  baoHiemXaHoi: { vi: 'Bảo hiểm xã hội', en: 'Social insurance (BHXH)' },
  thueBaoDiDongHint: {
    vi: 'Chỉ dành cho công dân. Điều kiện: cần có sim điện thoại chính chủ gắn với CCCD 12 số.',
    en: 'Citizens only. Requires a SIM registered in your name with your 12-digit CCCD.',
  },
  baoHiemXaHoiHint: {
    vi: 'Dành cho công dân. Điều kiện: công dân phải có thông tin trong Cơ sở dữ liệu BHXH.',
    en: 'Citizens only. Requires a record in the social-insurance database.',
  },
  noMethodsForSubject: {
    vi: 'Bản trình diễn này chưa có phương thức đăng ký cho đối tượng này.',
    en: 'This demo has no registration method for this subject yet.',
  },
  registerTitle: { vi: 'Đăng ký tài khoản', en: 'Register an account' },
  requiredNote: { vi: 'Các trường có dấu (*) là bắt buộc.', en: 'Fields marked (*) are required.' },
  idNumber: { vi: 'Số CMND/CCCD', en: 'ID number (CMND/CCCD)' },
  idNumberCccd: { vi: 'Số CCCD', en: 'CCCD number' },
  fullName: { vi: 'Họ tên', en: 'Full name' },
  fullNameHint: {
    vi: 'Viết tiếng Việt có dấu, như trên giấy tờ tùy thân.',
    en: 'In Vietnamese with diacritics, as on your ID.',
  },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  dateOfBirthHint: { vi: 'Dạng dd/mm/yyyy, ví dụ 05/09/1990.', en: 'Format dd/mm/yyyy, e.g. 05/09/1990.' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  bhxhCode: { vi: 'Mã số BHXH', en: 'Social-insurance code' },
  bhxhCodeHint: {
    vi: '10 số cuối của mã thẻ BHYT.',
    en: 'The last 10 digits of the health-insurance card number.',
  },
  captcha: { vi: 'Mã xác thực', en: 'Verification code' },
  captchaHint: {
    vi: 'Nhập các ký tự trong hình (không phân biệt chữ hoa, chữ thường).',
    en: 'Type the characters in the picture (not case sensitive).',
  },
  captchaImage: { vi: 'Hình mã xác thực', en: 'Verification code picture' },
  submitRegister: { vi: 'Đăng ký', en: 'Register' },
  otpTitle: { vi: 'Nhập mã xác thực được gửi vào số điện thoại', en: 'Enter the code sent to your phone' },
  otp: { vi: 'Mã OTP (6 chữ số)', en: 'OTP (6 digits)' },
  otpSentTo: { vi: 'Đã gửi tới số', en: 'Sent to' },
  otpExpiresAt: { vi: 'Mã hết hạn lúc', en: 'The code expires at' },
  confirm: { vi: 'Xác nhận', en: 'Confirm' },
  resendOtp: { vi: 'Gửi lại OTP', en: 'Resend OTP' },
  passwordTitle: { vi: 'Đặt mật khẩu', en: 'Set a password' },
  password: { vi: 'Nhập mật khẩu', en: 'Password' },
  passwordConfirm: { vi: 'Xác nhận mật khẩu', en: 'Confirm password' },
  passwordHint: {
    vi: 'Mật khẩu gồm: Chữ cái viết hoa, viết thường, số và ký tự đặc biệt (@,#,!,…), tối thiểu 8 ký tự. Không dùng số CMND/CCCD hay số điện thoại của bạn.',
    en: 'Use upper and lower case letters, digits and special characters (@,#,!,…), at least 8 characters. Do not use your ID or phone number.',
  },
  completeTitle: { vi: 'Đăng ký thành công', en: 'Registration complete' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  usernameHint: {
    vi: 'Số CMND/CCCD (công dân) hoặc mã số thuế (doanh nghiệp).',
    en: 'Your ID number (citizens) or tax code (businesses).',
  },
  goToLogin: { vi: 'Đi tới Đăng nhập', en: 'Go to log in' },
  startAgain: { vi: 'Bắt đầu lại', en: 'Start again' },
  loginTitle: { vi: 'Đăng nhập', en: 'Log in' },
  loginAccountKind: {
    vi: 'Tài khoản cấp bởi Cổng dịch vụ công quốc gia',
    en: 'Account issued by the National Public Service Portal',
  },
  passwordLogin: { vi: 'Mật khẩu', en: 'Password' },
  accountTitle: { vi: 'Thông tin tài khoản', en: 'Account details' },
  verificationLevel: { vi: 'Mức xác minh', en: 'Verification level' },
  registrationMethod: { vi: 'Phương thức đăng ký', en: 'Registration method' },
  createdAt: { vi: 'Ngày đăng ký', en: 'Registered on' },
  sessionsTitle: { vi: 'Phiên đăng nhập đang hoạt động', en: 'Active sessions' },
  thisSession: { vi: 'Phiên này', en: 'This session' },
  lastSeen: { vi: 'Hoạt động gần nhất', en: 'Last active' },
  signOutSession: { vi: 'Đăng xuất phiên', en: 'Sign out session' },
  auditTitle: { vi: 'Nhật ký hoạt động', en: 'Activity log' },
  time: { vi: 'Thời gian', en: 'Time' },
  event: { vi: 'Sự kiện', en: 'Event' },
  ipAddress: { vi: 'Địa chỉ IP', en: 'IP address' },
  device: { vi: 'Thiết bị', en: 'Device' },
  startTitle: { vi: 'Bản trình diễn Cổng Dịch vụ công Quốc gia', en: 'National Public Service Portal demo' },
  demoCitizens: { vi: 'Công dân mẫu', en: 'Demo citizens' },
  magicValues: {
    vi: 'Giá trị đặc biệt của các hệ thống giả lập',
    en: 'Magic values of the simulated systems',
  },
  smsOutbox: { vi: 'Hộp thư SMS giả lập', en: 'Simulated SMS outbox' },
  links: { vi: 'Liên kết', en: 'Links' },
  back: { vi: 'Quay lại', en: 'Back' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type LabelKey = keyof typeof LABELS;

export function t(lang: Lang, key: LabelKey): string {
  return LABELS[key][lang];
}
