import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  decodePemBlocks,
  encodePem,
  hexToBytes,
  portableBytesToBase64,
  portableBytesToHex,
  toArrayBuffer,
  toDer,
  toDerList,
} from '../src/encoding/index.js';

describe('binary input', () => {
  it('base64 round-trips every length against Buffer', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(b64)).toEqual(bytes);
      expect(bytesToBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64ToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
    }
  });

  it('the Buffer and portable (browser) encoders agree on every length, views included', () => {
    const backing = new Uint8Array(300).map((_, i) => (i * 151 + 7) & 0xff);
    for (let n = 0; n < 140; n++) {
      // An offset view into a larger buffer: the Buffer path must respect byteOffset and length.
      const view = backing.subarray(3, 3 + n);
      const expected64 = Buffer.from(view).toString('base64');
      const expectedHex = Buffer.from(view).toString('hex');
      expect(portableBytesToBase64(view)).toBe(expected64);
      expect(bytesToBase64(view)).toBe(expected64);
      expect(portableBytesToHex(view)).toBe(expectedHex);
      expect(bytesToHex(view)).toBe(expectedHex);
      expect(bytesToHex(view.slice().buffer)).toBe(expectedHex);
    }
  });

  it('refuses invalid base64 and hex with INVALID_REQUEST', () => {
    expect(() => base64ToBytes('ab$d')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => base64ToBytes('a')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => hexToBytes('abc')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => toDer('')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => toDer('-----BEGIN X-----\nAAAA\n-----END Y-----')).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
  });

  it('reads PEM, several blocks, labels, DER and base64 alike', () => {
    const a = new Uint8Array([1, 2, 3, 4, 5]);
    const b = new Uint8Array([9, 8, 7]);
    const pem = encodePem('CERTIFICATE', a) + encodePem('X509 CRL', b);
    expect(decodePemBlocks(pem).map((x) => x.label)).toEqual(['CERTIFICATE', 'X509 CRL']);
    expect(toDer(pem)).toEqual(a);
    expect(toDer(pem, 'X509 CRL')).toEqual(b);
    expect(toDerList(pem)).toEqual([a, b]);
    expect(toDer(bytesToBase64(a))).toEqual(a);
    expect(toDer(a)).toBe(a);
    expect(bytesToHex(hexToBytes('00ff10'))).toBe('00ff10');
  });

  it('decodes a repeated PEM text from its cache, handing out independent copies', () => {
    const pem = encodePem('CERTIFICATE', new Uint8Array([7, 7, 7]));
    const first = toDer(pem);
    first[0] = 0;
    expect(toDer(pem)).toEqual(new Uint8Array([7, 7, 7]));
    expect(toDerList(pem)[0]).not.toBe(toDerList(pem)[0]);
  });

  it('toArrayBuffer copies exactly the bytes of a view, also of a pooled Node Buffer', () => {
    const pooled = Buffer.from([1, 2, 3]);
    expect(pooled.buffer.byteLength).toBeGreaterThan(3);
    expect(new Uint8Array(toArrayBuffer(pooled))).toEqual(new Uint8Array([1, 2, 3]));
    const whole = new Uint8Array([4, 5]);
    expect(toArrayBuffer(whole)).toBe(whole.buffer);
    const view = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    expect(new Uint8Array(toArrayBuffer(view))).toEqual(new Uint8Array([8, 7]));
  });
});
