/**
 * The relying-party side of a USB-token login token, shared by the national portal (registration and
 * sign-in) and the ministry portal (sign-in and re-authentication): a trust list completed with its
 * defaults, and the token checked against it with revocation required.
 */
import {
  type AuthTokenVerification,
  httpRevocationFetch,
  PathValidationCache,
  verifyAuthToken,
} from '@kyso/lib';
import type { Clock } from '../clock.js';
import type { CertificateTrust } from '../portalContext.js';

/**
 * `trust` with an HTTP OCSP/CRL fetcher (the external timeout) and a validated-path cache on `clock`
 * when it names none.
 */
export function completeTrust(
  trust: CertificateTrust,
  clock: Clock,
  externalTimeoutMs: number,
): CertificateTrust {
  return {
    ...trust,
    revocationFetch: trust.revocationFetch ?? httpRevocationFetch({ timeoutMs: externalTimeoutMs }),
    pathCache: trust.pathCache ?? new PathValidationCache({ clock }),
  };
}

/**
 * Verifies a login token for `origin` and the single-use `nonce` with the trust list; revocation
 * information is required. Throws lib's AuthTokenError (a stable code) when the token is refused.
 */
export function verifyLoginToken(
  trust: CertificateTrust,
  token: string | object,
  challenge: { nonce: string; origin: string; now: number },
): Promise<AuthTokenVerification> {
  return verifyAuthToken(token, {
    nonce: challenge.nonce,
    origin: challenge.origin,
    trustAnchors: trust.anchors,
    intermediates: trust.intermediates,
    now: new Date(challenge.now),
    revocation: {
      ...(trust.revocationFetch ? { fetch: trust.revocationFetch } : {}),
      ...(trust.pathCache ? { pathCache: trust.pathCache } : {}),
      requireRevocationInfo: true,
    },
  });
}
