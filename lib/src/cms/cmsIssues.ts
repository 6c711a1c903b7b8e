/**
 * Stable codes for what can be wrong with a CMS signature, Vietnamese first then English.
 * Path and revocation problems keep the trust module's own codes (see trust/pathProblems.ts).
 */

import type { LocalizedText } from '../protocol/errorCodes.js';

export const CMS_ISSUE_CODES = [
  'CMS_MALFORMED',
  'CMS_NO_SIGNERS',
  'CMS_CONTENT_MISSING',
  'CMS_CONTENT_MISMATCH',
  'CMS_SIGNER_CERTIFICATE_MISSING',
  'CMS_ALGORITHM_UNSUPPORTED',
  'CMS_ATTRIBUTE_MISSING',
  'CMS_ATTRIBUTE_INVALID',
  'CMS_CONTENT_TYPE_MISMATCH',
  'CMS_DIGEST_MISMATCH',
  'CMS_SIGNATURE_INVALID',
  'CMS_SIGNING_CERTIFICATE_MISMATCH',
  'CMS_SIGNING_CERTIFICATE_ABSENT',
  'CMS_NO_SIGNED_ATTRIBUTES',
  'CMS_SIGNING_TIME_OUTSIDE_VALIDITY',
  'CMS_KEY_USAGE',
  'CMS_CERTIFICATE_MALFORMED',
] as const;

export type CmsIssueCode = (typeof CMS_ISSUE_CODES)[number];

export type { LocalizedText };

export const CMS_ISSUE_MESSAGES: Readonly<Record<CmsIssueCode, LocalizedText>> = {
  CMS_MALFORMED: {
    vi: 'Tệp chữ ký không đúng định dạng CMS/PKCS#7.',
    en: 'The signature file is not valid CMS/PKCS#7.',
  },
  CMS_NO_SIGNERS: { vi: 'Tệp chữ ký không chứa chữ ký nào.', en: 'The signature file holds no signature.' },
  CMS_CONTENT_MISSING: {
    vi: 'Chữ ký tách rời: cần cung cấp tài liệu gốc để kiểm tra.',
    en: 'Detached signature: the original document is needed to check it.',
  },
  CMS_CONTENT_MISMATCH: {
    vi: 'Tài liệu cung cấp khác với tài liệu nằm trong tệp chữ ký.',
    en: 'The document given differs from the one inside the signature file.',
  },
  CMS_SIGNER_CERTIFICATE_MISSING: {
    vi: 'Không tìm thấy chứng thư số của người ký.',
    en: "The signer's certificate was not found.",
  },
  CMS_ALGORITHM_UNSUPPORTED: {
    vi: 'Thuật toán băm hoặc ký không được hỗ trợ (chỉ chấp nhận SHA-256/384/512 với RSA hoặc ECDSA).',
    en: 'Unsupported hash or signature algorithm (only SHA-256/384/512 with RSA or ECDSA are accepted).',
  },
  CMS_ATTRIBUTE_MISSING: {
    vi: 'Thiếu thuộc tính bắt buộc trong chữ ký.',
    en: 'A required signed attribute is missing.',
  },
  CMS_ATTRIBUTE_INVALID: {
    vi: 'Một thuộc tính được ký có giá trị không hợp lệ.',
    en: 'A signed attribute has an invalid value.',
  },
  CMS_CONTENT_TYPE_MISMATCH: {
    vi: 'Loại nội dung được ký không khớp với nội dung trong tệp.',
    en: 'The signed content type does not match the content.',
  },
  CMS_DIGEST_MISMATCH: {
    vi: 'Tài liệu đã bị thay đổi sau khi ký.',
    en: 'The document was changed after it was signed.',
  },
  CMS_SIGNATURE_INVALID: {
    vi: 'Chữ ký không hợp lệ với khóa công khai của người ký.',
    en: "The signature does not verify with the signer's public key.",
  },
  CMS_SIGNING_CERTIFICATE_MISMATCH: {
    vi: 'Chứng thư số đi kèm không phải là chứng thư đã được ký cùng chữ ký (signingCertificateV2).',
    en: 'The attached certificate is not the one bound into the signature (signingCertificateV2).',
  },
  CMS_SIGNING_CERTIFICATE_ABSENT: {
    vi: 'Chữ ký không gắn chứng thư của người ký (thiếu signingCertificateV2, chưa đạt CAdES-B-B).',
    en: "The signature does not bind the signer's certificate (no signingCertificateV2, not CAdES-B-B).",
  },
  CMS_NO_SIGNED_ATTRIBUTES: {
    vi: 'Chữ ký không có thuộc tính được ký (không phải CAdES).',
    en: 'The signature has no signed attributes (not CAdES).',
  },
  CMS_SIGNING_TIME_OUTSIDE_VALIDITY: {
    vi: 'Thời điểm ký khai báo nằm ngoài thời hạn hiệu lực của chứng thư số.',
    en: "The claimed signing time is outside the certificate's validity period.",
  },
  CMS_CERTIFICATE_MALFORMED: {
    vi: 'Một chứng thư số trong chuỗi không đọc được nên không kiểm tra được chuỗi chứng thư.',
    en: 'A certificate on the path cannot be read, so the certification path cannot be checked.',
  },
  CMS_KEY_USAGE: {
    vi: 'Chứng thư số của người ký không được phép dùng để ký (thiếu digitalSignature/nonRepudiation).',
    en: "The signer's certificate may not be used for signing (no digitalSignature/nonRepudiation).",
  },
};
