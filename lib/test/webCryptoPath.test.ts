/**
 * In Node, digests and signature checks go through node:crypto; browsers use WebCrypto. Both paths
 * must give the same verdicts: this runs the same checks on each.
 */
import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readTlv } from '../src/cert/derReader.js';
import { digest } from '../src/crypto/hashAlgorithms.js';
import { nodeCrypto, preferWebCrypto } from '../src/crypto/nodeCrypto.js';
import { clearPublicKeyCache, verifySignature } from '../src/crypto/publicKeys.js';
import {
  clearPublicKeyImportCache,
  subjectPublicKeyAt,
  verifySignedData,
} from '../src/trust/signatureCheck.js';

const data = new TextEncoder().encode('Cộng hoà xã hội chủ nghĩa Việt Nam');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed = generateKeyPairSync('ed25519');
const spki = (k: import('node:crypto').KeyObject) =>
  new Uint8Array(k.export({ format: 'der', type: 'spki' }));
const keyInfo = (k: import('node:crypto').KeyObject) => {
  const der = spki(k);
  return subjectPublicKeyAt(der, readTlv(der, 0, der.length, 'spki'));
};
const flipped = (sig: Uint8Array) => sig.map((b, i) => (i === sig.length - 1 ? b ^ 1 : b));

const pkcs1 = new Uint8Array(nodeSign('sha256', data, rsa.privateKey));
const pss = new Uint8Array(nodeSign('sha256', data, { key: rsa.privateKey, padding: 6, saltLength: 32 }));
const ecdsaDer = new Uint8Array(nodeSign('sha384', data, ec.privateKey));
const eddsa = new Uint8Array(nodeSign(null, data, ed.privateKey));
// RSASSA-PSS-params { SHA-256, MGF1(SHA-256), saltLength 32 }
const PSS_SHA256 = Uint8Array.from(
  Buffer.from(
    '3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120',
    'hex',
  ),
);

async function verdicts(): Promise<string[]> {
  clearPublicKeyCache();
  clearPublicKeyImportCache();
  const trust = (oid: string, sig: Uint8Array, key: import('node:crypto').KeyObject, params?: Uint8Array) =>
    verifySignedData({
      data,
      signatureAlgorithm: params ? { oid, params } : { oid },
      signature: sig,
      publicKey: keyInfo(key),
    });
  return [
    String(
      await verifySignature(
        spki(rsa.publicKey),
        { scheme: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        pkcs1,
        data,
      ),
    ),
    String(
      await verifySignature(
        spki(rsa.publicKey),
        { scheme: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        flipped(pkcs1),
        data,
      ),
    ),
    String(
      await verifySignature(
        spki(rsa.publicKey),
        { scheme: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
        pss,
        data,
      ),
    ),
    String(await verifySignature(spki(ec.publicKey), { scheme: 'ECDSA', hash: 'SHA-384' }, ecdsaDer, data)),
    String(await verifySignature(spki(ec.publicKey), { scheme: 'ECDSA', hash: 'SHA-256' }, ecdsaDer, data)),
    await trust('1.2.840.113549.1.1.11', pkcs1, rsa.publicKey),
    await trust('1.2.840.113549.1.1.11', flipped(pkcs1), rsa.publicKey),
    await trust('1.2.840.113549.1.1.10', pss, rsa.publicKey, PSS_SHA256),
    await trust('1.2.840.10045.4.3.3', ecdsaDer, ec.publicKey),
    await trust('1.2.840.10045.4.3.3', flipped(ecdsaDer), ec.publicKey),
    await trust('1.2.840.10045.4.3.3', ecdsaDer, rsa.publicKey),
    await trust('1.3.101.112', eddsa, ed.publicKey),
    await trust('1.3.101.112', flipped(eddsa), ed.publicKey),
  ];
}

const EXPECTED = [
  'true',
  'false',
  'true',
  'true',
  'false',
  'valid',
  'invalid',
  'valid',
  'valid',
  'invalid',
  'invalid',
  'valid',
  'invalid',
];

afterAll(() => preferWebCrypto(false));

describe('node:crypto and WebCrypto give the same verdicts', () => {
  it('uses node:crypto in Node by default', () => {
    expect(nodeCrypto()).toBeDefined();
  });

  it('node:crypto path', async () => {
    preferWebCrypto(false);
    expect(await verdicts()).toEqual(EXPECTED);
    expect(await digest('SHA-384', data)).toEqual(new Uint8Array(createHash('sha384').update(data).digest()));
  });

  it('WebCrypto path (as in browsers)', async () => {
    preferWebCrypto(true);
    expect(nodeCrypto()).toBeUndefined();
    expect(await verdicts()).toEqual(EXPECTED);
    expect(await digest('SHA-512', data)).toEqual(new Uint8Array(createHash('sha512').update(data).digest()));
  });
});
