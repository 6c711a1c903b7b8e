/**
 * randomToken (session ids, CSRF tokens) draws from a pool of CSPRNG bytes: every token has the asked
 * entropy in URL-safe base64 and none repeats, across several refills of the pool.
 */
import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/portal/security/secretDigest.js';

describe('randomToken', () => {
  it('gives URL-safe tokens of the asked size, all different, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const t = randomToken(32);
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(1000);
  });

  it('sizes larger than the pool and odd sizes are served whole', () => {
    expect(Buffer.from(randomToken(5000), 'base64url')).toHaveLength(5000);
    const odd = new Set(Array.from({ length: 300 }, () => randomToken(17)));
    for (const t of odd) expect(Buffer.from(t, 'base64url')).toHaveLength(17);
    expect(odd.size).toBe(300);
  });

  it('tokens are not mostly zero bytes (the taken bytes are zeroed only after encoding)', () => {
    const bytes = Buffer.concat(Array.from({ length: 200 }, () => Buffer.from(randomToken(32), 'base64url')));
    const zeros = bytes.filter((b) => b === 0).length;
    // 6,400 uniform bytes: about 25 zeros expected.
    expect(zeros).toBeLessThan(100);
  });
});
