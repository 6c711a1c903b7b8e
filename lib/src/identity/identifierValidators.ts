/**
 * Validators for Vietnamese identifiers (domain reference §1.5). Each returns a detailed result instead
 * of throwing: `valid`, the normalised value, and when invalid a reason with a stable code and
 * Vietnamese/English text.
 */
import { CCCD_PROVINCE_CODES } from './provinceCodes.js';

export interface ValidationProblem {
  code:
    | 'EMPTY'
    | 'NOT_DIGITS'
    | 'LENGTH'
    | 'PROVINCE_UNKNOWN'
    | 'BIRTH_YEAR_IN_FUTURE'
    | 'CHECK_DIGIT'
    | 'CHECK_DIGIT_UNDEFINED'
    | 'BRANCH_ZERO'
    | 'FORMAT';
  vi: string;
  en: string;
}

export interface ValidationResultBase {
  valid: boolean;
  /** The input with spaces removed (and, for phones and MST, put in canonical form when valid). */
  value: string;
  problem?: ValidationProblem;
}

const problem = (code: ValidationProblem['code'], vi: string, en: string): ValidationProblem => ({
  code,
  vi,
  en,
});

function clean(input: string): string {
  return String(input ?? '')
    .normalize('NFC')
    .replace(/\s+/g, '');
}

function digitsProblem(value: string, lengths: number[], label: { vi: string; en: string }) {
  if (value === '') return problem('EMPTY', `${label.vi} trống.`, `${label.en} is empty.`);
  if (!/^\d+$/.test(value))
    return problem('NOT_DIGITS', `${label.vi} chỉ gồm chữ số.`, `${label.en} must contain digits only.`);
  if (!lengths.includes(value.length)) {
    const l = lengths.join(' hoặc ');
    return problem(
      'LENGTH',
      `${label.vi} phải có ${l} chữ số (nhận được ${value.length}).`,
      `${label.en} must have ${lengths.join(' or ')} digits (got ${value.length}).`,
    );
  }
  return undefined;
}

// --- CCCD ----------------------------------------------------------------------------------------------

export interface CccdResult extends ValidationResultBase {
  province?: { code: string; name: string | undefined };
  gender?: 'male' | 'female';
  /** First year of the birth century, e.g. 1900 or 2000. */
  birthCentury?: number;
  birthYear?: number;
  serial?: string;
}

export interface CccdOptions {
  /** Reference date to reject birth years in the future (default: now). */
  now?: Date;
}

/**
 * CCCD / 12-digit personal identification number `PPPGYYSSSSSS`: PPP province code (one of the 63),
 * G gender and century (0/1 male/female 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 2300s),
 * YY birth year, SSSSSS serial. There is no check digit.
 */
export function validateCccd(input: string, options: CccdOptions = {}): CccdResult {
  const value = clean(input);
  const p = digitsProblem(value, [12], { vi: 'Số CCCD', en: 'The CCCD number' });
  if (p) return { valid: false, value, problem: p };
  const code = value.slice(0, 3);
  const g = Number(value[3]);
  const birthCentury = 1900 + Math.floor(g / 2) * 100;
  const birthYear = birthCentury + Number(value.slice(4, 6));
  const name = CCCD_PROVINCE_CODES[code];
  const result: CccdResult = {
    valid: true,
    value,
    province: { code, name },
    gender: g % 2 === 0 ? 'male' : 'female',
    birthCentury,
    birthYear,
    serial: value.slice(6),
  };
  if (name === undefined) {
    result.valid = false;
    result.problem = problem(
      'PROVINCE_UNKNOWN',
      `Mã tỉnh ${code} không có trong danh sách 63 tỉnh, thành phố.`,
      `Province code ${code} is not one of the 63 province codes.`,
    );
  } else if (birthYear > (options.now ?? new Date()).getUTCFullYear()) {
    result.valid = false;
    result.problem = problem(
      'BIRTH_YEAR_IN_FUTURE',
      `Năm sinh ${birthYear} ở tương lai.`,
      `Birth year ${birthYear} is in the future.`,
    );
  }
  return result;
}

// --- CMND ----------------------------------------------------------------------------------------------

export interface CmndResult extends ValidationResultBase {
  format?: 'old-9' | 'new-12';
  /** For 12-digit numbers: the CCCD-format decomposition. */
  details?: CccdResult;
}

/** CMND: 9 digits (old card) or 12 digits (new card, same structure as CCCD). */
export function validateCmnd(input: string, options: CccdOptions = {}): CmndResult {
  const value = clean(input);
  const p = digitsProblem(value, [9, 12], { vi: 'Số CMND', en: 'The CMND number' });
  if (p) return { valid: false, value, problem: p };
  if (value.length === 9) return { valid: true, value, format: 'old-9' };
  const details = validateCccd(value, options);
  return details.problem
    ? { valid: false, value, format: 'new-12', details, problem: details.problem }
    : { valid: true, value, format: 'new-12', details };
}

// --- MST -----------------------------------------------------------------------------------------------

const MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The tenth digit of a 10-digit tax code, or 10 when the formula has no valid digit (remainder 0). */
export function mstCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * MST_WEIGHTS[i]!;
  return 10 - (sum % 11);
}

export interface MstResult extends ValidationResultBase {
  form?: 'enterprise' | 'branch' | 'personalId';
  /** The 10-digit enterprise code. */
  base?: string;
  /** The 3-digit dependent-unit suffix for `NNNNNNNNNN-NNN`. */
  branch?: string;
}

/**
 * MST (tax code): 10 digits with check digit N10 = 10 − (Σ Ni·Wi mod 11), W = [31,29,23,19,17,13,7,5,3]
 * (rejected when the formula gives 10); or 13 digits for a dependent unit, written `NNNNNNNNNN-NNN`
 * (also accepted without the hyphen, normalised to it), branch `000` rejected. A 12-digit value is the
 * personal identification number used as a personal tax code since 2025 and is checked as a CCCD.
 */
export function validateMst(input: string, options: CccdOptions = {}): MstResult {
  const value = clean(input);
  const m = /^(\d{10})-?(\d{3})$/.exec(value);
  if (m) {
    const base = validateMst(m[1]!);
    const normalised = `${m[1]}-${m[2]}`;
    if (!base.valid) return { ...base, value: normalised, form: 'branch', branch: m[2]! };
    if (m[2] === '000')
      return {
        valid: false,
        value: normalised,
        form: 'branch',
        base: m[1]!,
        branch: m[2],
        problem: problem(
          'BRANCH_ZERO',
          'Mã đơn vị phụ thuộc 000 không hợp lệ.',
          'Dependent-unit suffix 000 is not valid.',
        ),
      };
    return { valid: true, value: normalised, form: 'branch', base: m[1]!, branch: m[2]! };
  }
  if (/^\d{12}$/.test(value)) {
    const id = validateCccd(value, options);
    return id.problem
      ? { valid: false, value, form: 'personalId', problem: id.problem }
      : { valid: true, value, form: 'personalId' };
  }
  const p = digitsProblem(value.replace('-', ''), [10, 13], { vi: 'Mã số thuế', en: 'The tax code' });
  if (p) return { valid: false, value, problem: p };
  if (!/^\d{10}$/.test(value))
    return {
      valid: false,
      value,
      problem: problem(
        'FORMAT',
        'Mã số thuế 13 số phải có dạng NNNNNNNNNN-NNN.',
        'A 13-digit tax code must be written NNNNNNNNNN-NNN.',
      ),
    };
  const expected = mstCheckDigit(value);
  if (expected === 10)
    return {
      valid: false,
      value,
      form: 'enterprise',
      base: value,
      problem: problem(
        'CHECK_DIGIT_UNDEFINED',
        'Chín chữ số đầu của mã số thuế không cho chữ số kiểm tra hợp lệ.',
        'The first nine digits of the tax code give no valid check digit.',
      ),
    };
  if (Number(value[9]) !== expected)
    return {
      valid: false,
      value,
      form: 'enterprise',
      base: value,
      problem: problem(
        'CHECK_DIGIT',
        `Chữ số kiểm tra của mã số thuế sai (phải là ${expected}).`,
        `Wrong tax-code check digit (expected ${expected}).`,
      ),
    };
  return { valid: true, value, form: 'enterprise', base: value };
}

// --- BHXH, budget unit, passport -------------------------------------------------------------------------

/** Social-insurance code: 10 digits (the last 10 characters of the old BHYT card number). */
export function validateBhxh(input: string): ValidationResultBase {
  const value = clean(input);
  const p = digitsProblem(value, [10], { vi: 'Mã số BHXH', en: 'The social-insurance code' });
  return p ? { valid: false, value, problem: p } : { valid: true, value };
}

/** Budget-relationship unit code (mã đơn vị có quan hệ với ngân sách, `MNS:`): 7 digits. */
export function validateBudgetUnitCode(input: string): ValidationResultBase {
  const value = clean(input);
  const p = digitsProblem(value, [7], { vi: 'Mã quan hệ ngân sách', en: 'The budget-unit code' });
  return p ? { valid: false, value, problem: p } : { valid: true, value };
}

/** Vietnamese passport number: one letter and 7 digits, e.g. `C1234567` (upper-cased). */
export function validatePassport(input: string): ValidationResultBase {
  const value = clean(input).toUpperCase();
  if (value === '') return { valid: false, value, problem: problem('EMPTY', 'Số hộ chiếu trống.', 'Empty.') };
  if (!/^[A-Z]\d{7}$/.test(value))
    return {
      valid: false,
      value,
      problem: problem(
        'FORMAT',
        'Số hộ chiếu gồm 1 chữ cái và 7 chữ số.',
        'A passport number is 1 letter followed by 7 digits.',
      ),
    };
  return { valid: true, value };
}

// --- Phone -----------------------------------------------------------------------------------------------

export interface PhoneResult extends ValidationResultBase {
  /** `0xxxxxxxxx` */
  national?: string;
  /** `84xxxxxxxxx` (MSISDN as signing APIs use it) */
  international?: string;
}

const MOBILE = /^(?:\+?84|0)([35789]\d{8})$/;

/** Vietnamese mobile number (`^(?:\+?84|0)(3|5|7|8|9)\d{8}$`; spaces, dots, dashes, parentheses ignored). */
export function validateVietnameseMobile(input: string): PhoneResult {
  const value = clean(input).replace(/[.\-()]/g, '');
  const m = MOBILE.exec(value);
  if (!m)
    return {
      valid: false,
      value,
      problem: problem(
        'FORMAT',
        'Số di động Việt Nam có dạng 0xxxxxxxxx hoặc +84xxxxxxxxx với đầu số 3, 5, 7, 8, 9.',
        'A Vietnamese mobile number is 0xxxxxxxxx or +84xxxxxxxxx with prefix 3, 5, 7, 8 or 9.',
      ),
    };
  return { valid: true, value: `0${m[1]}`, national: `0${m[1]}`, international: `84${m[1]}` };
}
