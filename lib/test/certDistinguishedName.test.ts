import { describe, expect, it } from 'vitest';
import {
  type DistinguishedName,
  dnEquals,
  makeAttribute,
  parseDistinguishedName,
  renderRfc4514,
  renderWindows,
} from '../src/cert/index.js';
import { KysoError } from '../src/protocol/kysoError.js';

const UID = '0.9.2342.19200300.100.1.1';
const pairs = (dn: DistinguishedName) =>
  dn.map((rdn) => rdn.map((a) => `${a.shortName ?? a.oid}=${a.value}`).join('+'));

describe('parseDistinguishedName: the reference §3.1 examples', () => {
  it('SmartCA personal, encoding order with C first', () => {
    const dn = parseDistinguishedName('C=VN,ST=Hà Nội,L=Cầu Giấy,CN=Nguyễn Văn A,UID=CCCD:001099012345', {
      order: 'asn1',
    });
    expect(pairs(dn)).toEqual([
      'C=VN',
      'ST=Hà Nội',
      'L=Cầu Giấy',
      'CN=Nguyễn Văn A',
      'UID=CCCD:001099012345',
    ]);
  });

  it('person in organisation with two UID RDNs and a branch MST', () => {
    const dn = parseDistinguishedName(
      'C=VN,ST=Ha Noi,L=Dong Da,O=Cong ty B,UID=MST:0100686209-199,UID=CCCD:001099012345,CN=Tran Thi C',
    );
    const uids = dn.flat().filter((a) => a.oid === UID);
    expect(uids.map((a) => a.value)).toEqual(['CCCD:001099012345', 'MST:0100686209-199']);
  });

  it('organisation in Windows rendering (OID.…, S=, spaces after commas)', () => {
    const dn = parseDistinguishedName(
      'OID.0.9.2342.19200300.100.1.1=MST:0102005769, CN=CÔNG TY TNHH ABC, S=THÀNH PHỐ HÀ NỘI, C=VN',
    );
    expect(pairs(dn)).toEqual(['C=VN', 'ST=THÀNH PHỐ HÀ NỘI', 'CN=CÔNG TY TNHH ABC', 'UID=MST:0102005769']);
  });

  it('doctor with a quoted CN containing a comma and T=', () => {
    const dn = parseDistinguishedName(
      'UID=CMND:023456789, UID=MST:8000000011, CN="Phạm Văn E, 001234/HCM-CCHN", T=BS CK II, O=Bệnh viện Chợ Rẫy, ST=TP Hồ Chí Minh, C=VN',
    );
    expect(pairs(dn)).toEqual([
      'C=VN',
      'ST=TP Hồ Chí Minh',
      'O=Bệnh viện Chợ Rẫy',
      'T=BS CK II',
      'CN=Phạm Văn E, 001234/HCM-CCHN',
      'UID=MST:8000000011',
      'UID=CMND:023456789',
    ]);
  });

  it('government agency with repeated OU', () => {
    const dn = parseDistinguishedName(
      'C=VN,O=Bộ Tài chính,OU=Tổng Cục thuế,OU=Cục thuế TP Hồ Chí Minh,L=Quận 1,CN=Chi cục thuế Quận 1,UID=MST:0301519977-029',
      { order: 'asn1' },
    );
    expect(dn.flat().filter((a) => a.shortName === 'OU').length).toBe(2);
    expect(dn[dn.length - 1]![0]!.value).toBe('MST:0301519977-029');
  });

  it('budget unit with EMAILADDRESS=', () => {
    const dn = parseDistinguishedName(
      'EMAILADDRESS=soyte@danang.gov.vn, UID=MST:0400260612, UID=MNS:1047665, CN=Sở Y tế, O=ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG, L=Đà Nẵng, C=VN',
    );
    expect(dn[dn.length - 1]![0]).toMatchObject({ oid: '1.2.840.113549.1.9.1', shortName: 'E' });
    expect(dn.length).toBe(7);
  });

  it('individual with OID.2.5.4.20 phone', () => {
    const dn = parseDistinguishedName(
      'OID.2.5.4.20=0912345678, EMAILADDRESS=a@b.vn, UID=CCCD:079203001234, CN=Lê Văn F, ST=Hồ Chí Minh, C=VN',
    );
    expect(dn[dn.length - 1]![0]).toMatchObject({ oid: '2.5.4.20', value: '0912345678' });
  });

  it('accepts a bare dotted UID OID, ST=/S=, lower-case names and ; separators', () => {
    const a = parseDistinguishedName('0.9.2342.19200300.100.1.1=MST:0102005769;cn=X;st=Hà Nội;c=VN');
    const b = parseDistinguishedName('UID=MST:0102005769,CN=X,S=Hà Nội,C=VN');
    expect(dnEquals(a, b)).toBe(true);
    expect(a[0]![0]!.shortName).toBe('C');
  });
});

describe('parseDistinguishedName: escapes, quotes, multi-valued RDNs', () => {
  it('handles RFC 4514 escapes including UTF-8 hex pairs', () => {
    const dn = parseDistinguishedName('CN=Nguy\\e1\\bb\\85n\\, A\\+B\\=C\\;\\"q\\",O=\\#x\\ ');
    expect(dn[1]![0]!.value).toBe('Nguyễn, A+B=C;"q"');
    expect(dn[0]![0]!.value).toBe('#x ');
  });

  it('handles quotes with doubled quotes and multi-valued RDNs', () => {
    const dn = parseDistinguishedName('CN="Say ""hi""" + UID=CCCD:001099012345, C=VN');
    expect(dn[1]!.map((a) => a.value)).toEqual(['Say "hi"', 'CCCD:001099012345']);
  });

  it('decodes #hex values of string types (UTF8String, BMPString, UniversalString)', () => {
    const dn = parseDistinguishedName(
      'CN=#0c0548c3a0204e,O=#1e04004800e0,L=#1c08000000410000 00e0'.replace(' ', ''),
    );
    expect(pairs(dn)).toEqual(['L=Aà', 'O=Hà', 'CN=Hà N']);
    const other = parseDistinguishedName('2.5.4.45=#030200ff');
    expect(other[0]![0]!.value).toBe('#030200ff');
  });

  it('NFC-normalises NFD input', () => {
    const nfd = 'CN=Nguyễn Văn A'.normalize('NFD');
    expect(parseDistinguishedName(nfd)[0]![0]!.value).toBe('Nguyễn Văn A'.normalize('NFC'));
  });

  it('rejects malformed strings with INVALID_REQUEST and a position', () => {
    for (const bad of [
      'CN',
      'CN=a,',
      'FOO=bar',
      'CN="unterminated',
      'CN=a,=b',
      'CN="a" x',
      'CN=\\zz\\',
      '=x',
    ]) {
      try {
        parseDistinguishedName(bad);
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(e).toBeInstanceOf(KysoError);
        expect((e as KysoError).code).toBe('INVALID_REQUEST');
        expect((e as KysoError).data?.position).toBeTypeOf('number');
      }
    }
    expect(parseDistinguishedName('   ')).toEqual([]);
  });
});

describe('rendering', () => {
  const dn: DistinguishedName = [
    [makeAttribute('2.5.4.6', 'VN')],
    [makeAttribute('2.5.4.8', 'Hà Nội')],
    [makeAttribute('2.5.4.10', 'Công ty "Á", chi nhánh')],
    [makeAttribute('2.5.4.12', 'Giám đốc')],
    [makeAttribute(UID, 'MST:0100686209-199')],
    [makeAttribute('2.5.4.3', ' Đinh Thị B'), makeAttribute(UID, 'CCCD:001099012345')],
    [makeAttribute('1.2.840.113549.1.9.1', 'b@example.vn')],
    [makeAttribute('2.5.4.20', '0912345678')],
  ];

  it('renders RFC 4514 (common names, reversed) and round-trips', () => {
    const s = renderRfc4514(dn);
    expect(s).toBe(
      'TelephoneNumber=0912345678,E=b@example.vn,CN=\\ Đinh Thị B+UID=CCCD:001099012345,UID=MST:0100686209-199,T=Giám đốc,O=Công ty \\"Á\\"\\, chi nhánh,ST=Hà Nội,C=VN',
    );
    expect(parseDistinguishedName(s)).toEqual(dn);
  });

  it('renders strict RFC 4514 with dotted OIDs and #hex for other types, and round-trips', () => {
    const s = renderRfc4514(dn, { names: 'strict' });
    expect(s).toContain('2.5.4.12=#0c0c4769c3a16d20c491e1bb9163');
    expect(s).toContain('1.2.840.113549.1.9.1=#0c0c');
    expect(parseDistinguishedName(s).map((r) => r.map((a) => a.value))).toEqual(
      dn.map((r) => r.map((a) => a.value)),
    );
  });

  it('renders encoding order for portals that expect C first', () => {
    expect(renderRfc4514(dn.slice(0, 2), { order: 'asn1' })).toBe('C=VN,ST=Hà Nội');
  });

  it('renders the Windows form and round-trips', () => {
    const s = renderWindows(dn);
    expect(s).toBe(
      'OID.2.5.4.20=0912345678, E=b@example.vn, CN=" Đinh Thị B" + OID.0.9.2342.19200300.100.1.1=CCCD:001099012345, OID.0.9.2342.19200300.100.1.1=MST:0100686209-199, T=Giám đốc, O="Công ty ""Á"", chi nhánh", S=Hà Nội, C=VN',
    );
    expect(parseDistinguishedName(s)).toEqual(dn);
  });
});

describe('dnEquals', () => {
  it('equates the RFC 4514, Windows and OpenSSL renderings of one name', () => {
    const a = 'UID=MST:0102005769,CN=CÔNG TY TNHH ABC,ST=THÀNH PHỐ HÀ NỘI,C=VN';
    const b = 'OID.0.9.2342.19200300.100.1.1=MST:0102005769, CN=Công ty TNHH  ABC, S=Thành phố Hà Nội, C=VN';
    expect(dnEquals(a, b)).toBe(true);
    expect(dnEquals(a, b.normalize('NFD'))).toBe(true);
  });

  it('is order-sensitive unless asked, and set-based inside a multi-valued RDN', () => {
    const a = 'CN=A,O=B,C=VN';
    const b = 'C=VN,O=B,CN=A';
    expect(dnEquals(a, b)).toBe(false);
    expect(dnEquals(a, b, { ignoreOrder: true })).toBe(true);
    expect(dnEquals('CN=A+UID=CCCD:1,C=VN', 'UID=CCCD:1+CN=a,C=VN')).toBe(true);
  });

  it('detects a different value, an extra RDN or a split multi-valued RDN', () => {
    expect(dnEquals('CN=A,C=VN', 'CN=B,C=VN')).toBe(false);
    expect(dnEquals('CN=A,C=VN', 'CN=A,O=X,C=VN')).toBe(false);
    expect(dnEquals('CN=A+O=B', 'CN=A,O=B', { ignoreOrder: true })).toBe(false);
    expect(dnEquals('CN=Hà', 'CN=Ha')).toBe(false);
  });
});

describe('GeneralName rendering of IPv6 (RFC 5952)', () => {
  it('compresses the longest zero run only', async () => {
    const { decodeGeneralName } = await import('../src/cert/certificateExtensions.js');
    const ip = (hex: string) => {
      const bytes = Uint8Array.from([
        0x87,
        hex.length / 2,
        ...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)),
      ]);
      return decodeGeneralName(bytes, { tag: 0x87, start: 0, valueStart: 2, end: bytes.length }, 'ip').value;
    };
    expect(ip('20010db8000000000000000000000001')).toBe('2001:db8::1');
    expect(ip('20010db8000000010000000000000000')).toBe('2001:db8:0:1::');
    expect(ip('00000000000000000000000000000001')).toBe('::1');
    expect(ip('20010db8000100020003000400050006')).toBe('2001:db8:1:2:3:4:5:6');
    expect(ip('20010db8000000010001000000000001')).toBe('2001:db8:0:1:1::1');
    expect(ip('0a000007')).toBe('10.0.0.7');
  });
});

describe('DN strings: seeded random inputs', () => {
  const alphabet = [
    'C',
    'N',
    'O',
    'U',
    'I',
    'D',
    'S',
    'T',
    '=',
    ',',
    '+',
    ';',
    '"',
    '\\',
    '#',
    ' ',
    'a',
    'ễ',
    'Đ',
    '0',
    '9',
    '.',
    'c3',
    'OID.',
  ];
  let state = 12345;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };

  it('parsing only ever throws KysoError, and whatever parses round-trips through both renderings', () => {
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const text =
        i % 2 === 0
          ? Array.from({ length: 1 + rand(30) }, () => alphabet[rand(alphabet.length)]).join('')
          : `CN=${Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join('')},UID=CCCD:0${rand(9)}`;
      let dn: DistinguishedName;
      try {
        dn = parseDistinguishedName(text);
      } catch (e) {
        expect(e).toBeInstanceOf(KysoError);
        continue;
      }
      parsed++;
      const values = (d: DistinguishedName) => d.map((r) => r.map((a) => [a.oid, a.value]));
      expect(values(parseDistinguishedName(renderRfc4514(dn)))).toEqual(values(dn));
      expect(values(parseDistinguishedName(renderWindows(dn)))).toEqual(values(dn));
      expect(dnEquals(renderRfc4514(dn), renderWindows(dn))).toBe(true);
    }
    expect(parsed).toBeGreaterThan(300);
  });
});
