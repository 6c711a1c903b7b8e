/**
 * decodeTrustCertificate finds a certificate decoded from the very same array without hex-encoding it, but
 * only while the array still holds the decoded bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoPki, loadDemoPki } from '../src/demo-pki/index.js';
import { clearTrustCaches } from '../src/trust/index.js';
import { decodeTrustCertificate } from '../src/trust/trustCertificate.js';

let pki: DemoPki;

beforeAll(async () => {
  pki = await loadDemoPki();
});

describe('decodeTrustCertificate and the arrays it was given', () => {
  it('the same array gives the same decoded certificate', () => {
    const der = pki.identities.citizen.certificate.slice();
    const first = decodeTrustCertificate(der);
    expect(decodeTrustCertificate(der)).toBe(first);
    // Another array with the same bytes: the same decoded certificate too (cached by content).
    expect(decodeTrustCertificate(der.slice())).toBe(first);
  });

  it('an array changed in place is decoded again from its new bytes', () => {
    const der = pki.identities.citizenCmnd.certificate.slice();
    const before = decodeTrustCertificate(der);
    const last = der.length - 1;
    der[last] = (der[last] ?? 0) ^ 0xff;
    const after = decodeTrustCertificate(der);
    expect(after).not.toBe(before);
    expect(after.der).toEqual(der);
    expect(after.signature).not.toEqual(before.signature);
  });

  it('clearTrustCaches forgets arrays too', () => {
    const der = pki.identities.business.certificate.slice();
    const first = decodeTrustCertificate(der);
    clearTrustCaches();
    expect(decodeTrustCertificate(der)).not.toBe(first);
  });
});
