import { describe, expect, it } from 'vitest';
import { parseDistinguishedName } from '../src/cert/index.js';
import { extractIdentity, parseIdentifier, subjectTypeOf } from '../src/identity/index.js';

const now = new Date('2026-11-27T00:00:00Z');

describe('parseIdentifier', () => {
  it('splits at the first colon and validates known types', () => {
    expect(parseIdentifier('CCCD:001099012345', { now })).toMatchObject({
      type: 'CCCD',
      value: '001099012345',
      valid: true,
      raw: 'CCCD:001099012345',
      formatChecked: true,
      details: { province: { code: '001', name: 'Hà Nội' }, gender: 'male', birthYear: 1999 },
    });
    expect(parseIdentifier('MST:0100686209-199')).toMatchObject({
      type: 'MST',
      valid: true,
      details: { form: 'branch', base: '0100686209', branch: '199' },
    });
    expect(parseIdentifier('MST:0100686209-000')).toMatchObject({
      valid: false,
      problem: { code: 'BRANCH_ZERO' },
    });
    expect(parseIdentifier('CMND:12345678')).toMatchObject({ type: 'CMND', valid: false });
    expect(parseIdentifier('HC:B7654321')).toMatchObject({ type: 'HC', valid: true });
    expect(parseIdentifier('BHXH:0123456789')).toMatchObject({ type: 'BHXH', valid: true });
    expect(parseIdentifier('MNS:1047665')).toMatchObject({ type: 'MNS', valid: true });
    expect(parseIdentifier(' cccd : 001099012345 ', { now })).toMatchObject({ type: 'CCCD', valid: true });
  });

  it('normalises QĐ from QD, lower case, NFD and a combining stroke', () => {
    for (const raw of [
      'QĐ:123/QĐ-UBND',
      'QD:123/QĐ-UBND',
      'qđ:123/QĐ-UBND',
      'QĐ:123/QĐ-UBND'.normalize('NFD'),
      'QD\u0335:123/QĐ-UBND',
    ])
      expect(parseIdentifier(raw)).toMatchObject({
        type: 'QĐ',
        value: '123/QĐ-UBND',
        valid: true,
        formatChecked: false,
      });
    expect(parseIdentifier('QĐ:')).toMatchObject({ type: 'QĐ', valid: false });
  });

  it('keeps PID, PPID, MDV, unknown and missing prefixes with the raw value', () => {
    expect(parseIdentifier('PID:abc')).toMatchObject({
      type: 'PID',
      value: 'abc',
      valid: true,
      formatChecked: false,
    });
    expect(parseIdentifier('PPID:xyz:1')).toMatchObject({ type: 'PPID', value: 'xyz:1', raw: 'PPID:xyz:1' });
    expect(parseIdentifier('MDV:T12')).toMatchObject({ type: 'MDV', value: 'T12' });
    expect(parseIdentifier('ABC:42')).toMatchObject({ type: 'ABC', value: '42', valid: true, raw: 'ABC:42' });
    expect(parseIdentifier('0102005769')).toMatchObject({
      type: 'UNKNOWN',
      value: '0102005769',
      raw: '0102005769',
    });
  });
});

describe('subject type and identity', () => {
  const ids = (...raws: string[]) => raws.map((r) => parseIdentifier(r, { now }));

  it('derives the subject type from the prefixes', () => {
    expect(subjectTypeOf(ids('CCCD:001099012345'))).toBe('personal');
    expect(subjectTypeOf(ids('HC:C1234567', 'CMND:012345678'))).toBe('personal');
    expect(subjectTypeOf(ids('MST:0102005769'))).toBe('organization');
    expect(subjectTypeOf(ids('MST:0400260612', 'MNS:1047665'))).toBe('organization');
    expect(subjectTypeOf(ids('QĐ:1', 'BHXH:0123456789', 'MDV:1'))).toBe('organization');
    expect(subjectTypeOf(ids('MST:0100686209-199', 'CCCD:001099012345'))).toBe('personalInOrganization');
  });

  it('falls back on O and CN without a known identifier', () => {
    expect(subjectTypeOf(ids('PID:1'), parseDistinguishedName('CN=A,C=VN'))).toBe('personal');
    expect(subjectTypeOf([], parseDistinguishedName('CN=Cty A,O=Cty A,C=VN'))).toBe('organization');
    expect(subjectTypeOf([], parseDistinguishedName('CN=Nguyễn A,O=Cty A,C=VN'))).toBe(
      'personalInOrganization',
    );
  });

  it('extracts every UID, phones, titles and e-mails from DN and SAN', () => {
    const dn = parseDistinguishedName(
      'OID.2.5.4.20=0912345678, TelephoneNumber=0241234567, EMAILADDRESS=a@b.vn, T=Kế toán trưởng, UID=CCCD:001099012345, UID=MST:0100686209-199, CN=Lê Văn F, O=Công ty X, C=VN',
    );
    const id = extractIdentity(dn, ['c@d.vn'], { now });
    expect(id.subjectType).toBe('personalInOrganization');
    expect(id.identifiers.map((i) => [i.type, i.valid])).toEqual([
      ['MST', true],
      ['CCCD', true],
    ]);
    expect(id.phones).toEqual([
      { raw: '0241234567', valid: false },
      { raw: '0912345678', valid: true, national: '0912345678', international: '84912345678' },
    ]);
    expect(id.titles).toEqual(['Kế toán trưởng']);
    expect(id.emails).toEqual([
      { address: 'a@b.vn', source: 'dn' },
      { address: 'c@d.vn', source: 'san' },
    ]);
  });
});
