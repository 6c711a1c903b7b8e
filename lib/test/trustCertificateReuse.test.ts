import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificateStructure, rebaseCertificateStructure } from '../src/cert/certificateStructure.js';
import {
  cachedCertificateStructure,
  clearCertificateCache,
  parseCertificate,
} from '../src/cert/parseCertificate.js';
import { clearTrustCertificateCache, decodeTrustCertificate } from '../src/trust/trustCertificate.js';
import { createTestPki, type TestPki } from './cmsOpensslPki.js';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.cleanup());

describe('trust reuses the DER walk of a certificate just described', () => {
  it('finds the structure of a described certificate by content only', () => {
    clearCertificateCache();
    const der = pki.identity('authEc').certDer.slice();
    expect(cachedCertificateStructure(der)).toBeUndefined();
    const description = parseCertificate(der);
    const structure = cachedCertificateStructure(der.slice());
    expect(structure).toBeDefined();
    // It indexes the description cache's own copy, never the caller's buffer.
    expect(structure!.der).toBe(description.der);
    expect(structure!.der).not.toBe(der);
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0xff;
    expect(cachedCertificateStructure(der)).toBeUndefined();
  });

  it('decodes the same TrustCertificate with or without the described structure, on its own copy', () => {
    for (const name of ['authEc', 'authRsa'] as const) {
      const der = pki.identity(name).certDer;
      clearCertificateCache();
      clearTrustCertificateCache();
      const walked = decodeTrustCertificate(der.slice());
      clearTrustCertificateCache();
      const description = parseCertificate(der.slice());
      const reused = decodeTrustCertificate(der.slice());
      expect(reused).not.toBe(walked);
      expect(reused).toEqual(walked);
      expect(reused.der).not.toBe(description.der);
      expect(reused.signature.buffer).toBe(reused.der.buffer);
      expect(reused.tbs.buffer).toBe(reused.der.buffer);
      expect(reused.keyUsage?.has('digitalSignature')).toBe(true);
    }
  });

  it('rebases a structure onto a byte-identical copy, and refuses another length', () => {
    const der = pki.identity('authEc').certDer.slice();
    const structure = readCertificateStructure(der);
    const copy = der.slice();
    const rebased = rebaseCertificateStructure(structure, copy);
    expect(rebased.der).toBe(copy);
    expect(rebased.signatureValue).toEqual(structure.signatureValue);
    expect(rebased.signatureValue.buffer).toBe(copy.buffer);
    for (const [i, e] of rebased.extensions.entries()) {
      expect(e.value).toEqual(structure.extensions[i]!.value);
      expect(e.value.buffer).toBe(copy.buffer);
    }
    expect(() => rebaseCertificateStructure(structure, der.subarray(1))).toThrow();
  });
});
