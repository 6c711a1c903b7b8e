/** Texts of the dossier pages: field problems and page messages, Vietnamese first then English. */
import type { Lang } from './dossierHost.js';
import type { FieldProblemCode } from './fieldValidation.js';
import type { LocalText } from './procedures.js';

export const FIELD_PROBLEMS: Readonly<Record<FieldProblemCode, LocalText>> = {
  FIELD_REQUIRED: { vi: 'Vui lòng nhập thông tin này.', en: 'This field is required.' },
  FIELD_TOO_LONG: { vi: 'Nội dung quá dài, vui lòng rút gọn.', en: 'This is too long; please shorten it.' },
  NAME_INVALID: {
    vi: 'Họ tên chỉ gồm chữ cái và khoảng trắng.',
    en: 'A name may contain only letters and spaces.',
  },
  CCCD_INVALID: {
    vi: 'Số định danh cá nhân gồm 12 chữ số hợp lệ.',
    en: 'A personal identification number is 12 valid digits.',
  },
  ID_NOT_ACCOUNT_HOLDER: {
    vi: 'Số định danh phải là số của chủ tài khoản đang đăng nhập.',
    en: "The identification number must be the signed-in account holder's.",
  },
  DATE_INVALID: { vi: 'Ngày không hợp lệ (dd/mm/yyyy).', en: 'Invalid date (dd/mm/yyyy).' },
  DATE_IN_FUTURE: { vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' },
  PHONE_INVALID: {
    vi: 'Số điện thoại di động không hợp lệ (ví dụ 0912345678).',
    en: 'Invalid mobile number (e.g. 0912345678).',
  },
  EMAIL_INVALID: { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Invalid e-mail address.' },
  OPTION_INVALID: {
    vi: 'Vui lòng chọn một giá trị trong danh sách.',
    en: 'Choose one of the listed values.',
  },
};

export type PageMessageCode =
  | 'FORM_HAS_ERRORS'
  | 'NOT_LINKED'
  | 'PROCEDURE_NOT_FOUND'
  | 'PROCEDURE_CITIZENS_ONLY'
  | 'DOSSIER_NOT_FOUND'
  | 'NOT_A_DRAFT'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_REFUSED'
  | 'SIGNATURE_ACCEPTED'
  | 'SIM_PHONE_INVALID'
  | 'SIM_NOT_SUBSCRIBED'
  | 'SIM_NO_CERTIFICATE'
  | 'SIM_SIGNATURE_STEP'
  | 'RS_NO_CREDENTIAL'
  | 'RS_NO_VALID_CERTIFICATE'
  | 'RS_SIGNATURE_STEP'
  | 'SIGNING_CANCELLED'
  | 'SIGNING_EXPIRED'
  | 'SIGNING_KEY_BLOCKED'
  | 'SIGNING_FAILED'
  | 'SIGNING_UNAVAILABLE'
  | 'SIGNING_NOT_STARTED'
  | 'SIGNING_TOO_MANY'
  | 'OFFICER_ONLY'
  | 'OFFICER_OWN_DOSSIER'
  | 'STATUS_CHANGE_INVALID'
  | 'STATUS_CHANGED';

export const PAGE_MESSAGES: Readonly<Record<PageMessageCode, LocalText>> = {
  FORM_HAS_ERRORS: {
    vi: 'Tờ khai còn thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.',
    en: 'Some answers are not valid; check the marked fields.',
  },
  NOT_LINKED: {
    vi: 'Theo Nghị định 45/2020/NĐ-CP, hồ sơ trực tuyến chỉ được nộp từ tài khoản đã liên kết với tài khoản Cổng Dịch vụ công Quốc gia. Hãy liên kết tài khoản trước khi nộp hồ sơ.',
    en: 'Under Decree 45/2020, online dossiers are accepted only from an account linked to the National Public Service Portal. Link your account before submitting.',
  },
  PROCEDURE_NOT_FOUND: { vi: 'Không tìm thấy thủ tục này.', en: 'No such procedure.' },
  PROCEDURE_CITIZENS_ONLY: {
    vi: 'Thủ tục này dành cho công dân; tài khoản doanh nghiệp không nộp được hồ sơ này.',
    en: 'This procedure is for citizens; a business account cannot file it.',
  },
  DOSSIER_NOT_FOUND: { vi: 'Không tìm thấy hồ sơ.', en: 'Dossier not found.' },
  NOT_A_DRAFT: {
    vi: 'Hồ sơ này đã được nộp, không thể ký lại. Bạn có thể theo dõi hồ sơ trong mục Hồ sơ của tôi.',
    en: 'This dossier was already submitted and cannot be signed again. You can follow it under My dossiers.',
  },
  SIGNATURE_MISSING: {
    vi: 'Không nhận được chữ ký số của tờ khai. Vui lòng ký lại.',
    en: 'No signature of the declaration was received. Please sign again.',
  },
  SIGNATURE_REFUSED: {
    vi: 'Chữ ký số không hợp lệ, hồ sơ chưa được tiếp nhận. Vui lòng ký lại bằng chứng thư số còn hiệu lực của chính bạn.',
    en: 'The signature is not valid; the dossier was not received. Please sign again with your own valid certificate.',
  },
  SIGNATURE_ACCEPTED: {
    vi: 'Hồ sơ đã được ký số và tiếp nhận.',
    en: 'The dossier was signed and received.',
  },
  SIM_PHONE_INVALID: {
    vi: 'Số điện thoại di động không hợp lệ. Vui lòng nhập lại (ví dụ 0912345678).',
    en: 'Invalid mobile number. Please enter it again (e.g. 0912345678).',
  },
  SIM_NOT_SUBSCRIBED: {
    vi: 'Số điện thoại này chưa đăng ký dịch vụ SIM ký số. Vui lòng nhập số đã đăng ký hoặc chọn cách ký khác.',
    en: 'This number has no SIM signature subscription. Enter a subscribed number or choose another way to sign.',
  },
  SIM_NO_CERTIFICATE: {
    vi: 'SIM ký số của số điện thoại này chưa có chứng thư số còn hiệu lực. Vui lòng liên hệ nhà mạng.',
    en: 'The signing SIM of this number holds no valid certificate. Please contact your carrier.',
  },
  SIM_SIGNATURE_STEP: {
    vi: 'Xác nhận trên điện thoại (nhập mã PIN của SIM ký số) để ký tờ khai.',
    en: 'Confirm on your phone (enter your signing SIM PIN) to sign the declaration.',
  },
  RS_NO_CREDENTIAL: {
    vi: 'Bạn chưa có chứng thư số ký từ xa (chữ ký số cá nhân). Vui lòng đăng ký với nhà cung cấp dịch vụ ký số hoặc chọn cách ký khác.',
    en: 'You have no remote-signing certificate. Register with a signing service provider or choose another way to sign.',
  },
  RS_NO_VALID_CERTIFICATE: {
    vi: 'Chứng thư số ký từ xa (chữ ký số cá nhân) của bạn đã hết hạn hoặc chưa có hiệu lực. Vui lòng liên hệ nhà cung cấp dịch vụ ký số.',
    en: 'Your remote-signing certificate has expired or is not yet valid. Please contact your signing service provider.',
  },
  RS_SIGNATURE_STEP: {
    vi: 'Mở ứng dụng ký số trên điện thoại và xác nhận yêu cầu ký tờ khai.',
    en: 'Open your signing app and confirm the request to sign the declaration.',
  },
  SIGNING_CANCELLED: {
    vi: 'Bạn đã từ chối yêu cầu ký. Bạn có thể ký lại khi sẵn sàng.',
    en: 'You declined the signing request. You can sign again when ready.',
  },
  SIGNING_EXPIRED: {
    vi: 'Yêu cầu ký đã hết hạn mà chưa được xác nhận. Vui lòng ký lại và xác nhận kịp thời.',
    en: 'The signing request expired before it was confirmed. Please sign again and confirm in time.',
  },
  SIGNING_KEY_BLOCKED: {
    vi: 'Khóa ký đang bị khóa (nhập sai PIN quá số lần cho phép). Vui lòng liên hệ nhà cung cấp dịch vụ ký số để mở khóa, hoặc chọn cách ký khác.',
    en: 'The signing key is locked (too many wrong PINs). Contact your signing service provider to unlock it, or choose another way to sign.',
  },
  SIGNING_FAILED: {
    vi: 'Dịch vụ ký số trả về kết quả không hợp lệ. Vui lòng ký lại.',
    en: 'The signing service returned an invalid result. Please sign again.',
  },
  SIGNING_UNAVAILABLE: {
    vi: 'Dịch vụ ký số tạm thời không phản hồi, vui lòng thử lại sau.',
    en: 'The signing service is not answering; try again later.',
  },
  SIGNING_NOT_STARTED: {
    vi: 'Chưa có yêu cầu ký nào đang chờ cho hồ sơ này. Vui lòng chọn một cách ký bên dưới.',
    en: 'No signing request is waiting for this dossier. Choose a way to sign below.',
  },
  SIGNING_TOO_MANY: {
    vi: 'Bạn đã gửi quá nhiều yêu cầu ký trong một giờ. Vui lòng thử lại sau.',
    en: 'You sent too many signing requests in the last hour. Try again later.',
  },
  OFFICER_ONLY: {
    vi: 'Trang này chỉ dành cho cán bộ xử lý hồ sơ.',
    en: 'This page is for dossier officers only.',
  },
  OFFICER_OWN_DOSSIER: {
    vi: 'Cán bộ không được xử lý hồ sơ của chính mình; hồ sơ này do cán bộ khác xử lý.',
    en: 'Officers may not handle their own dossiers; another officer handles this one.',
  },
  STATUS_CHANGE_INVALID: {
    vi: 'Không thể chuyển hồ sơ sang trạng thái này (hoặc hồ sơ vừa được người khác cập nhật). Trạng thái hiện tại của hồ sơ ở bên dưới; vui lòng chọn lại nếu cần.',
    en: 'The dossier cannot move to that status (or someone else just updated it). Its current status is shown below; choose again if needed.',
  },
  STATUS_CHANGED: { vi: 'Đã cập nhật trạng thái hồ sơ.', en: 'The dossier status was updated.' },
};

export function pageText(code: PageMessageCode, lang: Lang): string {
  return PAGE_MESSAGES[code][lang];
}
