import { X509Certificate } from 'node:crypto';
import { bytesToBase64 } from '@kyso/lib/encoding';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateCacheSize,
  clearCertificateCache,
  parseCertificate,
  parseDistinguishedName,
  renderRfc4514,
  setCertificateCacheLimit,
} from '../src/cert/index.js';
import { KysoError } from '../src/protocol/kysoError.js';
import {
  type GeneratedCertificate,
  makeCertificate,
  openssl,
  VIETNAMESE_SIGNING_EXTENSIONS,
} from './fixtures/cert/opensslCertificates.js';

let personInOrg: GeneratedCertificate;
let ec256: GeneratedCertificate;
let ec384: GeneratedCertificate;
let legacyStrings: GeneratedCertificate;
let doctor: GeneratedCertificate;
let budgetUnit: GeneratedCertificate;
let caCert: GeneratedCertificate;

beforeAll(() => {
  personInOrg = makeCertificate({
    subject:
      '/C=VN/ST=Hà Nội/L=Cầu Giấy/O=Công ty Cổ phần A/UID=MST:0100686209-199/UID=CCCD:001099012345/CN=Đinh Thị B',
    extensions: VIETNAMESE_SIGNING_EXTENSIONS,
    serial: '540101abcdef0123',
  });
  ec256 = makeCertificate({
    subject: '/C=VN/ST=Hồ Chí Minh/CN=Trần Văn C/UID=CCCD:079203001234',
    key: 'p256',
    extensions: [
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
      'subjectAltName=otherName:1.3.6.1.4.1.311.20.2.3;UTF8:tran.van.c@example.vn,dirName:dir_sect,RID:1.2.3.4,IP:2001:db8::1',
    ],
    days: 365 * 40, // notAfter after 2049: GeneralizedTime
  });
  ec384 = makeCertificate({
    subject: '/C=VN/CN=Lê Thị D/UID=HC:C1234567',
    key: 'p384',
    digest: 'sha384',
  });
  legacyStrings = makeCertificate({
    subject: '/C=VN/ST=Hà Nội/L=Hà/O=Café Đà Lạt/CN=Nguyễn Văn A+UID=CMND:012345678',
    stringMask: 'default',
    multivalueRdn: true,
  });
  doctor = makeCertificate({
    subject:
      '/C=VN/ST=TP Hồ Chí Minh/O=Bệnh viện Chợ Rẫy/title=BS CK II/CN=Phạm Văn E, 001234\\/HCM-CCHN/UID=MST:8000000011/UID=CMND:023456789/telephoneNumber=0912345678',
  });
  budgetUnit = makeCertificate({
    subject:
      '/C=VN/L=Đà Nẵng/O=ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG/CN=Sở Y tế/UID=MNS:1047665/UID=MST:0400260612/emailAddress=soyte@danang.gov.vn',
  });
  caCert = makeCertificate({
    subject: '/C=VN/O=DEMO Viettel Group/CN=DEMO ViettelCA',
    extensions: [
      'basicConstraints=critical,CA:TRUE,pathlen:1',
      'keyUsage=critical,keyCertSign,cRLSign',
      'authorityKeyIdentifier=keyid,issuer:always',
    ],
    serial: '5404aa',
  });
});

function fingerprintOf(pem: string, algo: 'sha1' | 'sha256'): string {
  return openssl(['x509', '-noout', '-fingerprint', `-${algo}`], pem)
    .split('=')[1]!
    .trim()
    .replace(/:/g, '')
    .toLowerCase();
}

describe('parseCertificate: fields against openssl and node:crypto', () => {
  it('serial, validity, fingerprints and key agree with the independent oracles', () => {
    for (const c of [personInOrg, ec256, ec384, legacyStrings, doctor, budgetUnit, caCert]) {
      const d = parseCertificate(c.der);
      const x = new X509Certificate(c.pem);
      expect(d.serialNumber).toBe(x.serialNumber.toLowerCase());
      expect(d.fingerprints.sha256).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
      expect(d.fingerprints.sha1).toBe(x.fingerprint.replace(/:/g, '').toLowerCase());
      expect(d.fingerprints.sha256).toBe(fingerprintOf(c.pem, 'sha256'));
      expect(d.notBefore.getTime()).toBe(new Date(x.validFrom).getTime());
      expect(d.notAfter.getTime()).toBe(new Date(x.validTo).getTime());
      expect(d.selfIssued).toBe(true);
      expect(d.version).toBe(d.extensions.length > 0 ? 3 : 1); // openssl writes v1 without extensions
      const jwk = x.publicKey.export({ format: 'jwk' });
      if (jwk.kty === 'RSA') expect(d.publicKey.size).toBe(x.publicKey.asymmetricKeyDetails?.modulusLength);
      expect(Buffer.from(d.publicKey.spki)).toEqual(x.publicKey.export({ type: 'spki', format: 'der' }));
    }
    expect(parseCertificate(personInOrg.der).serialNumber).toBe('540101abcdef0123');
  });

  it('describes an RSA signing certificate with every Vietnamese-profile extension', () => {
    const d = parseCertificate(personInOrg.pem);
    expect(d.publicKey).toMatchObject({ algorithm: 'RSA', size: 2048, curve: null });
    expect(d.signatureAlgorithm).toEqual({
      oid: '1.2.840.113549.1.1.11',
      name: 'sha256WithRSAEncryption',
      hash: 'SHA-256',
    });
    expect(d.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment']);
    expect(d.extendedKeyUsage?.map((e) => e.name)).toEqual([
      'clientAuth',
      'emailProtection',
      'msDocumentSigning',
      'msSmartcardLogin',
      'adobeAuthenticDocumentsTrust',
    ]);
    expect(d.certificatePolicies).toEqual([
      {
        oid: '2.16.704.1.1.1.1.1',
        cpsUris: ['https://ca.gov.vn/pki/pub/policies/CP'],
        userNotices: ['Chứng thư số thử nghiệm'],
      },
      { oid: '1.3.6.1.4.1.99999.1', cpsUris: [], userNotices: [] },
    ]);
    expect(d.basicConstraints).toEqual({ ca: false, pathLength: null });
    expect(d.sanEmails).toEqual(['dinh.thi.b@example.vn']);
    expect(d.subjectAltName).toEqual([
      { type: 'rfc822Name', value: 'dinh.thi.b@example.vn' },
      { type: 'dNSName', value: 'ky.example.vn' },
      { type: 'uniformResourceIdentifier', value: 'https://example.vn/u' },
      { type: 'iPAddress', value: '10.0.0.7' },
    ]);
    expect(d.authorityInfoAccess.ocsp).toEqual(['http://ocsp.lcs-ca.vn']);
    expect(d.authorityInfoAccess.caIssuers).toEqual(['http://crl.lcs-ca.vn/lcs-ca.crt']);
    expect(d.crlDistributionPoints).toEqual(['http://crl.lcs-ca.vn/lcs-ca.crl']);
    const ski = openssl(['x509', '-noout', '-ext', 'subjectKeyIdentifier'], personInOrg.pem)
      .split('\n')[1]!
      .trim()
      .replace(/:/g, '')
      .toLowerCase();
    expect(d.subjectKeyIdentifier).toBe(ski);
    expect(d.authorityKeyIdentifier?.keyIdentifier).toBe(ski);
    const critical = d.extensions.filter((e) => e.critical).map((e) => e.name);
    expect(critical.sort()).toEqual(['basicConstraints', 'keyUsage']);
  });

  it('keeps every subject attribute in order, including two UID RDNs', () => {
    const d = parseCertificate(personInOrg.der);
    expect(d.subject.map((rdn) => rdn.map((a) => `${a.shortName}=${a.value}`).join('+'))).toEqual([
      'C=VN',
      'ST=Hà Nội',
      'L=Cầu Giấy',
      'O=Công ty Cổ phần A',
      'UID=MST:0100686209-199',
      'UID=CCCD:001099012345',
      'CN=Đinh Thị B',
    ]);
    expect(d.subject[0]![0]!.valueType).toBe('printableString');
    expect(d.subject[4]![0]!.valueType).toBe('utf8String');
    expect(d.subjectString).toBe(
      'CN=Đinh Thị B,UID=CCCD:001099012345,UID=MST:0100686209-199,O=Công ty Cổ phần A,L=Cầu Giấy,ST=Hà Nội,C=VN',
    );
    expect(d.identifiers.map((i) => [i.type, i.value, i.valid])).toEqual([
      ['MST', '0100686209-199', true],
      ['CCCD', '001099012345', true],
    ]);
    expect(d.subjectType).toBe('personalInOrganization');
    expect(d.identity.emails).toEqual([{ address: 'dinh.thi.b@example.vn', source: 'san' }]);
  });

  it('decodes BMPString, TeletexString and PrintableString values and multi-valued RDNs', () => {
    const d = parseCertificate(legacyStrings.der);
    const flat = d.subject.flat();
    const byName = (n: string) => flat.find((a) => a.shortName === n)!;
    expect(byName('ST')).toMatchObject({ value: 'Hà Nội', valueType: 'bmpString' });
    expect(byName('L')).toMatchObject({ value: 'Hà', valueType: 'teletexString' });
    expect(byName('O')).toMatchObject({ value: 'Café Đà Lạt', valueType: 'bmpString' });
    expect(byName('UID')).toMatchObject({ value: 'CMND:012345678', valueType: 'printableString' });
    const last = d.subject[d.subject.length - 1]!;
    // DER sorts the SET by encoding: the UID attribute comes first.
    expect(last.map((a) => a.shortName)).toEqual(['UID', 'CN']);
    expect(renderRfc4514(d.subject)).toBe(
      'UID=CMND:012345678+CN=Nguyễn Văn A,O=Café Đà Lạt,L=Hà,ST=Hà Nội,C=VN',
    );
    expect(d.subjectType).toBe('personal');
    expect(d.identifiers[0]).toMatchObject({ type: 'CMND', value: '012345678', valid: true });
  });

  it('describes EC P-256 and P-384 keys', () => {
    const a = parseCertificate(ec256.pem);
    expect(a.publicKey).toMatchObject({
      algorithm: 'EC',
      curve: 'P-256',
      size: 256,
      curveOid: '1.2.840.10045.3.1.7',
    });
    expect(a.signatureAlgorithm.name).toBe('ecdsa-with-SHA256');
    expect(a.keyUsage).toEqual(['digitalSignature']);
    expect(a.extendedKeyUsage).toEqual([{ oid: '1.3.6.1.5.5.7.3.2', name: 'clientAuth' }]);
    expect(a.notAfter.getUTCFullYear()).toBeGreaterThanOrEqual(2050);
    expect(a.subjectAltName).toEqual([
      { type: 'otherName', typeId: '1.3.6.1.4.1.311.20.2.3', value: 'tran.van.c@example.vn' },
      {
        type: 'directoryName',
        value: [
          [{ oid: '2.5.4.6', shortName: 'C', value: 'VN', valueType: 'printableString' }],
          [{ oid: '2.5.4.3', shortName: 'CN', value: 'Thu muc', valueType: 'utf8String' }],
        ],
      },
      { type: 'registeredID', value: '1.2.3.4' },
      { type: 'iPAddress', value: '2001:db8::1' },
    ]);
    expect(a.sanEmails).toEqual([]);
    const b = parseCertificate(ec384.pem);
    expect(b.publicKey).toMatchObject({ algorithm: 'EC', curve: 'P-384', size: 384 });
    expect(b.signatureAlgorithm).toMatchObject({ name: 'ecdsa-with-SHA384', hash: 'SHA-384' });
    expect(b.identifiers[0]).toMatchObject({ type: 'HC', value: 'C1234567', valid: true });
  });

  it('reads title, phone and a CN with a comma (doctor certificate)', () => {
    const d = parseCertificate(doctor.der);
    expect(d.identity.titles).toEqual(['BS CK II']);
    expect(d.identity.phones).toEqual([
      { raw: '0912345678', valid: true, national: '0912345678', international: '84912345678' },
    ]);
    expect(d.identifiers.map((i) => i.type)).toEqual(['MST', 'CMND']);
    const cn = d.subject.flat().find((a) => a.shortName === 'CN')!.value;
    expect(cn).toBe('Phạm Văn E, 001234/HCM-CCHN');
    expect(d.subjectString).toContain('CN=Phạm Văn E\\, 001234/HCM-CCHN');
  });

  it('reads e-mail from the DN and a budget-unit organisation', () => {
    const d = parseCertificate(budgetUnit.der);
    expect(d.identity.emails).toEqual([{ address: 'soyte@danang.gov.vn', source: 'dn' }]);
    expect(d.identifiers.map((i) => [i.type, i.valid])).toEqual([
      ['MNS', true],
      ['MST', true],
    ]);
    expect(d.subjectType).toBe('organization');
    expect(d.keyUsage).toBeNull();
    expect(d.basicConstraints).toBeNull();
  });

  it('reads CA basic constraints and recognises the demo issuer', () => {
    const d = parseCertificate(caCert.der);
    expect(d.basicConstraints).toEqual({ ca: true, pathLength: 1 });
    expect(d.authorityKeyIdentifier?.serialNumber).toBe('5404aa');
    expect(d.authorityKeyIdentifier?.issuer).toEqual([{ type: 'directoryName', value: d.issuer }]);
    expect(d.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(d.issuerCa).toMatchObject({ family: 'Viettel-CA', demo: true, kind: 'public' });
  });

  it('matches pkijs attribute by attribute (pkijs as a second decoder)', () => {
    for (const c of [personInOrg, legacyStrings, doctor]) {
      const d = parseCertificate(c.der);
      const p = d.toPkijs();
      expect(p).toBeInstanceOf(pkijs.Certificate);
      const ours = d.subject.flat().map((a) => [a.oid, a.value]);
      const theirs = p.subject.typesAndValues.map((tv) => [
        tv.type,
        String(tv.value.valueBlock.value).normalize('NFC'),
      ]);
      expect(ours).toEqual(theirs);
      expect(d.toPkijs()).toBe(p);
    }
  });

  it('accepts DER, PEM and base64 alike and serialises to JSON', () => {
    clearCertificateCache();
    const a = parseCertificate(personInOrg.der);
    const b = parseCertificate(personInOrg.pem);
    const c = parseCertificate(bytesToBase64(personInOrg.der));
    expect([b.fingerprints.sha1, b.fingerprints.sha256]).toEqual([
      a.fingerprints.sha1,
      a.fingerprints.sha256,
    ]);
    expect(JSON.parse(JSON.stringify(b.fingerprints))).toEqual({
      sha1: a.fingerprints.sha1,
      sha256: a.fingerprints.sha256,
    });
    expect(c.serialNumber).toBe(a.serialNumber);
    const json = JSON.parse(JSON.stringify(a));
    expect(json.der).toBe(bytesToBase64(personInOrg.der));
    expect(json.identifiers[0]).toMatchObject({ type: 'MST', value: '0100686209-199', valid: true });
    expect(json.subjectType).toBe('personalInOrganization');
    expect(json.notAfter).toBe(a.notAfter.toISOString());
    expect(json.publicKey.spki).toBe(bytesToBase64(a.publicKey.spki));
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('parseCertificate: cache', () => {
  it('returns the cached description for the same DER and owns a copy of the input', () => {
    clearCertificateCache();
    const bytes = personInOrg.der.slice();
    const first = parseCertificate(bytes);
    expect(parseCertificate(personInOrg.der.slice())).toBe(first);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // caller reuses its buffer
    expect(first.der).toEqual(personInOrg.der);
    expect(parseCertificate(personInOrg.der)).toBe(first);
    expect(certificateCacheSize()).toBe(1);
  });

  it('is bounded (LRU) and can be disabled', () => {
    clearCertificateCache();
    setCertificateCacheLimit(2);
    try {
      const a = parseCertificate(personInOrg.der);
      parseCertificate(ec256.der);
      parseCertificate(personInOrg.der); // a becomes most recent
      parseCertificate(ec384.der); // evicts ec256
      expect(certificateCacheSize()).toBe(2);
      expect(parseCertificate(personInOrg.der)).toBe(a);
      setCertificateCacheLimit(0);
      expect(certificateCacheSize()).toBe(0);
      expect(parseCertificate(personInOrg.der)).not.toBe(a);
      expect(() => setCertificateCacheLimit(-1)).toThrow(KysoError);
    } finally {
      setCertificateCacheLimit(512);
    }
  });
});

describe('parseCertificate: errors', () => {
  const invalid = (input: Parameters<typeof parseCertificate>[0]) => {
    try {
      parseCertificate(input);
    } catch (e) {
      expect(e).toBeInstanceOf(KysoError);
      expect((e as KysoError).code).toBe('INVALID_REQUEST');
      return (e as KysoError).message;
    }
    throw new Error('expected a KysoError');
  };

  it('rejects empty, garbage, truncated and padded input with INVALID_REQUEST', () => {
    expect(invalid(new Uint8Array())).toMatch(/empty/);
    expect(invalid('')).toMatch(/empty/);
    expect(invalid('not a certificate!')).toMatch(/base64/);
    expect(invalid(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toMatch(/malformed certificate/);
    expect(invalid(personInOrg.der.subarray(0, 500))).toMatch(/malformed certificate/);
    const padded = new Uint8Array(personInOrg.der.length + 1);
    padded.set(personInOrg.der);
    expect(invalid(padded)).toMatch(/trailing bytes/);
    expect(invalid('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toMatch(/CERTIFICATE/);
    expect(invalid(42 as unknown as string)).toMatch(/expected bytes/);
  });

  it('rejects an indefinite length and a wrong outer tag', () => {
    const indefinite = personInOrg.der.slice();
    indefinite[1] = 0x80;
    expect(invalid(indefinite)).toMatch(/indefinite/);
    const wrongTag = personInOrg.der.slice();
    wrongTag[0] = 0x31;
    expect(invalid(wrongTag)).toMatch(/tag/);
  });
});

describe('DN of a certificate vs. parsed strings', () => {
  it('parses the RFC 4514 rendering back to the same RDNs', () => {
    for (const c of [personInOrg, legacyStrings, doctor, budgetUnit]) {
      const d = parseCertificate(c.der);
      const back = parseDistinguishedName(d.subjectString);
      expect(back.map((r) => r.map((a) => [a.oid, a.value]))).toEqual(
        d.subject.map((r) => r.map((a) => [a.oid, a.value])),
      );
    }
  });

  it('agrees with openssl RFC 2253 output', () => {
    const out = openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], personInOrg.pem)
      .replace(/^subject=/, '')
      .trim();
    const d = parseCertificate(personInOrg.der);
    expect(
      parseDistinguishedName(out)
        .flat()
        .map((a) => a.value),
    ).toEqual(d.subject.flat().map((a) => a.value));
  });
});
