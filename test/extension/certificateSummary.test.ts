import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { summarizeCertificate, validityAt } from '../../extension/src/certificateSummary.js';
import { attributeValues } from '../../lib/src/cert/distinguishedName.js';
import { parseCertificate } from '../../lib/src/cert/parseCertificate.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

async function cert(name: string, issuer: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const c = await x509.X509CertificateGenerator.create({
    serialNumber: '0a1b',
    subject: name,
    issuer,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
  });
  return Buffer.from(c.rawData).toString('base64');
}

describe('summarizeCertificate', () => {
  it('shows holder, CCCD/MST identifiers, issuer and validity', async () => {
    const b64 = await cert(
      'CN=Trần Thị B, O=Công ty ABC, 0.9.2342.19200300.100.1.1=CCCD:001099012345, 0.9.2342.19200300.100.1.1=MST:0101234567',
      'CN=Demo CA, O=Kyso',
    );
    const s = summarizeCertificate(b64, new Date('2026-06-01T00:00:00Z'));
    expect(s.holder).toBe('Trần Thị B');
    expect(s.organization).toBe('Công ty ABC');
    expect(s.identifiers).toEqual(expect.arrayContaining(['CCCD:001099012345', 'MST:0101234567']));
    expect(s.issuer.vi).toBe('Demo CA');
    expect(s.serialNumber).toBe('0a1b');
    expect(s.validity).toBe('valid');
    expect(summarizeCertificate(b64, new Date('2028-01-01T00:00:00Z')).validity).toBe('expired');
    expect(summarizeCertificate(b64, new Date('2024-01-01T00:00:00Z')).validity).toBe('not-yet-valid');
  });

  it('throws INVALID_REQUEST on bytes that are not a certificate', () => {
    for (const bad of [Buffer.from('not a certificate').toString('base64'), '!!', ''])
      expect(() => summarizeCertificate(bad)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('validityAt treats the bounds as valid', () => {
    const a = new Date('2025-01-01T00:00:00Z');
    const b = new Date('2026-01-01T00:00:00Z');
    expect(validityAt(a, b, a)).toBe('valid');
    expect(validityAt(a, b, b)).toBe('valid');
  });

  it("says what lib's full parser says (holder, organization, identifiers, CA, serial, validity)", async () => {
    const cases: [string, string][] = [
      [
        'CN=Nguyễn Văn An, 0.9.2342.19200300.100.1.1=CCCD:079203001234',
        'CN=VNPT Certification Authority, O=VNPT Group, C=VN',
      ],
      [
        'O=Công ty TNHH Một Thành Viên, 0.9.2342.19200300.100.1.1=MST:0312345678',
        'CN=Viettel-CA, O=Viettel Group, C=VN',
      ],
      ['CN=Phòng Tư pháp, 0.9.2342.19200300.100.1.1=MNS:1234567', 'O=Demo Root'],
      ['0.9.2342.19200300.100.1.1=something else', 'CN=Demo CA, O=Kyso'],
    ];
    const now = new Date('2026-06-01T00:00:00Z');
    for (const [subject, issuer] of cases) {
      const b64 = await cert(subject, issuer);
      const full = parseCertificate(b64);
      const name =
        attributeValues(full.issuer, '2.5.4.3')[0] ??
        attributeValues(full.issuer, '2.5.4.10')[0] ??
        full.issuerString;
      expect(summarizeCertificate(b64, now)).toEqual({
        holder: attributeValues(full.subject, '2.5.4.3')[0] ?? full.subjectString,
        organization: attributeValues(full.subject, '2.5.4.10')[0],
        identifiers: full.identifiers.map((i) => (i.type === 'UNKNOWN' ? i.raw : `${i.type}:${i.value}`)),
        issuer: full.issuerCa ? full.issuerCa.displayName : { vi: name, en: name },
        notBefore: full.notBefore,
        notAfter: full.notAfter,
        serialNumber: full.serialNumber,
        validity: 'valid',
      });
    }
  });
});
