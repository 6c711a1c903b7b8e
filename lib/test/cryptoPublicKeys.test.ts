import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { childrenOf, readTlv } from '../src/cert/derReader.js';
import {
  clearPublicKeyCache,
  defaultScheme,
  derNull,
  derOid,
  derSequence,
  describePublicKey,
  schemeFitsKey,
  verifySignature,
} from '../src/crypto/index.js';

const data = new TextEncoder().encode('dữ liệu cần ký');
const spkiOf = (key: import('node:crypto').KeyObject) =>
  new Uint8Array(key.export({ format: 'der', type: 'spki' }));

describe('describePublicKey', () => {
  it('reads RSA sizes and EC curves', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(describePublicKey(spkiOf(rsa.publicKey))).toEqual({ type: 'RSA', bits: 2048, pssOnly: false });
    const odd = generateKeyPairSync('rsa', { modulusLength: 1031 });
    expect(describePublicKey(spkiOf(odd.publicKey))).toMatchObject({ bits: 1031 });
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      const ec = generateKeyPairSync('ec', { namedCurve: curve });
      expect(describePublicKey(spkiOf(ec.publicKey))).toMatchObject({ type: 'EC', curve });
    }
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const kind = describePublicKey(spkiOf(pss.publicKey));
    expect(kind).toEqual({ type: 'RSA', bits: 2048, pssOnly: true });
    expect(defaultScheme(kind)).toBe('RSA-PSS');
    expect(schemeFitsKey('RSASSA-PKCS1-v1_5', kind)).toBe(false);
  });
  it('refuses other key types', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(() => describePublicKey(spkiOf(ed.publicKey))).toThrow(/unsupported/);
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => describePublicKey(spkiOf(k1.publicKey))).toThrow(/1\.3\.132\.0\.10/);
  });
});

describe('verifySignature', () => {
  it('verifies PKCS#1, PSS (salt from parameters) and ECDSA in both encodings', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = spkiOf(rsa.publicKey);
    const pkcs1 = new Uint8Array(nodeSign('sha384', data, rsa.privateKey));
    expect(await verifySignature(spki, { scheme: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, pkcs1, data)).toBe(
      true,
    );
    expect(await verifySignature(spki, { scheme: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, pkcs1, data)).toBe(
      false,
    );
    const pss = new Uint8Array(
      nodeSign('sha256', data, {
        key: rsa.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 20,
      }),
    );
    expect(
      await verifySignature(spki, { scheme: 'RSA-PSS', hash: 'SHA-256', saltLength: 20 }, pss, data),
    ).toBe(true);
    expect(
      await verifySignature(spki, { scheme: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, pss, data),
    ).toBe(false);

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const ecSpki = spkiOf(ec.publicKey);
    const der = new Uint8Array(nodeSign('sha384', data, ec.privateKey));
    const raw = new Uint8Array(nodeSign('sha384', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
    for (const sig of [der, raw])
      expect(await verifySignature(ecSpki, { scheme: 'ECDSA', hash: 'SHA-384' }, sig, data)).toBe(true);
    const changed = data.slice();
    changed[0]! ^= 1;
    expect(await verifySignature(ecSpki, { scheme: 'ECDSA', hash: 'SHA-384' }, raw, changed)).toBe(false);
  });
  it('returns false, never throws, for mismatched or broken input', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = spkiOf(ec.publicKey);
    expect(
      await verifySignature(
        spki,
        { scheme: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        new Uint8Array(256),
        data,
      ),
    ).toBe(false);
    expect(await verifySignature(spki, { scheme: 'ECDSA', hash: 'SHA-256' }, new Uint8Array(7), data)).toBe(
      false,
    );
    expect(
      await verifySignature(new Uint8Array([0x30, 0x00]), { scheme: 'ECDSA', hash: 'SHA-256' }, data, data),
    ).toBe(false);
    const broken = spki.slice();
    broken[broken.length - 1]! ^= 0xff; // not a point on the curve
    clearPublicKeyCache();
    expect(
      await verifySignature(broken, { scheme: 'ECDSA', hash: 'SHA-256' }, new Uint8Array(64), data),
    ).toBe(false);
  });
  it('verifies with RSA-PSS-only keys (id-RSASSA-PSS public keys)', async () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const sig = new Uint8Array(
      nodeSign('sha256', data, {
        key: pss.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      }),
    );
    expect(
      await verifySignature(
        spkiOf(pss.publicKey),
        { scheme: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
        sig,
        data,
      ),
    ).toBe(true);
  });
  it('enforces the PSS parameters a key is restricted to', async () => {
    // @types/node declares saltLength as a string; Node takes a number.
    const restricted = {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
      saltLength: 32,
    };
    const pss = generateKeyPairSync('rsa-pss', restricted as unknown as { modulusLength: number });
    const spki = spkiOf(pss.publicKey);
    const pssSign = (hash: string, saltLength: number) =>
      new Uint8Array(
        nodeSign(hash, data, { key: pss.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      );
    const ok = (h: 'SHA-256' | 'SHA-384', saltLength: number, sig: Uint8Array, key = spki) =>
      verifySignature(key, { scheme: 'RSA-PSS', hash: h, saltLength }, sig, data);
    expect(await ok('SHA-256', 32, pssSign('sha256', 32))).toBe(true);
    expect(await ok('SHA-256', 48, pssSign('sha256', 48))).toBe(true);
    // The same key, unrestricted, signs what the restricted key must refuse.
    const pkcs8 = new Uint8Array(pss.privateKey.export({ format: 'der', type: 'pkcs8' }));
    const [version, , keyOctets] = childrenOf(pkcs8, readTlv(pkcs8));
    const plain = createPrivateKey({
      key: Buffer.from(
        derSequence(
          pkcs8.subarray(version!.start, version!.end),
          derSequence(derOid('1.2.840.113549.1.1.1'), derNull()),
          pkcs8.subarray(keyOctets!.start, keyOctets!.end),
        ),
      ),
      format: 'der',
      type: 'pkcs8',
    });
    const plainSign = (hash: string, saltLength: number) =>
      new Uint8Array(
        nodeSign(hash, data, { key: plain, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      );
    const sha384 = plainSign('sha384', 48);
    const salt20 = plainSign('sha256', 20);
    const plainSpki = spkiOf(createPublicKey(plain));
    expect(await ok('SHA-384', 48, sha384, plainSpki)).toBe(true);
    expect(await ok('SHA-256', 20, salt20, plainSpki)).toBe(true);
    expect(await ok('SHA-384', 48, sha384)).toBe(false);
    expect(await ok('SHA-256', 20, salt20)).toBe(false);
  });
});
