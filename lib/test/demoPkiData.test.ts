import { describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, DEMO_ORGANIZATIONS, isValidMst, mstCheckDigit } from '../src/demo-pki/index.js';

/** Province codes of Circular 07/2016/TT-BCA used by the demo citizens. */
const PROVINCES: Record<string, string> = {
  '001': 'Hà Nội',
  '031': 'Hải Phòng',
  '036': 'Nam Định',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '079': 'Thành phố Hồ Chí Minh',
  '092': 'Cần Thơ',
};

describe('MST check digit', () => {
  it('computes N10 = 10 − (Σ Ni·Wi mod 11)', () => {
    // 0100686209 and 0102005769 are tax codes quoted in the domain reference.
    expect(mstCheckDigit('010068620')).toBe(9);
    expect(mstCheckDigit('010200576')).toBe(9);
    expect(mstCheckDigit('010568432')).toBe(5);
    expect(mstCheckDigit('031587246')).toBeUndefined(); // remainder 0 → 10: no valid digit
    expect(mstCheckDigit('12345678')).toBeUndefined();
    expect(mstCheckDigit('01056843a')).toBeUndefined();
  });

  it('validates 10-digit and branch tax codes', () => {
    expect(isValidMst('0100686209')).toBe(true);
    expect(isValidMst('0100686209-199')).toBe(true);
    expect(isValidMst('0100686208')).toBe(false);
    expect(isValidMst('0100686209-000')).toBe(false);
    expect(isValidMst('0100686209-19')).toBe(false);
    expect(isValidMst('010068620')).toBe(false);
  });
});

describe('demo citizens and organizations', () => {
  it('CCCD numbers encode a real province code, gender/century and birth year', () => {
    for (const c of Object.values(DEMO_CITIZENS)) {
      if (!('cccd' in c)) continue;
      expect(c.cccd, c.id).toMatch(/^\d{12}$/);
      expect(PROVINCES[c.cccd.slice(0, 3)], c.id).toBeDefined();
      const year = Number(c.birthDate.slice(0, 4));
      const g = Number(c.cccd[3]);
      expect(g % 2, c.id).toBe(c.gender === 'male' ? 0 : 1);
      expect(1900 + Math.floor(g / 2) * 100 + Number(c.cccd.slice(4, 6)), c.id).toBe(year);
    }
  });

  it('every citizen has a CCCD or a 9-digit CMND; names carry diacritics', () => {
    for (const c of Object.values(DEMO_CITIZENS)) {
      const ids = ('cccd' in c ? 1 : 0) + ('cmnd' in c ? 1 : 0);
      expect(ids, c.id).toBe(1);
      if ('cmnd' in c) expect(c.cmnd).toMatch(/^\d{9}$/);
      expect(c.fullName.normalize('NFD')).not.toBe(c.fullName);
      if ('phone' in c) expect(c.phone).toMatch(/^0(3|5|7|8|9)\d{8}$/);
    }
  });

  it('organization tax codes are valid and names are marked DEMO', () => {
    for (const o of Object.values(DEMO_ORGANIZATIONS)) {
      expect(o.name, o.id).toContain('DEMO');
      if ('mst' in o) expect(isValidMst(o.mst), o.id).toBe(true);
      if ('mns' in o) expect(o.mns).toMatch(/^\d{7}$/);
    }
  });
});
