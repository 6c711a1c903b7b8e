/**
 * Reading the national portal's userinfo claims (PascalCase, domain reference §2.3): the linking key —
 * `SoDinhDanh` (12-digit CCCD) for a citizen (`LoaiTaiKhoan` "1"), `MaSoThue` for a business ("2") —
 * and the profile fields a new local account is created from. Never e-mail or name as a key.
 */
import type { MinistrySubject } from '../db/ministrySchema.js';

export interface IdentityKey {
  subject: MinistrySubject;
  /** CCCD or MST. */
  idNumber: string;
}

const CCCD = /^\d{12}$/;
const MST = /^\d{10}(-\d{3})?$/;

/** The local-account key the claims assert, or undefined when they carry no usable CCCD/MST. */
export function identityKey(claims: Readonly<Record<string, unknown>>): IdentityKey | undefined {
  const type = String(claims.LoaiTaiKhoan ?? '');
  if (type === '1' && typeof claims.SoDinhDanh === 'string' && CCCD.test(claims.SoDinhDanh))
    return { subject: 'congDan', idNumber: claims.SoDinhDanh };
  if (type === '2' && typeof claims.MaSoThue === 'string' && MST.test(claims.MaSoThue))
    return { subject: 'doanhNghiep', idNumber: claims.MaSoThue };
  return undefined;
}

export interface ProfileFromClaims {
  fullName: string;
  dateOfBirth: string | null;
  gender: number | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;
}

/** A well-formed domestic mobile number (0 + 9 digits). */
export function isMobileNumber(v: string): boolean {
  return /^0\d{9}$/.test(v);
}

/** A plausible e-mail address (one @, a dot in the domain, no spaces). */
export function isEmailAddress(v: string): boolean {
  return v.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
}

export function profileFromClaims(
  key: IdentityKey,
  claims: Readonly<Record<string, unknown>>,
): ProfileFromClaims {
  const name =
    key.subject === 'doanhNghiep'
      ? (text(claims.TenDoanhNghiep, 200) ?? text(claims.HoVaTen, 200))
      : text(claims.HoVaTen, 200);
  const dob = text(claims.NgayThangNamSinh, 8);
  const gender = Number(claims.GioiTinh);
  const phone = text(claims.SoDienThoai, 16);
  const email = text(claims.ThuDienTu, 254);
  return {
    fullName: name ?? key.idNumber,
    dateOfBirth: dob && /^\d{8}$/.test(dob) ? dob : null,
    gender: gender === 1 || gender === 2 ? gender : null,
    address: text(claims.ThuongTru, 500),
    phone: phone && isMobileNumber(phone) ? phone : null,
    email: email && isEmailAddress(email) ? email : null,
  };
}
