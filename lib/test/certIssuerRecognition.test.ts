import { describe, expect, it } from 'vitest';
import { CA_FAMILIES, foldVietnamese, parseDistinguishedName, recogniseIssuer } from '../src/cert/index.js';
import { CA_DEFINITIONS } from '../src/demo-pki/index.js';

describe('recogniseIssuer', () => {
  const cases: [string, string, string][] = [
    ['C=VN,O=VIETNAM POSTS AND TELECOMMUNICATIONS GROUP,CN=VNPT SmartCA RS', 'VNPT-CA', 'public'],
    ['CN=VNPT-CA SHA2,OU=VNPT-CA Trust Network,O=VNPT Group,C=VN', 'VNPT-CA', 'public'],
    ['CN=ViettelCA, O=Viettel Group, L=Hà Nội, C=VN', 'Viettel-CA', 'public'],
    [
      'CN=FPT Certification Authority, OU=FPT Information System, O=FPT Corporation, C=VN',
      'FPT-CA',
      'public',
    ],
    ['CN=BkavCA SHA256, O=Bkav Corporation, C=VN', 'BkavCA', 'public'],
    ['CN=NC-CA SHA256, O=CÔNG TY CỔ PHẦN CÔNG NGHỆ NCCA, C=VN', 'NC-CA', 'public'],
    ['CN=WINCA CA, O=CÔNG TY TNHH WINGROUP, C=VN', 'WINCA', 'public'],
    ['CN=MISA eSign CA, O=MISA JSC, C=VN', 'MISA', 'public'],
    ['CN=EFY-CA, C=VN', 'EFY-CA', 'public'],
    ['CN=NewCA, C=VN', 'NewCA', 'public'],
    ['CN=SafeCert CA, C=VN', 'SafeCert', 'public'],
    ['CN=SmartSign, C=VN', 'SmartSign', 'public'],
    ['CN=CA2, O=Nacencomm, C=VN', 'CA2', 'public'],
    ['CN=LCS-CA G1, C=VN', 'LCS-CA', 'public'],
    ['CN=EasyCA, C=VN', 'EasyCA', 'public'],
    ['CN=FastCA SHA-256, C=VN', 'FastCA', 'public'],
    ['CN=Vina-CA, C=VN', 'Vina-CA', 'public'],
    ['C=VN, O=Ban Cơ yếu Chính phủ, CN=CA phục vụ các cơ quan Nhà nước G2', 'VGCA', 'government'],
    ['C=VN,O=Ban Co yeu Chinh phu,CN=Co quan chung thuc so Bo Tai chinh', 'VGCA', 'government'],
    ['CN=RootCA chuyên dùng Chính phủ G2, C=VN', 'VGCA', 'government'],
    [
      'CN=Vietnam National Root CA, O=Ministry of Information and Communications, C=VN',
      'NEAC',
      'national-root',
    ],
    ['CN=MIC National Root CA, C=VN', 'NEAC', 'national-root'],
  ];

  it.each(cases)('%s → %s', (dn, family, kind) => {
    const r = recogniseIssuer(dn);
    expect(r).toMatchObject({ family, kind, demo: false });
    expect(r?.displayName.vi.length).toBeGreaterThan(0);
    expect(recogniseIssuer(parseDistinguishedName(dn))?.family).toBe(family);
  });

  it("recognises every CA of Kyso's demo PKI as a demo of the right family", () => {
    const expected: Record<string, string> = {
      nationalRoot: 'NEAC',
      vnpt: 'VNPT-CA',
      viettel: 'Viettel-CA',
      fpt: 'FPT-CA',
      governmentRoot: 'VGCA',
      govAgencies: 'VGCA',
    };
    for (const def of CA_DEFINITIONS) {
      const dn = `CN=${def.cn},${def.unit ? `OU=${def.unit},` : ''}O=${def.organization},C=VN`;
      expect(recogniseIssuer(dn)).toMatchObject({ family: expected[def.key], demo: true });
    }
    expect(recogniseIssuer('O=DEMO Tập đoàn Công nghiệp - Viễn thông Quân đội')?.family).toBe('Viettel-CA');
  });

  it('maps demo CAs to their family and flags demo', () => {
    expect(recogniseIssuer('CN=DEMO VNPT-CA, O=Kyso Demo, C=VN')).toMatchObject({
      family: 'VNPT-CA',
      demo: true,
    });
    expect(recogniseIssuer('CN=Demo Ban Cơ yếu Chính phủ, C=VN')).toMatchObject({
      family: 'VGCA',
      demo: true,
    });
    expect(recogniseIssuer('DEMO FPT-CA')).toMatchObject({ family: 'FPT-CA', demo: true });
  });

  it('accepts a description-like object and bare names; returns null for unknown issuers', () => {
    expect(recogniseIssuer({ issuer: parseDistinguishedName('CN=ViettelCA,C=VN') })?.family).toBe(
      'Viettel-CA',
    );
    expect(recogniseIssuer('VNPT-CA SHA2')?.family).toBe('VNPT-CA');
    expect(recogniseIssuer("CN=Let's Encrypt R3, O=Let's Encrypt, C=US")).toBeNull();
    expect(recogniseIssuer('CN=Entrust CA, C=US')).toBeNull();
    expect(recogniseIssuer('CN=Smart CA Demo Inc, C=US')).toBeNull();
    expect(recogniseIssuer([])).toBeNull();
  });

  it('has one entry per family and folds diacritics', () => {
    const names = CA_FAMILIES.map((f) => f.family);
    expect(new Set(names).size).toBe(names.length);
    expect(foldVietnamese('Ban Cơ yếu Chính phủ Đà')).toBe('BAN CO YEU CHINH PHU DA');
  });
});
