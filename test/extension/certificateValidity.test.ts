import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { certificateValidityAt } from '../../extension/src/certificateValidity.js';
import { KysoError } from '../../lib/src/protocol/index.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

async function certificate(notBefore: string, notAfter: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const c = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: 'CN=Nguyễn Văn A',
    issuer: 'CN=Demo CA',
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
  });
  return Buffer.from(c.rawData).toString('base64');
}

describe('certificateValidityAt (the background’s check before a signature)', () => {
  it('reads the validity period with the DER walker: valid, expired, not yet valid', async () => {
    const b64 = await certificate('2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(certificateValidityAt(b64, new Date('2026-06-01T00:00:00Z'))).toBe('valid');
    expect(certificateValidityAt(b64, new Date('2027-01-01T00:00:01Z'))).toBe('expired');
    expect(certificateValidityAt(b64, new Date('2024-12-31T23:59:59Z'))).toBe('not-yet-valid');
  });

  it('INVALID_REQUEST for bytes that are not a certificate, and for bad base64', () => {
    for (const bad of [Buffer.from('not a certificate').toString('base64'), '!!!', '']) {
      let caught: unknown;
      try {
        certificateValidityAt(bad, new Date());
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(KysoError);
      expect((caught as KysoError).code).toBe('INVALID_REQUEST');
    }
  });
});
