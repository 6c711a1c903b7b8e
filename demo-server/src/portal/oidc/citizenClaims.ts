/**
 * The userinfo claims of the national portal, PascalCase as on the real DVCQG (domain notes §2.3), filled
 * from the account and, for people, from the population database. A claim the portal does not know is
 * left out, never invented; when the population database does not answer, only the account's data goes.
 */
import type { AccountTable } from '../db/schema.js';
import type { NationalSystems, PopulationRecord } from '../externals/simulatorsClient.js';

/** Every claim the portal may share, in the order the consent page lists them. */
export const PORTAL_CLAIMS = [
  'sub',
  'LoaiTaiKhoan',
  'SoDinhDanh',
  'SoCMND',
  'MaSoThue',
  'TenDoanhNghiep',
  'HoVaTen',
  'NgayThangNamSinh',
  'GioiTinh',
  'ThuongTru',
  'SoDienThoai',
  'ThuDienTu',
  'MaBHXH',
  'loAs',
  'TechID',
] as const;

export type PortalClaim = (typeof PORTAL_CLAIMS)[number];

export type ClaimAccount = Pick<
  AccountTable,
  'id' | 'subject' | 'idNumber' | 'fullName' | 'dateOfBirth' | 'phone' | 'email' | 'bhxhCode'
>;

/** `YYYYMMDD` from dd/mm/yyyy or yyyy-mm-dd; undefined for anything else. */
export function compactDate(date: string | null | undefined): string | undefined {
  if (!date) return undefined;
  const vn = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
  if (vn) return `${vn[3]}${vn[2]}${vn[1]}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return iso ? `${iso[1]}${iso[2]}${iso[3]}` : undefined;
}

/** A person's identifier (9-digit CMND or 12-digit CCCD), as opposed to a tax code. */
const PERSONAL_ID = /^(\d{9}|\d{12})$/;

/** True when the account is a person (citizen, or a civil servant registered with a personal certificate). */
export function isPersonAccount(a: Pick<ClaimAccount, 'subject' | 'idNumber'>): boolean {
  return a.subject === 'congDan' || (a.subject === 'coQuanNhaNuoc' && PERSONAL_ID.test(a.idNumber));
}

/** The claims of an account; `population` is the population database's record of the person, if any. */
export function accountClaims(
  account: ClaimAccount,
  population: PopulationRecord | undefined,
  acr: string | undefined,
): Partial<Record<PortalClaim, string | number>> {
  const out: Partial<Record<PortalClaim, string | number>> = { sub: account.id };
  if (isPersonAccount(account)) {
    out.LoaiTaiKhoan = '1';
    const cccd = account.idNumber.length === 12 ? account.idNumber : population?.cccd;
    if (cccd) out.SoDinhDanh = cccd;
    const cmnd = account.idNumber.length === 9 ? account.idNumber : population?.cmnd;
    if (cmnd) out.SoCMND = cmnd;
    out.HoVaTen = account.fullName;
    const birth = compactDate(account.dateOfBirth) ?? compactDate(population?.dateOfBirth);
    if (birth) out.NgayThangNamSinh = birth;
    if (population) {
      out.GioiTinh = population.gender === 'male' ? 1 : 2;
      out.ThuongTru = population.permanentAddress;
    }
  } else {
    out.LoaiTaiKhoan = '2';
    out.MaSoThue = account.idNumber;
    out.TenDoanhNghiep = account.fullName;
  }
  const phone = account.phone ?? population?.phone;
  if (phone) out.SoDienThoai = phone;
  const email = account.email ?? population?.email;
  if (email) out.ThuDienTu = email;
  if (account.bhxhCode) out.MaBHXH = account.bhxhCode;
  if (acr) out.loAs = acr;
  out.TechID = account.id;
  return out;
}

/** The population record of a person account, or undefined (not a person, unknown, or no answer). */
export async function populationRecordOf(
  systems: NationalSystems,
  account: Pick<ClaimAccount, 'subject' | 'idNumber'>,
): Promise<PopulationRecord | undefined> {
  if (!isPersonAccount(account) || !systems.citizenRecord) return undefined;
  const r = await systems.citizenRecord(account.idNumber);
  return r.ok ? r.value : undefined;
}
