/**
 * Keyed digests for short secrets (OTPs, captcha answers, session ids): HMAC-SHA-256 with the pepper,
 * bound to a purpose and a context (the flow id), compared in constant time.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function secretDigest(pepper: string, purpose: string, context: string, secret: string): string {
  return createHmac('sha256', pepper).update(`${purpose}\u0000${context}\u0000${secret}`).digest('hex');
}

export function digestMatches(expectedHex: string, actualHex: string): boolean {
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(actualHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** SHA-256 of a high-entropy token (session cookie), hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * CSPRNG bytes drawn 4 KiB at a time (one call into the generator per 128 session tokens instead of one per
 * token, as node:crypto's randomUUID does); each byte is handed out once and zeroed as it is taken.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    poolOffset = 0;
  }
  const taken = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  const token = taken.toString('base64url');
  taken.fill(0);
  return token;
}

/** A numeric code of `digits` digits from the CSPRNG (leading zeros kept). */
export function randomDigits(digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += String(randomInt(10));
  return out;
}
