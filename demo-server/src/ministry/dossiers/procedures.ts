/**
 * The ministry's procedures (thủ tục hành chính) as data: each field with its Vietnamese and English label,
 * its kind (which fixes the validation rule), whether it is required, and which national-portal claim
 * (DVCQG userinfo, PascalCase) prefills it. Codes are fixed by the SSO contract.
 */
import type { Lang } from './dossierHost.js';

export type LocalText = Readonly<Record<Lang, string>>;

export type FieldKind =
  | 'text'
  | 'longText'
  | 'personName'
  | 'cccd'
  | 'date'
  | 'gender'
  | 'phone'
  | 'email'
  | 'choice';

export interface FieldOption {
  value: string;
  label: LocalText;
}

/** A field is required, optional, or required only when another field has one of some values. */
export type FieldRequirement =
  | { kind: 'always' }
  | { kind: 'optional' }
  | { kind: 'when'; field: string; values: readonly string[] }
  | { kind: 'unless'; field: string; values: readonly string[] };

export interface FieldSpec {
  /** Form field name and key in the canonical declaration. */
  name: string;
  label: LocalText;
  kind: FieldKind;
  requirement: FieldRequirement;
  maxLength: number;
  /** The userinfo claim that prefills the field (§2.3). */
  prefillClaim?:
    | 'HoVaTen'
    | 'SoDinhDanh'
    | 'NgayThangNamSinh'
    | 'GioiTinh'
    | 'ThuongTru'
    | 'SoDienThoai'
    | 'ThuDienTu';
  /** For `choice` fields. */
  options?: readonly FieldOption[];
  hint?: LocalText;
}

export type ProcedureCode = 'cap-ho-chieu-pho-thong' | 'dang-ky-thuong-tru';

export interface Procedure {
  code: ProcedureCode;
  name: LocalText;
  /** Tờ khai (official form) the declaration stands for. */
  formName: LocalText;
  agency: LocalText;
  /** Statutory processing time in working days, shown on the form. */
  processingDays: number;
  /** Who may file it: both procedures are for citizens (a business account is told so). */
  subjects: readonly ('congDan' | 'doanhNghiep')[];
  fields: readonly FieldSpec[];
}

const always: FieldRequirement = { kind: 'always' };
const optional: FieldRequirement = { kind: 'optional' };

const GENDER_OPTIONS: readonly FieldOption[] = [
  { value: '1', label: { vi: 'Nam', en: 'Male' } },
  { value: '2', label: { vi: 'Nữ', en: 'Female' } },
];

/** The citizen's own data, prefilled from the national portal (both procedures start with it). */
const PERSON_FIELDS: readonly FieldSpec[] = [
  {
    name: 'hoVaTen',
    label: { vi: 'Họ, chữ đệm và tên', en: 'Full name' },
    kind: 'personName',
    requirement: always,
    maxLength: 100,
    prefillClaim: 'HoVaTen',
  },
  {
    name: 'soDinhDanh',
    label: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number (CCCD)' },
    kind: 'cccd',
    requirement: always,
    maxLength: 12,
    prefillClaim: 'SoDinhDanh',
  },
  {
    name: 'ngaySinh',
    label: { vi: 'Ngày, tháng, năm sinh', en: 'Date of birth' },
    kind: 'date',
    requirement: always,
    maxLength: 10,
    prefillClaim: 'NgayThangNamSinh',
    hint: { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' },
  },
  {
    name: 'gioiTinh',
    label: { vi: 'Giới tính', en: 'Sex' },
    kind: 'gender',
    requirement: always,
    maxLength: 1,
    prefillClaim: 'GioiTinh',
    options: GENDER_OPTIONS,
  },
  {
    name: 'soDienThoai',
    label: { vi: 'Số điện thoại', en: 'Phone number' },
    kind: 'phone',
    requirement: always,
    maxLength: 16,
    prefillClaim: 'SoDienThoai',
  },
  {
    name: 'thuDienTu',
    label: { vi: 'Thư điện tử', en: 'E-mail' },
    kind: 'email',
    requirement: optional,
    maxLength: 254,
    prefillClaim: 'ThuDienTu',
  },
];

export const PROCEDURES: Readonly<Record<ProcedureCode, Procedure>> = {
  'cap-ho-chieu-pho-thong': {
    code: 'cap-ho-chieu-pho-thong',
    name: { vi: 'Cấp hộ chiếu phổ thông', en: 'Issuance of an ordinary passport' },
    formName: {
      vi: 'Tờ khai đề nghị cấp hộ chiếu phổ thông (mẫu TK01)',
      en: 'Application for an ordinary passport (form TK01)',
    },
    agency: {
      vi: 'Cục Quản lý xuất nhập cảnh — Bộ Công an',
      en: 'Immigration Department — Ministry of Public Security',
    },
    processingDays: 8,
    subjects: ['congDan'],
    fields: [
      ...PERSON_FIELDS,
      {
        name: 'noiSinh',
        label: { vi: 'Nơi sinh (tỉnh, thành phố)', en: 'Place of birth (province or city)' },
        kind: 'text',
        requirement: always,
        maxLength: 100,
      },
      {
        name: 'thuongTru',
        label: { vi: 'Nơi thường trú', en: 'Permanent residence' },
        kind: 'text',
        requirement: always,
        maxLength: 300,
        prefillClaim: 'ThuongTru',
      },
      {
        name: 'loaiDeNghi',
        label: { vi: 'Nội dung đề nghị', en: 'Request' },
        kind: 'choice',
        requirement: always,
        maxLength: 16,
        options: [
          { value: 'capLanDau', label: { vi: 'Cấp hộ chiếu lần đầu', en: 'First passport' } },
          { value: 'capLaiHetHan', label: { vi: 'Cấp lại do hết hạn', en: 'Renewal (expired)' } },
          { value: 'capLaiMat', label: { vi: 'Cấp lại do bị mất', en: 'Replacement (lost)' } },
        ],
      },
      {
        name: 'soHoChieuCu',
        label: { vi: 'Số hộ chiếu đã được cấp', en: 'Number of the previous passport' },
        kind: 'text',
        requirement: { kind: 'unless', field: 'loaiDeNghi', values: ['capLanDau'] },
        maxLength: 9,
      },
      {
        name: 'hinhThucNhan',
        label: { vi: 'Hình thức nhận hộ chiếu', en: 'How to receive the passport' },
        kind: 'choice',
        requirement: always,
        maxLength: 16,
        options: [
          { value: 'trucTiep', label: { vi: 'Nhận trực tiếp tại cơ quan', en: 'Collect at the office' } },
          { value: 'buuDien', label: { vi: 'Nhận qua dịch vụ bưu chính', en: 'Delivery by post' } },
        ],
      },
      {
        name: 'diaChiNhan',
        label: { vi: 'Địa chỉ nhận hộ chiếu', en: 'Delivery address' },
        kind: 'text',
        requirement: { kind: 'when', field: 'hinhThucNhan', values: ['buuDien'] },
        maxLength: 300,
      },
    ],
  },
  'dang-ky-thuong-tru': {
    code: 'dang-ky-thuong-tru',
    name: { vi: 'Đăng ký thường trú', en: 'Registration of permanent residence' },
    formName: {
      vi: 'Tờ khai thay đổi thông tin cư trú (mẫu CT01)',
      en: 'Declaration of change of residence information (form CT01)',
    },
    agency: { vi: 'Công an cấp xã — Bộ Công an', en: 'Commune police — Ministry of Public Security' },
    processingDays: 7,
    subjects: ['congDan'],
    fields: [
      ...PERSON_FIELDS,
      {
        name: 'thuongTruHienTai',
        label: { vi: 'Nơi thường trú hiện tại', en: 'Current permanent residence' },
        kind: 'text',
        requirement: optional,
        maxLength: 300,
        prefillClaim: 'ThuongTru',
      },
      {
        name: 'diaChiDangKy',
        label: { vi: 'Địa chỉ đề nghị đăng ký thường trú', en: 'Address of the new permanent residence' },
        kind: 'text',
        requirement: always,
        maxLength: 300,
      },
      {
        name: 'quanHeChuHo',
        label: { vi: 'Quan hệ với chủ hộ', en: 'Relation to the head of household' },
        kind: 'choice',
        requirement: always,
        maxLength: 16,
        options: [
          { value: 'chuHo', label: { vi: 'Là chủ hộ', en: 'Head of household' } },
          { value: 'voChong', label: { vi: 'Vợ / chồng', en: 'Spouse' } },
          { value: 'con', label: { vi: 'Con', en: 'Child' } },
          { value: 'chaMe', label: { vi: 'Cha / mẹ', en: 'Parent' } },
          { value: 'khac', label: { vi: 'Khác', en: 'Other' } },
        ],
      },
      {
        name: 'hoTenChuHo',
        label: { vi: 'Họ và tên chủ hộ', en: 'Name of the head of household' },
        kind: 'personName',
        requirement: { kind: 'unless', field: 'quanHeChuHo', values: ['chuHo'] },
        maxLength: 100,
      },
      {
        name: 'soDinhDanhChuHo',
        label: { vi: 'Số định danh cá nhân của chủ hộ', en: "Head of household's identification number" },
        kind: 'cccd',
        requirement: { kind: 'unless', field: 'quanHeChuHo', values: ['chuHo'] },
        maxLength: 12,
      },
      {
        name: 'noiDungDeNghi',
        label: { vi: 'Nội dung đề nghị', en: 'Details of the request' },
        kind: 'longText',
        requirement: always,
        maxLength: 1000,
      },
    ],
  },
};

export function findProcedure(code: string): Procedure | null {
  return Object.hasOwn(PROCEDURES, code) ? PROCEDURES[code as ProcedureCode] : null;
}
