/**
 * User-facing messages of the portal, each with a stable code (API clients key on the code, pages
 * show the text). Vietnamese first, then English. Wording follows the seed guide and the domain
 * reference §1.7 and §6 where they give one.
 */
import { AUTH_TOKEN_MESSAGES, type AuthTokenErrorCode } from '@kyso/lib';

export type Lang = 'vi' | 'en';

export const MESSAGES = {
  FIELD_REQUIRED: { vi: 'Vui lòng nhập trường bắt buộc (*).', en: 'Please fill in this required field (*).' },
  ID_NUMBER_INVALID: {
    vi: 'Số CMND/CCCD không hợp lệ: CCCD gồm 12 chữ số, CMND gồm 9 hoặc 12 chữ số.',
    en: 'Invalid ID number: a CCCD has 12 digits, a CMND 9 or 12 digits.',
  },
  FULL_NAME_INVALID: {
    vi: 'Họ tên phải được viết bằng tiếng Việt có dấu, như trên giấy tờ tùy thân.',
    en: 'Write the full name in Vietnamese with diacritics, as on the ID document.',
  },
  DATE_OF_BIRTH_INVALID: {
    vi: 'Ngày sinh phải có dạng dd/mm/yyyy (có dấu gạch chéo).',
    en: 'The date of birth must be written dd/mm/yyyy (with slashes).',
  },
  PHONE_INVALID: {
    vi: 'Số điện thoại di động không hợp lệ (dạng 0xxxxxxxxx).',
    en: 'Invalid mobile number (format 0xxxxxxxxx).',
  },
  BHXH_CODE_INVALID: {
    vi: 'Mã số BHXH gồm 10 chữ số (10 số cuối của mã thẻ BHYT).',
    en: 'The social-insurance code has 10 digits (the last 10 of the health-insurance card number).',
  },
  CAPTCHA_WRONG: {
    vi: 'Mã xác thực không đúng. Vui lòng nhập lại mã mới.',
    en: 'The verification code is wrong. Please enter the new code.',
  },
  ACCOUNT_EXISTS: {
    vi: 'Số CMND/CCCD đã được đăng ký tài khoản. Vui lòng lấy lại mật khẩu bằng chức năng "Quên mật khẩu", đến quầy giao dịch để được hỗ trợ, hoặc gửi khiếu nại nếu bạn không sở hữu tài khoản này.',
    en: 'An account is already registered for this ID number. Use "Forgot password", visit a service counter, or file a complaint if the account is not yours.',
  },
  CARRIER_MISMATCH: {
    vi: 'Thông tin đăng ký không khớp với thông tin thuê bao tại nhà mạng, vui lòng kiểm tra/đăng ký lại với nhà mạng',
    en: "The registration details do not match the subscriber's details at the carrier; please check or re-register with the carrier.",
  },
  CARRIER_CMND_SIM: {
    vi: 'Trường hợp sim chưa chính chủ hoặc sim chính chủ gắn với CMND 9 số, công dân ra các điểm giao dịch của nhà mạng đang sử dụng để thực hiện điều chỉnh thông tin chính chủ.',
    en: "If the SIM is not registered in your name, or is registered with a 9-digit CMND, visit one of your carrier's service points to update the subscriber information.",
  },
  POPULATION_MISMATCH: {
    vi: 'Thông tin công dân kê khai không khớp với Cơ sở dữ liệu quốc gia về dân cư. Vui lòng kiểm tra lại.',
    en: 'The details you entered do not match the national population database. Please check them.',
  },
  BHXH_MISMATCH: {
    vi: 'Thông tin công dân kê khai không trùng khớp với thông tin trong CSDL BHXH, không đăng ký được tài khoản.',
    en: 'The details you entered do not match the social-insurance database; the account cannot be registered.',
  },
  REGISTRY_UNAVAILABLE: {
    vi: 'Hệ thống đang bảo trì. Vui lòng thử lại sau',
    en: 'The system is under maintenance. Please try again later',
  },
  REGISTRY_TIMEOUT: {
    vi: 'Kết nối tới hệ thống thất bại. Vui lòng thử lại sau.',
    en: 'Connection to the system failed. Please try again later.',
  },
  OTP_SENT: {
    vi: 'Mã xác thực (OTP) gồm 6 chữ số đã được gửi tới số điện thoại của bạn. Mã có hiệu lực trong 2 phút.',
    en: 'A 6-digit verification code (OTP) was sent to your phone. It is valid for 2 minutes.',
  },
  OTP_FAILED: {
    vi: 'Xác nhận mã OTP thất bại do các nguyên nhân sau:\n- Mã OTP vừa nhập không chính xác.\n- Mã OTP quá thời gian chờ (2 phút kể từ khi nhận được tin nhắn).\n- Thông tin bạn nhập ở cửa sổ trước không khớp với thông tin đăng kí với nhà mạng.',
    en: 'OTP confirmation failed for one of these reasons:\n- The OTP you entered is wrong.\n- The OTP timed out (2 minutes after the message arrived).\n- The details you entered before do not match those registered with the carrier.',
  },
  OTP_EXPIRED: {
    vi: 'Mã OTP không chính xác hoặc đã hết hạn (2 phút). Vui lòng bấm "Gửi lại OTP".',
    en: 'The OTP is wrong or has expired (2 minutes). Please press "Resend OTP".',
  },
  OTP_TOO_MANY: {
    vi: 'Bạn đã nhập sai mã OTP quá số lần cho phép. Vui lòng bấm "Gửi lại OTP" để nhận mã mới.',
    en: 'Too many wrong OTP entries. Press "Resend OTP" to get a new code.',
  },
  OTP_RESEND_COOLDOWN: {
    vi: 'Vui lòng chờ ít giây trước khi gửi lại OTP.',
    en: 'Please wait a few seconds before resending the OTP.',
  },
  OTP_SEND_LIMIT: {
    vi: 'Số điện thoại này đã nhận quá nhiều mã OTP. Vui lòng thử lại sau.',
    en: 'This phone number has received too many codes. Please try again later.',
  },
  SMS_UNAVAILABLE: {
    vi: 'Không gửi được tin nhắn OTP. Vui lòng thử lại sau.',
    en: 'The OTP message could not be sent. Please try again later.',
  },
  PASSWORD_RULE: {
    vi: 'Sử dụng 8 ký tự trở lên bao gồm chữ thường, chữ in hoa, số và ký tự đặc biệt.',
    en: 'Use 8 or more characters including lower case, upper case, a digit and a special character.',
  },
  PASSWORD_TOO_LONG: {
    vi: 'Mật khẩu dài tối đa 128 ký tự. Vui lòng chọn mật khẩu ngắn hơn.',
    en: 'The password may have at most 128 characters. Please choose a shorter one.',
  },
  PASSWORD_COMMON: {
    vi: 'Mật khẩu này quá phổ biến và dễ bị đoán. Vui lòng chọn mật khẩu khác.',
    en: 'This password is too common and easy to guess. Please choose another.',
  },
  PASSWORD_CONTAINS_PERSONAL: {
    vi: 'Mật khẩu không được chứa số CMND/CCCD hoặc số điện thoại của bạn. Vui lòng chọn mật khẩu khác.',
    en: 'The password must not contain your ID number or phone number. Please choose another.',
  },
  PASSWORD_CONFIRM_MISMATCH: {
    vi: 'Mật khẩu xác nhận không khớp. Vui lòng nhập lại cùng một mật khẩu ở cả hai ô.',
    en: 'The confirmation does not match the password. Please type the same password in both fields.',
  },
  FLOW_NOT_FOUND: {
    vi: 'Phiên đăng ký không tồn tại. Vui lòng bắt đầu lại.',
    en: 'This registration session does not exist. Please start again.',
  },
  FLOW_EXPIRED: {
    vi: 'Phiên làm việc đã hết hạn. Vui lòng bắt đầu lại.',
    en: 'The session has expired. Please start again.',
  },
  FLOW_WRONG_STATE: {
    vi: 'Bước này không còn hợp lệ. Vui lòng tải lại trang.',
    en: 'This step is no longer valid. Please reload the page.',
  },
  FLOW_CONFLICT: {
    vi: 'Yêu cầu đang được xử lý ở một cửa sổ khác. Vui lòng thử lại.',
    en: 'The request is being processed elsewhere. Please try again.',
  },
  METHOD_NOT_AVAILABLE: {
    vi: 'Phương thức đăng ký này không áp dụng cho đối tượng đã chọn.',
    en: 'This registration method is not available for the chosen subject.',
  },
  LEGACY_REGISTRATION_DISABLED: {
    vi: 'Theo Nghị định 69/2024/NĐ-CP, từ 01/7/2024 công dân sử dụng tài khoản định danh điện tử VNeID. Các phương thức đăng ký cũ đã ngừng áp dụng.',
    en: 'Under Decree 69/2024, citizens use their VNeID e-ID account since 1 July 2024. The legacy registration methods are closed.',
  },
  LEGACY_REGISTRATION_NOTICE: {
    vi: 'Lưu ý: theo Nghị định 69/2024/NĐ-CP, từ 01/7/2024 công dân đăng nhập bằng tài khoản định danh điện tử VNeID. Các phương thức đăng ký dưới đây được giữ lại để minh họa.',
    en: 'Note: under Decree 69/2024, citizens log in with their VNeID e-ID account since 1 July 2024. The methods below are kept for demonstration.',
  },
  REGISTRATION_COMPLETE: {
    vi: 'Đăng ký tài khoản thành công. Tên đăng nhập là số CMND/CCCD của bạn.',
    en: 'Your account has been registered. Your username is your ID number.',
  },
  RATE_LIMITED: {
    vi: 'Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút.',
    en: 'Too many attempts. Please try again in a few minutes.',
  },
  CSRF_INVALID: {
    vi: 'Phiên làm việc không hợp lệ hoặc đã hết hạn. Vui lòng tải lại trang và thử lại.',
    en: 'Your session is invalid or has expired. Please reload the page and try again.',
  },
  LOGIN_FAILED: {
    vi: 'Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.',
    en: 'The username, password or verification code is wrong.',
  },
  AUTH_RETRY: {
    vi: 'Đã xảy ra lỗi trong quá trình xác thực. Vui lòng thử đăng nhập lại.',
    en: 'An error occurred during authentication. Please try to log in again.',
  },
  SIGNED_OUT: { vi: 'Bạn đã đăng xuất.', en: 'You have signed out.' },
  SESSION_REVOKED: { vi: 'Đã đăng xuất phiên làm việc.', en: 'The session was signed out.' },
  NOT_FOUND: { vi: 'Không tìm thấy trang.', en: 'Page not found.' },
  USB_CERTIFICATE_READ: {
    vi: 'Thông tin đọc từ chứng thư số trong USB ký số. Vui lòng kiểm tra, nhập email và mã xác thực rồi nhấn "Đăng ký".',
    en: 'Details read from the certificate on your USB token. Check them, enter your e-mail and the verification code, then press "Register".',
  },
  USB_CERTIFICATE_WRONG_SUBJECT: {
    vi: 'Chứng thư số này không dùng được cho đối tượng đã chọn: công dân cần chứng thư cá nhân có số CCCD/CMND, doanh nghiệp cần chứng thư tổ chức có mã số thuế.',
    en: 'This certificate does not fit the chosen subject: citizens need a personal certificate with a CCCD/CMND number, businesses an organization certificate with a tax code.',
  },
  USB_TOKEN_MISSING: {
    vi: 'Vui lòng ký mã thử thách bằng USB ký số trước khi gửi.',
    en: 'Please sign the challenge with your USB token first.',
  },
  USB_ACCOUNT_EXISTS_MST: {
    vi: 'Mã số thuế đã được đăng ký tài khoản. Vui lòng đăng nhập, hoặc đến quầy giao dịch để được hỗ trợ.',
    en: 'An account is already registered for this tax code. Log in, or visit a service counter for help.',
  },
  USB_NO_ACCOUNT: {
    vi: 'Chưa có tài khoản cho chứng thư số này. Vui lòng đăng ký tài khoản bằng USB ký số.',
    en: 'There is no account for this certificate yet. Please register with your USB token.',
  },
  SIM_REQUEST_SENT: {
    vi: 'Hệ thống đã gửi yêu cầu xác nhận về Sim ký số. Trên điện thoại, kiểm tra mã kiểm tra, nhấn "Xác nhận" và nhập mã PIN của Sim ký số, rồi nhấn "Tôi đã xác nhận".',
    en: 'A confirmation request was sent to your signing SIM. On the phone, check the verification code, press "Xác nhận" and enter the SIM PIN, then press "I have confirmed".',
  },
  SIM_WAITING: {
    vi: 'Chưa nhận được xác nhận từ Sim ký số. Vui lòng xác nhận trên điện thoại rồi thử lại.',
    en: 'No confirmation from the signing SIM yet. Confirm on the phone, then try again.',
  },
  SIM_USER_CANCEL: {
    vi: 'Bạn đã hủy yêu cầu trên điện thoại.',
    en: 'You cancelled the request on the phone.',
  },
  SIM_EXPIRED: {
    vi: 'Yêu cầu xác nhận trên Sim ký số đã hết hạn. Vui lòng gửi lại.',
    en: 'The confirmation request on the signing SIM expired. Please send it again.',
  },
  SIM_PIN_BLOCKED: {
    vi: 'Mã PIN của Sim ký số đã bị khóa. Vui lòng liên hệ nhà mạng để mở khóa.',
    en: "The signing SIM's PIN is blocked. Contact your carrier to unblock it.",
  },
  SIM_NOT_SUBSCRIBED: {
    vi: 'Số điện thoại này chưa đăng ký dịch vụ Sim ký số. Vui lòng đăng ký dịch vụ tại tổ chức cung cấp dịch vụ chứng thực chữ ký số (Viettel-CA, VNPT-CA,…).',
    en: 'This number has no SIM signature service. Subscribe with a certification service provider (Viettel-CA, VNPT-CA, …).',
  },
  SIM_CERTIFICATE_READ: {
    vi: 'Thông tin lấy từ Sim ký số. Vui lòng kiểm tra, nhập email và mã xác thực rồi nhấn "Đăng ký".',
    en: 'Details taken from the signing SIM. Check them, enter your e-mail and the verification code, then press "Register".',
  },
  RS_REQUEST_SENT: {
    vi: 'Hệ thống đã gửi yêu cầu ký tới ứng dụng chữ ký số cá nhân của bạn (SmartCA, MySign,…). Kiểm tra mã kiểm tra, xác nhận trong ứng dụng, rồi nhấn "Tôi đã xác nhận".',
    en: 'A signing request was sent to your personal signature app (SmartCA, MySign, …). Check the verification code, approve it in the app, then press "I have confirmed".',
  },
  RS_WAITING: {
    vi: 'Chưa nhận được xác nhận từ ứng dụng chữ ký số. Vui lòng xác nhận trong ứng dụng rồi thử lại.',
    en: 'No confirmation from the signature app yet. Approve in the app, then try again.',
  },
  RS_REJECTED: {
    vi: 'Bạn đã từ chối yêu cầu ký trong ứng dụng.',
    en: 'You rejected the signing request in the app.',
  },
  RS_EXPIRED: {
    vi: 'Yêu cầu ký đã hết hạn vì chưa được xác nhận. Vui lòng gửi lại.',
    en: 'The signing request expired without confirmation. Please send it again.',
  },
  RS_KEY_LOCKED: {
    vi: 'Khóa ký của bạn tại nhà cung cấp đang bị khóa. Vui lòng liên hệ nhà cung cấp dịch vụ chữ ký số.',
    en: 'Your signing key at the provider is locked. Contact your signature provider.',
  },
  RS_CERTIFICATE_READ: {
    vi: 'Thông tin lấy từ chứng thư chữ ký số cá nhân. Vui lòng kiểm tra, nhập email và mã xác thực rồi nhấn "Đăng ký".',
    en: 'Details taken from your personal signing certificate. Check them, enter your e-mail and the verification code, then press "Register".',
  },
  RS_NO_CREDENTIAL: {
    vi: 'Không tìm thấy chứng thư ký số cá nhân cho số CMND/CCCD này. Vui lòng đăng ký dịch vụ tại tổ chức cung cấp dịch vụ chứng thực chữ ký số.',
    en: 'No personal signing certificate was found for this ID number. Subscribe with a certification service provider.',
  },
  CERT_GOVERNMENT_CA_REQUIRED: {
    vi: 'Tài khoản Cơ quan nhà nước chỉ đăng ký bằng chứng thư số chuyên dùng công vụ do Ban Cơ yếu Chính phủ cấp. Chứng thư số của tổ chức cung cấp dịch vụ công cộng (VNPT-CA, Viettel-CA,…) không dùng được cho đối tượng này.',
    en: 'State-agency accounts are registered only with an official-duty certificate issued by the Government Cipher Committee (Ban Cơ yếu Chính phủ). Public CA certificates (VNPT-CA, Viettel-CA, …) cannot be used for this subject.',
  },
  CERT_GOVERNMENT_CA_AGENCIES_ONLY: {
    vi: 'Chứng thư số chuyên dùng công vụ (Ban Cơ yếu Chính phủ) chỉ dùng để đăng ký tài khoản Cơ quan nhà nước. Vui lòng chọn đối tượng "Cơ quan nhà nước", hoặc dùng chứng thư số công cộng cho tài khoản công dân, doanh nghiệp.',
    en: 'Official-duty certificates (Government Cipher Committee) register State-agency accounts only. Choose the subject "Cơ quan nhà nước", or use a public CA certificate for a citizen or business account.',
  },
  GOV_CERTIFICATE_WRONG_SUBJECT: {
    vi: 'Chứng thư số chuyên dùng này không có số CCCD/CMND của cán bộ, công chức hay mã số thuế của cơ quan, đơn vị.',
    en: 'This official-duty certificate carries neither the CCCD/CMND of a civil servant nor the tax code of an agency or unit.',
  },
  SIM_LOGIN_REQUEST_SENT: {
    vi: 'Hệ thống đã gửi yêu cầu đăng nhập về Sim ký số. Trên điện thoại, kiểm tra mã kiểm tra, nhấn "Xác nhận" và nhập mã PIN của Sim ký số, rồi nhấn "Tôi đã xác nhận".',
    en: 'A sign-in request was sent to your signing SIM. On the phone, check the verification code, press "Xác nhận" and enter the SIM PIN, then press "I have confirmed".',
  },
  RS_LOGIN_REQUEST_SENT: {
    vi: 'Hệ thống đã gửi yêu cầu đăng nhập tới ứng dụng chữ ký số cá nhân của bạn. Kiểm tra mã kiểm tra, xác nhận trong ứng dụng, rồi nhấn "Tôi đã xác nhận".',
    en: 'A sign-in request was sent to your personal signature app. Check the verification code, approve it in the app, then press "I have confirmed".',
  },
  SIGNATURE_LOGIN_FAILED: {
    vi: 'Không thể đăng nhập bằng chữ ký số này. Vui lòng kiểm tra thông tin và thử lại.',
    en: 'Could not sign in with this digital signature. Check the details and try again.',
  },
  CERT_NO_ACCOUNT: {
    vi: 'Chưa có tài khoản cho chứng thư số này. Vui lòng đăng ký tài khoản trước.',
    en: 'There is no account for this certificate yet. Please register first.',
  },
  EMAIL_INVALID: { vi: 'Địa chỉ email không hợp lệ.', en: 'Invalid e-mail address.' },
  KYSO_MISSING: {
    vi: 'Không tìm thấy công cụ ký số Kyso. Vui lòng cài đặt tiện ích Kyso cho trình duyệt và chương trình kyso-host, cắm USB ký số rồi tải lại trang.',
    en: 'The Kyso signing tool was not found. Install the Kyso browser extension and the kyso-host program, plug in the USB token and reload the page.',
  },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ.', en: 'Invalid request.' },
  SERVER_BUSY: {
    vi: 'Hệ thống đang bận. Vui lòng thử lại sau ít giây.',
    en: 'The system is busy. Please try again in a few seconds.',
  },
  INTERNAL: {
    vi: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.',
    en: 'A system error occurred. Please try again later.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

/** Portal codes, plus the login-token codes of `@kyso/lib` (their texts come from the library). */
export type MessageCode = keyof typeof MESSAGES | AuthTokenErrorCode;

export type MessageType = 'error' | 'info' | 'success';

/** A message attached to a flow or a response (Kratos style: a stable code, a type, an optional field). */
export interface FlowMessage {
  code: MessageCode;
  type: MessageType;
  field?: string;
}

export function messageText(code: MessageCode, lang: Lang): string {
  return Object.hasOwn(MESSAGES, code)
    ? MESSAGES[code as keyof typeof MESSAGES][lang]
    : AUTH_TOKEN_MESSAGES[code as AuthTokenErrorCode][lang];
}
