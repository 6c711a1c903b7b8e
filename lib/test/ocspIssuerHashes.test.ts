/**
 * OCSP CertID matching hashes an issuer's name and key once per issuer and hash algorithm, not on every
 * check: the second check of the same CA's answer computes no digest, and the answers stay right.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDemoPki } from '../src/demo-pki/index.js';
import { buildOcspRequest, checkOcspResponse } from '../src/trust/ocspCheck.js';
import { decodeTrustCertificate } from '../src/trust/trustCertificate.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('OCSP issuer hashes', () => {
  it('are computed once per issuer: a repeated check digests nothing and still answers good / revoked', async () => {
    const pki = await loadDemoPki();
    const issuer = decodeTrustCertificate(pki.identities.citizen.chain[0] as Uint8Array);
    const good = decodeTrustCertificate(pki.identities.citizen.certificate);
    const goodAnswer = await pki.ocspRespond(await buildOcspRequest(good, issuer));
    const now = new Date();
    expect((await checkOcspResponse(goodAnswer, good, issuer, now)).status).toBe('good');

    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    expect((await checkOcspResponse(goodAnswer, good, issuer, now)).status).toBe('good');
    expect(digest).not.toHaveBeenCalled();

    // SHA-256 CertIDs get their own hashes, computed once as well.
    const sha256Answer = await pki.ocspRespond(await buildOcspRequest(good, issuer, { hash: 'SHA-256' }));
    digest.mockClear();
    expect((await checkOcspResponse(sha256Answer, good, issuer, now)).status).toBe('good');
    const first = digest.mock.calls.length;
    expect((await checkOcspResponse(sha256Answer, good, issuer, now)).status).toBe('good');
    expect(digest.mock.calls.length).toBe(first);
  });

  it('checked against another CA (whose hashes are cached separately) the answer is not accepted', async () => {
    const pki = await loadDemoPki();
    const issuer = decodeTrustCertificate(pki.identities.citizen.chain[0] as Uint8Array);
    const leaf = decodeTrustCertificate(pki.identities.citizen.certificate);
    const answer = await pki.ocspRespond(await buildOcspRequest(leaf, issuer));
    const root = decodeTrustCertificate(pki.identities.citizen.root);
    // The root neither signed the answer nor is named in its CertID.
    expect((await checkOcspResponse(answer, leaf, root, new Date())).status).toBe('unknown');
  });
});
