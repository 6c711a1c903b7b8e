import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearNodePublicKeys, ecJwkOfSpki, nodeCrypto, nodePublicKey } from '../src/crypto/nodeCrypto.js';
import { verifySignature } from '../src/crypto/publicKeys.js';

function ecSpki(curve: string): Uint8Array {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
}

describe('EC public keys imported through JWK (node:crypto fast path)', () => {
  it.each(['P-256', 'P-384', 'P-521'])('%s: the JWK is the same key as the SPKI', (curve) => {
    const spki = ecSpki(curve);
    const jwk = ecJwkOfSpki(spki);
    expect(jwk?.crv).toBe(curve);
    const again = createPublicKey({ key: jwk!, format: 'jwk' }).export({ format: 'der', type: 'spki' });
    expect(new Uint8Array(again)).toEqual(spki);
  });

  it('leaves other keys to the DER import', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(ecJwkOfSpki(new Uint8Array(rsa.export({ format: 'der', type: 'spki' })))).toBeUndefined();
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    expect(ecJwkOfSpki(new Uint8Array(k1.export({ format: 'der', type: 'spki' })))).toBeUndefined();
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const der = new Uint8Array(p256.export({ format: 'der', type: 'spki' }));
    const trailing = new Uint8Array([...der, 0]);
    expect(ecJwkOfSpki(trailing)).toBeUndefined();
    const notUncompressed = der.slice();
    notUncompressed[26] = 0x02;
    expect(ecJwkOfSpki(notUncompressed)).toBeUndefined();
  });

  it('rejects a point that is not on the curve', () => {
    const node = nodeCrypto();
    expect(node).toBeDefined();
    const spki = ecSpki('P-256');
    spki[spki.length - 1] = (spki[spki.length - 1] ?? 0) ^ 0x01;
    clearNodePublicKeys();
    expect(() => nodePublicKey(node!, spki)).toThrow();
  });

  it('verifies ECDSA signatures with keys imported this way, and rejects a wrong one', async () => {
    clearNodePublicKeys();
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const data = new TextEncoder().encode('dữ liệu ký');
    const sig = new Uint8Array(sign('sha384', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const alg = { scheme: 'ECDSA', hash: 'SHA-384' } as const;
    expect(await verifySignature(spki, alg, sig, data)).toBe(true);
    sig[5] = (sig[5] ?? 0) ^ 0x40;
    expect(await verifySignature(spki, alg, sig, data)).toBe(false);
  });
});
