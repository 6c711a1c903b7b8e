/**
 * The Vietnamese certificate profile (domain reference §3.1–3.2): identifiers in UID attributes
 * (`UID=CCCD:…`, `UID=MST:…-NNN`, …), the subject type, phone, title and e-mail.
 */
import type { DistinguishedName } from '../cert/distinguishedName.js';
import {
  type ValidationProblem,
  validateBhxh,
  validateBudgetUnitCode,
  validateCccd,
  validateCmnd,
  validateMst,
  validatePassport,
  validateVietnameseMobile,
} from './identifierValidators.js';

export const UID_OID = '0.9.2342.19200300.100.1.1';
export const TELEPHONE_OID = '2.5.4.20';
export const TITLE_OID = '2.5.4.12';
export const EMAIL_OID = '1.2.840.113549.1.9.1';

export const KNOWN_IDENTIFIER_TYPES = [
  'CMND',
  'CCCD',
  'HC',
  'MST',
  'MNS',
  'QĐ',
  'BHXH',
  'MDV',
  'PID',
  'PPID',
] as const;
export type KnownIdentifierType = (typeof KNOWN_IDENTIFIER_TYPES)[number];

/** Prefixes that identify a person, and those that identify an organisation (profile `UID_LIST`). */
const PERSONAL: ReadonlySet<string> = new Set(['CMND', 'CCCD', 'HC']);
const ORGANIZATION: ReadonlySet<string> = new Set(['MST', 'MNS', 'QĐ', 'BHXH', 'MDV']);

export interface VietnameseIdentifier {
  /** Normalised prefix (`QD`/`Qđ` → `QĐ`); unknown prefixes kept upper-cased; `UNKNOWN` when none. */
  type: KnownIdentifierType | (string & {});
  /** The part after the first `:`, trimmed and normalised (MST branches as `NNNNNNNNNN-NNN`). */
  value: string;
  /** Passed its format rule; for types without a rule (QĐ, MDV, PID, PPID, unknown): non-empty. */
  valid: boolean;
  /** The attribute value exactly as found. */
  raw: string;
  /** Whether a format rule exists for this type. */
  formatChecked: boolean;
  problem?: ValidationProblem;
  /** Type-specific details (CCCD province/gender/birth year, MST base/branch, …). */
  details?: Record<string, unknown>;
}

export type SubjectType = 'personal' | 'organization' | 'personalInOrganization';

export interface PhoneNumber {
  raw: string;
  valid: boolean;
  national?: string;
  international?: string;
}

export interface VietnameseIdentity {
  subjectType: SubjectType;
  identifiers: VietnameseIdentifier[];
  phones: PhoneNumber[];
  /** `T` (title, chức vụ) values. */
  titles: string[];
  emails: { address: string; source: 'dn' | 'san' }[];
}

function normalisePrefix(prefix: string): string {
  const p = prefix
    .normalize('NFC')
    .trim()
    .replace(/[Dd][\u0335\u0336]/g, 'Đ')
    .toUpperCase();
  return p === 'QD' ? 'QĐ' : p;
}

function detailsOf(result: object): Record<string, unknown> | undefined {
  const { valid: _v, value: _x, problem: _p, ...rest } = result as Record<string, unknown>;
  return Object.keys(rest).length ? rest : undefined;
}

/** Splits and validates one UID attribute value such as `MST:0100686209-199`. */
export function parseIdentifier(raw: string, options: { now?: Date } = {}): VietnameseIdentifier {
  const text = raw.normalize('NFC');
  const colon = text.indexOf(':');
  if (colon < 0) {
    const value = text.trim();
    return { type: 'UNKNOWN', value, valid: value !== '', raw, formatChecked: false };
  }
  const type = normalisePrefix(text.slice(0, colon));
  const rest = text.slice(colon + 1).trim();
  let r: { valid: boolean; value: string; problem?: ValidationProblem } | undefined;
  switch (type) {
    case 'CCCD':
      r = validateCccd(rest, options);
      break;
    case 'CMND':
      r = validateCmnd(rest, options);
      break;
    case 'MST':
      r = validateMst(rest, options);
      break;
    case 'BHXH':
      r = validateBhxh(rest);
      break;
    case 'MNS':
      r = validateBudgetUnitCode(rest);
      break;
    case 'HC':
      r = validatePassport(rest);
      break;
  }
  if (!r) return { type, value: rest, valid: rest !== '', raw, formatChecked: false };
  const id: VietnameseIdentifier = { type, value: r.value, valid: r.valid, raw, formatChecked: true };
  if (r.problem) id.problem = r.problem;
  const details = detailsOf(r);
  if (details) id.details = details;
  return id;
}

/**
 * `personal` when only personal identifiers (CMND/CCCD/HC) are present, `organization` when only
 * organisation ones (MST/MNS/QĐ/BHXH/MDV), `personalInOrganization` when both. Without a known
 * identifier: `personalInOrganization` when the subject has an O different from its CN, `organization`
 * when CN equals O, otherwise `personal`.
 */
export function subjectTypeOf(identifiers: VietnameseIdentifier[], subject?: DistinguishedName): SubjectType {
  const personal = identifiers.some((i) => PERSONAL.has(i.type));
  const organization = identifiers.some((i) => ORGANIZATION.has(i.type));
  if (personal && organization) return 'personalInOrganization';
  if (personal) return 'personal';
  if (organization) return 'organization';
  const values = (oid: string) =>
    (subject ?? []).flatMap((rdn) => rdn.filter((a) => a.oid === oid).map((a) => a.value.trim()));
  const o = values('2.5.4.10');
  const cn = values('2.5.4.3');
  if (o.length === 0) return 'personal';
  return cn.length > 0 && cn.every((c) => o.includes(c)) ? 'organization' : 'personalInOrganization';
}

/**
 * Reads the Vietnamese profile from a subject DN (and the SAN e-mails): every UID value, phone numbers
 * (2.5.4.20), titles (2.5.4.12), e-mails from the DN (1.2.840.113549.1.9.1) then the SAN.
 */
export function extractIdentity(
  subject: DistinguishedName,
  sanEmails: readonly string[] = [],
  options: { now?: Date } = {},
): VietnameseIdentity {
  const identifiers: VietnameseIdentifier[] = [];
  const phones: PhoneNumber[] = [];
  const titles: string[] = [];
  const emails: VietnameseIdentity['emails'] = [];
  for (const rdn of subject) {
    for (const a of rdn) {
      if (a.oid === UID_OID) identifiers.push(parseIdentifier(a.value, options));
      else if (a.oid === TELEPHONE_OID) {
        const p = validateVietnameseMobile(a.value);
        phones.push(
          p.valid
            ? { raw: a.value, valid: true, national: p.national!, international: p.international! }
            : { raw: a.value, valid: false },
        );
      } else if (a.oid === TITLE_OID) titles.push(a.value);
      else if (a.oid === EMAIL_OID) emails.push({ address: a.value, source: 'dn' });
    }
  }
  for (const e of sanEmails) emails.push({ address: e, source: 'san' });
  return { subjectType: subjectTypeOf(identifiers, subject), identifiers, phones, titles, emails };
}
