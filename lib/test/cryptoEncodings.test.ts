import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeOidContents, readTlv } from '../src/cert/derReader.js';
import {
  derOid,
  derTime,
  derUnsignedInteger,
  ecdsaDerToRaw,
  ecdsaRawToDer,
  ecdsaSignatureToDer,
  ecdsaSignatureToRaw,
  isDerEcdsaSignature,
  parseRsaPssParameters,
  parseSignatureAlgorithm,
  rsaPssParameters,
  signatureAlgorithmIdentifier,
  UnsupportedAlgorithmError,
} from '../src/crypto/index.js';
import { bytesToHex, hexToBytes } from '../src/encoding/index.js';
import { KysoError } from '../src/protocol/index.js';

describe('DER writer and reader', () => {
  it('encodes and decodes OIDs', () => {
    expect(bytesToHex(derOid('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(decodeOidContents(derOid('2.16.840.1.101.3.4.2.1').subarray(2))).toBe('2.16.840.1.101.3.4.2.1');
    expect(decodeOidContents(derOid('2.999.3').subarray(2))).toBe('2.999.3');
  });
  it('encodes unsigned integers minimally with a sign octet', () => {
    expect(bytesToHex(derUnsignedInteger(hexToBytes('0000ff')))).toBe('020200ff');
    expect(bytesToHex(derUnsignedInteger(hexToBytes('7f')))).toBe('02017f');
    expect(bytesToHex(derUnsignedInteger(hexToBytes('0000')))).toBe('020100');
  });
  it('uses UTCTime before 2050 and GeneralizedTime after', () => {
    expect(new TextDecoder().decode(derTime(new Date('2026-11-27T05:06:07Z')).subarray(2))).toBe(
      '261127050607Z',
    );
    expect(derTime(new Date('2026-01-01T00:00:00Z'))[0]).toBe(0x17);
    expect(new TextDecoder().decode(derTime(new Date('2051-01-02T03:04:05Z')).subarray(2))).toBe(
      '20510102030405Z',
    );
  });
  it('rejects truncated and indefinite lengths', () => {
    expect(() => readTlv(hexToBytes('3005020101'))).toThrow(KysoError);
    expect(() => readTlv(hexToBytes('3080020101 0000'))).toThrow(/indefinite/);
  });
});

describe('ECDSA raw r‖s ⇄ DER', () => {
  for (const [curve, size] of [
    ['P-256', 32],
    ['P-384', 48],
    ['P-521', 66],
  ] as const) {
    it(`round-trips node:crypto signatures on ${curve}`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const data = Buffer.from('Kyso ký số');
      for (let i = 0; i < 20; i++) {
        const der = new Uint8Array(nodeSign('sha256', data, privateKey));
        const raw = ecdsaDerToRaw(der, size);
        expect(raw.length).toBe(2 * size);
        expect(nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
        expect(bytesToHex(ecdsaRawToDer(raw))).toBe(bytesToHex(der));
        expect(isDerEcdsaSignature(der, size)).toBe(true);
        expect(ecdsaSignatureToDer(raw, size)).toEqual(der);
        expect(ecdsaSignatureToDer(der, size)).toBe(der);
        expect(ecdsaSignatureToRaw(der, size)).toEqual(raw);
        expect(ecdsaSignatureToRaw(raw, size)).toBe(raw);
      }
    });
  }
  it('handles high-bit and leading-zero halves', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80;
    raw[63] = 1;
    const der = ecdsaRawToDer(raw);
    expect(bytesToHex(der)).toMatch(/^3026022100800{62}020101$/);
    expect(ecdsaDerToRaw(der, 32)).toEqual(raw);
  });
  it('rejects signatures of the wrong shape', () => {
    expect(() => ecdsaSignatureToDer(new Uint8Array(63), 32)).toThrow(KysoError);
    expect(() => ecdsaDerToRaw(hexToBytes('3006020101020101ff'), 32)).toThrow(KysoError);
    expect(() => ecdsaDerToRaw(hexToBytes('300602018102 0101'), 32)).toThrow(/negative/);
    const tooLong = ecdsaRawToDer(new Uint8Array(98).fill(1));
    expect(() => ecdsaDerToRaw(tooLong, 32)).toThrow(/longer than the curve/);
  });
});

describe('signature algorithm identifiers', () => {
  it('builds RSASSA-PSS parameters with matching MGF1 hash and salt = hash length', () => {
    const params = rsaPssParameters('SHA-384');
    expect(parseRsaPssParameters(params)).toEqual({ hash: 'SHA-384', saltLength: 48 });
    const id = signatureAlgorithmIdentifier({ scheme: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 });
    expect(parseSignatureAlgorithm(id)).toEqual({ scheme: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 });
  });
  it('round-trips PKCS#1 and ECDSA identifiers', () => {
    for (const scheme of ['RSASSA-PKCS1-v1_5', 'ECDSA'] as const)
      for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'] as const)
        expect(parseSignatureAlgorithm(signatureAlgorithmIdentifier({ scheme, hash }))).toEqual({
          scheme,
          hash,
        });
  });
  it('reads plain rsaEncryption with the CMS digest algorithm', () => {
    const rsaEncryption = hexToBytes('300d06092a864886f70d0101010500');
    expect(parseSignatureAlgorithm(rsaEncryption, 'SHA-384')).toEqual({
      scheme: 'RSASSA-PKCS1-v1_5',
      hash: 'SHA-384',
    });
    expect(() => parseSignatureAlgorithm(rsaEncryption)).toThrow(UnsupportedAlgorithmError);
  });
  it('refuses SHA-1 and PSS with default (SHA-1) parameters', () => {
    expect(() => parseSignatureAlgorithm(hexToBytes('300d06092a864886f70d0101050500'))).toThrow(
      UnsupportedAlgorithmError,
    );
    expect(() => parseRsaPssParameters(hexToBytes('3000'))).toThrow(UnsupportedAlgorithmError);
  });
});
