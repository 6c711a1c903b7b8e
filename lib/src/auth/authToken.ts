/** The `web-eid:1.0` login token shape (Web eID authentication token format v2). */
import type { AuthTokenAlgorithm } from './authTokenAlgorithms.js';

export const AUTH_TOKEN_FORMAT = 'web-eid:1.0';

export interface AuthToken {
  /** base64 DER of the authentication certificate; unverified until verifyAuthToken succeeds. */
  unverifiedCertificate: string;
  algorithm: AuthTokenAlgorithm;
  /** base64 signature over H(origin) ‖ H(nonce); ECDSA as raw r‖s. */
  signature: string;
  format: string;
  appVersion: string;
}

/** Web eID token limits: the JSON text is 100 to 10,000 characters. */
export const AUTH_TOKEN_MIN_LENGTH = 100;
export const AUTH_TOKEN_MAX_LENGTH = 10_000;
/** Nonce limits (Web eID native app: 44–128 characters; 44 = 32 random bytes in base64). */
export const NONCE_MIN_LENGTH = 44;
export const NONCE_MAX_LENGTH = 128;
