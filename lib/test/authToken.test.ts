import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
  X509Certificate,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_TOKEN_ALGORITHMS,
  type AuthToken,
  AuthTokenError,
  authTokenDigest,
  checkLoginOrigin,
  createAuthToken,
  generateNonce,
  InMemoryNonceStore,
  verifyAuthToken,
} from '../src/auth/index.js';
import { bytesToBase64 } from '../src/encoding/index.js';
import { KysoError } from '../src/protocol/index.js';
import { createTestPki, type LeafName, opensslSigner, type TestPki } from './cmsOpensslPki.js';

let pki: TestPki;
const origin = 'https://dichvucong.gov.vn';
let nonce: string;

beforeAll(() => {
  pki = createTestPki();
  nonce = generateNonce();
});
afterAll(() => pki?.cleanup());

const trust = () => ({ trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] });

async function tokenFor(
  leaf: LeafName,
  extra: Partial<Parameters<typeof createAuthToken>[0]> = {},
): Promise<AuthToken> {
  const id = pki.identity(leaf);
  return createAuthToken({
    origin,
    nonce,
    certificate: id.certPem,
    signer: opensslSigner(id.keyPath, 'der', leaf === 'ec384' ? 48 : 32),
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<AuthTokenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuthTokenError) return e;
    throw e;
  }
  throw new Error('expected an AuthTokenError');
}

const sha = (name: string, ...parts: (string | Uint8Array)[]) => {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
};

describe('authTokenDigest', () => {
  it('is H(H(origin) ‖ H(nonce)) with the hash of the algorithm', async () => {
    for (const [hash, node] of [
      ['SHA-256', 'sha256'],
      ['SHA-384', 'sha384'],
      ['SHA-512', 'sha512'],
    ] as const) {
      const expected = sha(node, sha(node, origin), sha(node, nonce));
      expect(Buffer.from(await authTokenDigest(origin, nonce, hash))).toEqual(expected);
    }
  });
});

describe('login origins', () => {
  it.each([
    'https://dichvucong.gov.vn',
    'https://thuedientu.gdt.gov.vn:8443',
    'http://localhost',
    'http://localhost:5173',
    'http://127.0.0.1:8080',
    'http://demo.localhost:3000',
    'https://[::1]:8443',
  ])('accepts %s', (o) => expect(checkLoginOrigin(o)).toBeUndefined());
  it.each([
    ['https://dichvucong.gov.vn/', 'notAnOrigin'],
    ['https://dichvucong.gov.vn/login', 'notAnOrigin'],
    ['https://dichvucong.gov.vn?x=1', 'notAnOrigin'],
    ['https://dichvucong.gov.vn#a', 'notAnOrigin'],
    ['https://user@dichvucong.gov.vn', 'notAnOrigin'],
    ['https://DichVuCong.gov.vn', 'notAnOrigin'],
    ['https://dichvucong.gov.vn:443', 'notAnOrigin'],
    ['https://dichvucong.gov.vn:0', 'notAnOrigin'],
    ['wss://dichvucong.gov.vn', 'notAnOrigin'],
    ['dichvucong.gov.vn', 'notAnOrigin'],
    ['http://dichvucong.gov.vn', 'insecureScheme'],
    ['http://localhost.evil.vn', 'insecureScheme'],
    ['http://127.0.0.2', 'insecureScheme'],
  ])('rejects %s (%s)', (o, why) => expect(checkLoginOrigin(o)).toBe(why));
});

describe('createAuthToken → verifyAuthToken', () => {
  it.each([
    ['authEc', undefined, 'ES256'],
    ['ec384', undefined, 'ES384'],
    ['authRsa', undefined, 'RS256'],
    ['authRsa', { scheme: 'RSA-PSS', hashAlgorithm: 'SHA-384' }, 'PS384'],
    ['rsa', { hashAlgorithm: 'SHA-512' }, 'RS512'],
  ] as const)('%s %o → %s', async (leaf, extra, alg) => {
    const token = await tokenFor(leaf, extra ?? {});
    expect(token).toMatchObject({ format: 'web-eid:1.0', algorithm: alg });
    const json = JSON.stringify(token);
    const result = await verifyAuthToken(json, { ...trust(), nonce, origin });
    expect(result.algorithm).toBe(alg);
    expect(result.subject).toContain('Nguyễn Văn');
    expect(result.identifiers.some((x) => x.type === 'CCCD' && x.value === '001099012345')).toBe(true);
    expect(result.path.valid).toBe(true);
    // The object form is accepted too.
    await expect(verifyAuthToken(token, { ...trust(), nonce, origin })).resolves.toMatchObject({
      algorithm: alg,
    });
  });

  it('produces tokens an independent Web eID-style verifier accepts (ECDSA raw r‖s)', async () => {
    const token = await tokenFor('authEc');
    const cert = new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
    const data = Buffer.concat([sha('sha256', origin), sha('sha256', nonce)]);
    const sig = Buffer.from(token.signature, 'base64');
    expect(sig.length).toBe(64);
    expect(nodeVerify('sha256', data, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });

  it('accepts tokens signed independently with node:crypto', async () => {
    const id = pki.identity('authEc');
    const key = createPrivateKey(readFileSync(id.keyPath));
    const data = Buffer.concat([sha('sha256', origin), sha('sha256', nonce)]);
    const signature = nodeSign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    const token = {
      unverifiedCertificate: bytesToBase64(id.certDer),
      algorithm: 'ES256',
      signature: signature.toString('base64'),
      format: 'web-eid:1.0',
      appVersion: 'https://web-eid.eu/web-eid-app/releases/2.5.0',
    };
    await expect(verifyAuthToken(JSON.stringify(token), { ...trust(), nonce, origin })).resolves.toBeTruthy();
    expect(createPublicKey(key).asymmetricKeyType).toBe('ec');
  });

  it('binds the origin and the nonce', async () => {
    const json = JSON.stringify(await tokenFor('authEc'));
    const otherOrigin = await rejection(
      verifyAuthToken(json, { ...trust(), nonce, origin: 'https://evil.example' }),
    );
    expect(otherOrigin.code).toBe('AUTH_TOKEN_SIGNATURE');
    const otherNonce = await rejection(verifyAuthToken(json, { ...trust(), nonce: generateNonce(), origin }));
    expect(otherNonce.code).toBe('AUTH_TOKEN_SIGNATURE');
    expect(otherNonce.message).toMatch(/signature/i);
    expect(otherNonce.userMessage('vi')).toMatch(/chữ ký/i);
  });

  it('rejects ECDSA signatures in DER form (Web eID uses raw r‖s)', async () => {
    const token = await tokenFor('authEc');
    const raw = Buffer.from(token.signature, 'base64');
    const der = (await import('../src/crypto/index.js')).ecdsaRawToDer(raw);
    const e = await rejection(
      verifyAuthToken({ ...token, signature: bytesToBase64(der) }, { ...trust(), nonce, origin }),
    );
    expect(e.code).toBe('AUTH_TOKEN_SIGNATURE');
  });
});

describe('token shape', () => {
  it('enforces length 100–10,000', async () => {
    const good = await tokenFor('authEc');
    expect(
      (await rejection(verifyAuthToken('{"format":"web-eid:1.0"}', { ...trust(), nonce, origin }))).code,
    ).toBe('AUTH_TOKEN_MALFORMED');
    const big = JSON.stringify({ ...good, appVersion: 'x'.repeat(10_000) });
    expect((await rejection(verifyAuthToken(big, { ...trust(), nonce, origin }))).issues[0]!.detail).toMatch(
      /length/,
    );
    expect(
      (
        await rejection(
          verifyAuthToken({ ...good, appVersion: 'x'.repeat(10_000) }, { ...trust(), nonce, origin }),
        )
      ).code,
    ).toBe('AUTH_TOKEN_MALFORMED');
    expect((await rejection(verifyAuthToken('x'.repeat(200), { ...trust(), nonce, origin }))).code).toBe(
      'AUTH_TOKEN_MALFORMED',
    );
  });

  it('checks the format prefix and required fields', async () => {
    const good = await tokenFor('authEc');
    const check = async (t: object) =>
      (await rejection(verifyAuthToken(t, { ...trust(), nonce, origin }))).code;
    expect(await check({ ...good, format: 'web-eid:2.0' })).toBe('AUTH_TOKEN_FORMAT');
    expect(await check({ ...good, format: 'webauthn' })).toBe('AUTH_TOKEN_FORMAT');
    expect(await check({ ...good, format: undefined })).toBe('AUTH_TOKEN_MALFORMED');
    expect(await check({ ...good, signature: 42 })).toBe('AUTH_TOKEN_MALFORMED');
    expect(await check({ ...good, unverifiedCertificate: '' })).toBe('AUTH_TOKEN_MALFORMED');
    expect(await check({ ...good, unverifiedCertificate: 'not base64!!'.repeat(10) })).toBe(
      'CERTIFICATE_MALFORMED',
    );
    expect(await check({ ...good, unverifiedCertificate: bytesToBase64(new Uint8Array(200)) })).toBe(
      'CERTIFICATE_MALFORMED',
    );
    // web-eid:1.1 shares the 1.x prefix and is read the same way.
    await expect(
      verifyAuthToken({ ...good, format: 'web-eid:1.1' }, { ...trust(), nonce, origin }),
    ).resolves.toBeTruthy();
  });

  it('applies the algorithm allow-list and key fit', async () => {
    const good = await tokenFor('authEc');
    const check = async (t: object, extra = {}) =>
      (await rejection(verifyAuthToken(t, { ...trust(), nonce, origin, ...extra }))).code;
    for (const alg of ['HS256', 'none', 'ES256K', 'EdDSA', 'es256'])
      expect(await check({ ...good, algorithm: alg })).toBe('AUTH_TOKEN_ALGORITHM');
    expect(await check({ ...good, algorithm: 'RS256' })).toBe('AUTH_TOKEN_ALGORITHM');
    expect(await check(good, { allowedAlgorithms: ['ES384'] })).toBe('AUTH_TOKEN_ALGORITHM');
    expect(AUTH_TOKEN_ALGORITHMS).toHaveLength(9);
  });

  it('rejects a bad origin or nonce configuration', async () => {
    const good = await tokenFor('authEc');
    const check = async (o: string, n = nonce) =>
      (await rejection(verifyAuthToken(good, { ...trust(), nonce: n, origin: o }))).code;
    expect(await check('https://dichvucong.gov.vn/')).toBe('AUTH_TOKEN_ORIGIN');
    expect(await check('http://dichvucong.gov.vn')).toBe('AUTH_TOKEN_ORIGIN');
    expect(await check(origin, 'short')).toBe('AUTH_TOKEN_NONCE');
    await expect(verifyAuthToken(good, { trustAnchors: [], nonce, origin })).rejects.toThrow(KysoError);
  });
});

describe('certificate checks', () => {
  it('requires digitalSignature key usage', async () => {
    const e = await rejection(
      verifyAuthToken(await tokenFor('noDigitalSignature'), { ...trust(), nonce, origin }),
    );
    expect(e.code).toBe('CERTIFICATE_KEY_USAGE');
  });
  it('requires clientAuth when there is an extended key usage', async () => {
    const e = await rejection(
      verifyAuthToken(await tokenFor('serverAuthOnly'), { ...trust(), nonce, origin }),
    );
    expect(e.code).toBe('CERTIFICATE_PURPOSE');
  });
  it('reports expiry, not-yet-valid and untrusted issuers', async () => {
    const expired = await rejection(
      verifyAuthToken(await tokenFor('expired'), { ...trust(), nonce, origin }),
    );
    expect(expired.code).toBe('CERTIFICATE_EXPIRED');
    const early = await rejection(
      verifyAuthToken(await tokenFor('authEc'), {
        ...trust(),
        nonce,
        origin,
        now: new Date('2023-06-01T00:00:00Z'),
      }),
    );
    expect(early.code).toBe('CERTIFICATE_NOT_YET_VALID');
    const untrusted = await rejection(
      verifyAuthToken(await tokenFor('authEc'), {
        trustAnchors: [pki.identity('ec256').certPem],
        nonce,
        origin,
      }),
    );
    expect(untrusted.code).toBe('CERTIFICATE_UNTRUSTED');
  });
  it('turns unknown revocation status into an error only when revocation information is required', async () => {
    const token = await tokenFor('authEc');
    const e = await rejection(
      verifyAuthToken(token, {
        ...trust(),
        nonce,
        origin,
        revocation: { crls: [], requireRevocationInfo: true },
      }),
    );
    expect(e.issues.map((i) => i.code)).toEqual(['CERTIFICATE_REVOCATION_UNKNOWN']);
    const ok = await verifyAuthToken(token, { ...trust(), nonce, origin, revocation: { crls: [] } });
    expect(ok.revocation).toBe('unknown');
    expect(ok.warnings.map((w) => w.code)).toContain('REVOCATION_UNKNOWN');
  });
  it('reuses a good path result only inside the validity of every certificate on the path', async () => {
    const token = await tokenFor('authEc');
    await expect(verifyAuthToken(token, { ...trust(), nonce, origin })).resolves.toBeTruthy();
    const later = await rejection(
      verifyAuthToken(token, { ...trust(), nonce, origin, now: new Date('2045-06-01T00:00:00Z') }),
    );
    expect(later.issues.map((i) => i.code)).toContain('CERTIFICATE_EXPIRED');
    const earlier = await rejection(
      verifyAuthToken(token, { ...trust(), nonce, origin, now: new Date('2023-06-01T00:00:00Z') }),
    );
    expect(earlier.code).toBe('CERTIFICATE_NOT_YET_VALID');
    await expect(verifyAuthToken(token, { ...trust(), nonce, origin })).resolves.toBeTruthy();
  });
  it('reports revocation from a CRL, and signature problems before path problems', async () => {
    const token = await tokenFor('authRsa');
    const crl = pki.revoke('authRsa');
    const e = await rejection(
      verifyAuthToken(token, { ...trust(), nonce, origin, revocation: { crls: [crl] } }),
    );
    expect(e.issues.map((i) => i.code)).toContain('CERTIFICATE_REVOKED');
    const good = await verifyAuthToken(await tokenFor('authEc'), {
      ...trust(),
      nonce,
      origin,
      revocation: { crls: [crl] },
    });
    expect(good.path.revocation.perCertificate[0]!.status).toBe('good');
    const forged = await rejection(
      verifyAuthToken(
        { ...token, signature: (token.signature.startsWith('AA') ? 'BB' : 'AA') + token.signature.slice(2) },
        {
          ...trust(),
          nonce,
          origin,
          revocation: { crls: [crl] },
        },
      ),
    );
    expect(forged.issues.map((i) => i.code)).toEqual(['AUTH_TOKEN_SIGNATURE']);
  });
});

describe('createAuthToken input', () => {
  it('refuses insecure origins, bad nonces and mismatched schemes', async () => {
    const id = pki.identity('authEc');
    const base = { nonce, certificate: id.certPem, signer: opensslSigner(id.keyPath) };
    await expect(createAuthToken({ ...base, origin: 'http://dichvucong.gov.vn' })).rejects.toMatchObject({
      code: 'INSECURE_ORIGIN',
    });
    await expect(createAuthToken({ ...base, origin: 'https://a.vn/path' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(createAuthToken({ ...base, origin, nonce: 'abc' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(createAuthToken({ ...base, origin, scheme: 'RSA-PSS' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});

describe('InMemoryNonceStore', () => {
  it('hands out 44-character nonces that can be used once, before they expire', async () => {
    let t = 1_000;
    const store = new InMemoryNonceStore({ ttlMs: 60_000, now: () => t });
    const a = await store.issue();
    const b = await store.issue();
    expect(a).toHaveLength(44);
    expect(a).not.toBe(b);
    expect(await store.consume(a)).toBe('ok');
    expect(await store.consume(a)).toBe('unknown');
    expect(await store.consume('never-issued')).toBe('unknown');
    t += 60_001;
    expect(await store.consume(b)).toBe('expired');
    expect(await store.consume(b)).toBe('unknown');
  });
  it('sweeps expired nonces and bounds its size', async () => {
    let t = 0;
    const store = new InMemoryNonceStore({ ttlMs: 10, now: () => t, maxEntries: 3 });
    const first = await store.issue();
    await store.issue();
    await store.issue();
    await store.issue();
    expect(store.size).toBe(3);
    expect(await store.consume(first)).toBe('unknown');
    t = 100;
    await store.issue();
    expect(store.size).toBe(1);
  });
});

/**
 * A token made by the real Web eID app with an Estonian test ID card (ES384), published as
 * VALID_AUTH_TOKEN in web-eid-authtoken-validation-java's test suite (origin https://ria.ee). Its issuing
 * CA is not available here, so the path cannot be built; the signature, checked before the path, must pass.
 */
const WEB_EID_CERTIFICATE =
  'MIIEBDCCA2WgAwIBAgIQY5OGshxoPMFg+Wfc0gFEaTAKBggqhkjOPQQDBDBgMQswCQYDVQQGEwJFRTEbMBkGA1UECgwSU0sgSUQgU29sdXRpb25zIEFTMRcwFQYDVQRhDA5OVFJFRS0xMDc0NzAxMzEbMBkGA1UEAwwSVEVTVCBvZiBFU1RFSUQyMDE4MB4XDTIxMDcyMjEyNDMwOFoXDTI2MDcwOTIxNTk1OVowfzELMAkGA1UEBhMCRUUxKjAoBgNVBAMMIUrDlUVPUkcsSkFBSy1LUklTVEpBTiwzODAwMTA4NTcxODEQMA4GA1UEBAwHSsOVRU9SRzEWMBQGA1UEKgwNSkFBSy1LUklTVEpBTjEaMBgGA1UEBRMRUE5PRUUtMzgwMDEwODU3MTgwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAQmwEKsJTjaMHSaZj19hb9EJaJlwbKc5VFzmlGMFSJVk4dDy+eUxa5KOA7tWXqzcmhh5SYdv+MxcaQKlKWLMa36pfgv20FpEDb03GCtLqjLTRZ7649PugAQ5EmAqIic29CjggHDMIIBvzAJBgNVHRMEAjAAMA4GA1UdDwEB/wQEAwIDiDBHBgNVHSAEQDA+MDIGCysGAQQBg5EhAQIBMCMwIQYIKwYBBQUHAgEWFWh0dHBzOi8vd3d3LnNrLmVlL0NQUzAIBgYEAI96AQIwHwYDVR0RBBgwFoEUMzgwMDEwODU3MThAZWVzdGkuZWUwHQYDVR0OBBYEFPlp/ceABC52itoqppEmbf71TJz6MGEGCCsGAQUFBwEDBFUwUzBRBgYEAI5GAQUwRzBFFj9odHRwczovL3NrLmVlL2VuL3JlcG9zaXRvcnkvY29uZGl0aW9ucy1mb3ItdXNlLW9mLWNlcnRpZmljYXRlcy8TAkVOMCAGA1UdJQEB/wQWMBQGCCsGAQUFBwMCBggrBgEFBQcDBDAfBgNVHSMEGDAWgBTAhJkpxE6fOwI09pnhClYACCk+ezBzBggrBgEFBQcBAQRnMGUwLAYIKwYBBQUHMAGGIGh0dHA6Ly9haWEuZGVtby5zay5lZS9lc3RlaWQyMDE4MDUGCCsGAQUFBzAChilodHRwOi8vYy5zay5lZS9UZXN0X29mX0VTVEVJRDIwMTguZGVyLmNydDAKBggqhkjOPQQDBAOBjAAwgYgCQgDCAgybz0u3W+tGI+AX+PiI5CrE9ptEHO5eezR1Jo4j7iGaO0i39xTGUB+NSC7P6AQbyE/ywqJjA1a62jTLcS9GHAJCARxN4NO4eVdWU3zVohCXm8WN3DWA7XUcn9TZiLGQ29P4xfQZOXJi/z4PNRRsR4plvSNB3dfyBvZn31HhC7my8woi';
const WEB_EID_SIGNATURE =
  '0Ov7ME6pTY1K2GXMj8Wxov/o2fGIMEds8OMY5dKdkB0nrqQX7fG1E5mnsbvyHpMDecMUH6Yg+p1HXdgB/lLqOcFZjt/OVXPjAAApC5d1YgRYATDcxsR1zqQwiNcHdmWn';

describe('compatibility with Web eID tokens', () => {
  const webEidToken = JSON.stringify({
    algorithm: 'ES384',
    unverifiedCertificate: WEB_EID_CERTIFICATE,
    appVersion: 'https://web-eid.eu/web-eid-app/releases/2.5.0+0',
    signature: WEB_EID_SIGNATURE,
    format: 'web-eid:1.0',
  });
  const webEid = { origin: 'https://ria.ee', nonce: '12345678123456781234567812345678912356789123' };

  it('accepts the signature of a token from the Web eID app', async () => {
    const e = await rejection(
      verifyAuthToken(webEidToken, {
        ...webEid,
        trustAnchors: [pki.rootPem],
        now: new Date('2024-01-01T00:00:00Z'),
      }),
    );
    expect(e.issues.map((i) => i.code)).toEqual(['CERTIFICATE_UNTRUSTED']);
    expect(Buffer.from(await authTokenDigest(webEid.origin, webEid.nonce, 'SHA-384')).length).toBe(48);
  });
  it('rejects it for another origin or nonce', async () => {
    const options = { trustAnchors: [pki.rootPem], now: new Date('2024-01-01T00:00:00Z') };
    for (const other of [
      { ...webEid, origin: 'https://ria.ee:444' },
      { ...webEid, nonce: `${webEid.nonce.slice(0, -1)}4` },
    ]) {
      const e = await rejection(verifyAuthToken(webEidToken, { ...other, ...options }));
      expect(e.code).toBe('AUTH_TOKEN_SIGNATURE');
    }
  });
});
