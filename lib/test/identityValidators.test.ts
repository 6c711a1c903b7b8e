import { describe, expect, it } from 'vitest';
import {
  CCCD_PROVINCE_CODES,
  mstCheckDigit,
  validateBhxh,
  validateBudgetUnitCode,
  validateCccd,
  validateCmnd,
  validateMst,
  validatePassport,
  validateVietnameseMobile,
} from '../src/identity/index.js';

const now = new Date('2026-11-27T00:00:00Z');

describe('CCCD', () => {
  it('has the 63 province codes, all 3 digits and distinct', () => {
    const codes = Object.keys(CCCD_PROVINCE_CODES);
    expect(codes.length).toBe(63);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
    expect(CCCD_PROVINCE_CODES['001']).toBe('Hà Nội');
    expect(CCCD_PROVINCE_CODES['079']).toBe('Hồ Chí Minh');
    expect(CCCD_PROVINCE_CODES['048']).toBe('Đà Nẵng');
    expect(CCCD_PROVINCE_CODES['096']).toBe('Cà Mau');
  });

  it('decodes province, gender, century and birth year', () => {
    expect(validateCccd('001099012345', { now })).toEqual({
      valid: true,
      value: '001099012345',
      province: { code: '001', name: 'Hà Nội' },
      gender: 'male',
      birthCentury: 1900,
      birthYear: 1999,
      serial: '012345',
    });
    expect(validateCccd('079 305 001234', { now })).toMatchObject({
      valid: true,
      value: '079305001234',
      gender: 'female',
      birthCentury: 2000,
      birthYear: 2005,
    });
    expect(validateCccd('001100000001', { now })).toMatchObject({ gender: 'female', birthYear: 1900 });
    expect(validateCccd('001226000001', { now })).toMatchObject({ valid: true, birthYear: 2026 });
  });

  it('rejects wrong length, non-digits, unknown province, future birth year', () => {
    expect(validateCccd('00109901234', { now }).problem?.code).toBe('LENGTH');
    expect(validateCccd('0010990123456', { now }).problem?.code).toBe('LENGTH');
    expect(validateCccd('00109901234a', { now }).problem?.code).toBe('NOT_DIGITS');
    expect(validateCccd('', { now }).problem?.code).toBe('EMPTY');
    const unknown = validateCccd('003099012345', { now });
    expect(unknown).toMatchObject({ valid: false, province: { code: '003', name: undefined } });
    expect(unknown.problem?.code).toBe('PROVINCE_UNKNOWN');
    expect(validateCccd('001227000001', { now }).problem?.code).toBe('BIRTH_YEAR_IN_FUTURE');
    expect(validateCccd('001499000001', { now }).problem?.code).toBe('BIRTH_YEAR_IN_FUTURE');
    expect(validateCccd('001099012345', { now }).problem).toBeUndefined();
    expect(validateCccd('003099012345').problem?.vi).toMatch(/Mã tỉnh 003/);
  });
});

describe('CMND', () => {
  it('accepts 9 digits and 12 digits in CCCD form', () => {
    expect(validateCmnd('012345678')).toEqual({ valid: true, value: '012345678', format: 'old-9' });
    expect(validateCmnd('001099012345', { now })).toMatchObject({ valid: true, format: 'new-12' });
  });
  it('rejects 8, 10, 11, 13 digits and a bad 12-digit province', () => {
    for (const v of ['01234567', '0123456789', '01234567890', '0010990123456'])
      expect(validateCmnd(v).problem?.code).toBe('LENGTH');
    expect(validateCmnd('999099012345', { now })).toMatchObject({ valid: false, format: 'new-12' });
  });
});

describe('MST', () => {
  it('validates real 10-digit tax codes from the reference', () => {
    for (const m of ['0102005769', '0400260612', '0301519977', '0106323762', '0100686209'])
      expect(validateMst(m)).toEqual({ valid: true, value: m, form: 'enterprise', base: m });
  });
  it('computes the check digit with W = 31,29,23,19,17,13,7,5,3', () => {
    expect(mstCheckDigit('010200576')).toBe(9);
    // Σ = 31·1 + … ; remainder 0 gives 10: no valid digit
    expect(mstCheckDigit('100000008')).toBe(10);
    expect(validateMst('1000000080').problem?.code).toBe('CHECK_DIGIT_UNDEFINED');
    expect(validateMst('0102005768')).toMatchObject({ valid: false, problem: { code: 'CHECK_DIGIT' } });
  });
  it('accepts NNNNNNNNNN-NNN branches, normalises the hyphen, rejects 000 and bad bases', () => {
    expect(validateMst('0100686209-199')).toEqual({
      valid: true,
      value: '0100686209-199',
      form: 'branch',
      base: '0100686209',
      branch: '199',
    });
    expect(validateMst('0100686209199').value).toBe('0100686209-199');
    expect(validateMst('0100686209-000').problem?.code).toBe('BRANCH_ZERO');
    expect(validateMst('0100686208-001')).toMatchObject({ valid: false, problem: { code: 'CHECK_DIGIT' } });
  });
  it('treats 12 digits as a personal identification number', () => {
    expect(validateMst('001099012345', { now })).toMatchObject({ valid: true, form: 'personalId' });
    expect(validateMst('999099012345', { now })).toMatchObject({ valid: false, form: 'personalId' });
  });
  it('rejects other lengths and characters', () => {
    expect(validateMst('010200576').problem?.code).toBe('LENGTH');
    expect(validateMst('01020057699').problem?.code).toBe('LENGTH');
    expect(validateMst('0102005769-19').problem?.code).toBe('LENGTH');
    expect(validateMst('01020O5769').problem?.code).toBe('NOT_DIGITS');
    expect(validateMst('01006862-09199').problem?.code).toBe('FORMAT');
  });
});

describe('BHXH, budget unit, passport', () => {
  it('BHXH has 10 digits', () => {
    expect(validateBhxh('0123456789').valid).toBe(true);
    expect(validateBhxh('012345678').problem?.code).toBe('LENGTH');
    expect(validateBhxh('01234567890').problem?.code).toBe('LENGTH');
    expect(validateBhxh('012345678x').problem?.code).toBe('NOT_DIGITS');
  });
  it('MNS has 7 digits', () => {
    expect(validateBudgetUnitCode('1047665').valid).toBe(true);
    expect(validateBudgetUnitCode('104766').valid).toBe(false);
    expect(validateBudgetUnitCode('10476650').valid).toBe(false);
  });
  it('passport is one letter and 7 digits', () => {
    expect(validatePassport('C1234567')).toEqual({ valid: true, value: 'C1234567' });
    expect(validatePassport('c1234567').value).toBe('C1234567');
    for (const v of ['C123456', 'C12345678', '11234567', 'CC123456', ''])
      expect(validatePassport(v).valid).toBe(false);
  });
});

describe('Vietnamese mobile numbers', () => {
  it('accepts 0, 84 and +84 forms with prefixes 3, 5, 7, 8, 9 and normalises', () => {
    const expected = {
      valid: true,
      value: '0912345678',
      national: '0912345678',
      international: '84912345678',
    };
    for (const v of [
      '0912345678',
      '84912345678',
      '+84912345678',
      '091 234 5678',
      '091.234.5678',
      '(+84) 91-234-5678',
    ])
      expect(validateVietnameseMobile(v)).toEqual(expected);
    for (const p of ['3', '5', '7', '8', '9'])
      expect(validateVietnameseMobile(`0${p}12345678`).valid).toBe(true);
  });
  it('rejects landlines, wrong prefixes and lengths', () => {
    for (const v of [
      '0241234567',
      '0612345678',
      '091234567',
      '09123456789',
      '8491234567',
      '+840912345678',
      'abc',
    ])
      expect(validateVietnameseMobile(v).valid).toBe(false);
  });
});
