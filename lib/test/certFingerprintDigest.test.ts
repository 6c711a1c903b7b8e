import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1, sha256 } from '../src/cert/fingerprintDigest.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('synchronous SHA-1 / SHA-256 for fingerprints', () => {
  it('matches node:crypto for every length 0..300 (all padding boundaries) and a 100 KB message', () => {
    for (let n = 0; n <= 300; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff);
      expect(hex(sha256(m))).toBe(createHash('sha256').update(m).digest('hex'));
      expect(hex(sha1(m))).toBe(createHash('sha1').update(m).digest('hex'));
    }
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) & 0xff);
    expect(hex(sha256(big))).toBe(createHash('sha256').update(big).digest('hex'));
    expect(hex(sha1(big))).toBe(createHash('sha1').update(big).digest('hex'));
  });

  it('gives the FIPS 180-4 "abc" vectors', () => {
    const abc = new TextEncoder().encode('abc');
    expect(hex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha1(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});
