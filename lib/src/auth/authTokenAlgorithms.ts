/** The JWA algorithm names allowed in a `web-eid:1.0` token and what they mean. */
import type { HashAlgorithm } from '../crypto/hashAlgorithms.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';

export const AUTH_TOKEN_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
] as const;
export type AuthTokenAlgorithm = (typeof AUTH_TOKEN_ALGORITHMS)[number];

export function isAuthTokenAlgorithm(value: unknown): value is AuthTokenAlgorithm {
  return typeof value === 'string' && (AUTH_TOKEN_ALGORITHMS as readonly string[]).includes(value);
}

const SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  ES: 'ECDSA',
  PS: 'RSA-PSS',
  RS: 'RSASSA-PKCS1-v1_5',
};

/** Scheme and hash of a JWA name (ES256 → ECDSA/SHA-256…). PS uses salt = hash length (RFC 7518 §3.5). */
export function authTokenAlgorithmParts(alg: AuthTokenAlgorithm): {
  scheme: SignatureScheme;
  hash: HashAlgorithm;
} {
  return { scheme: SCHEMES[alg.slice(0, 2)]!, hash: `SHA-${alg.slice(2)}` as HashAlgorithm };
}

/** The JWA name for a scheme and hash. */
export function authTokenAlgorithmName(scheme: SignatureScheme, hash: HashAlgorithm): AuthTokenAlgorithm {
  const prefix = scheme === 'ECDSA' ? 'ES' : scheme === 'RSA-PSS' ? 'PS' : 'RS';
  return `${prefix}${hash.slice(4)}` as AuthTokenAlgorithm;
}
