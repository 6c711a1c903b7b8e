/**
 * Server-side validation of a `web-eid:1.0` login token, applying the checks of Web eID's validator:
 * token size and format, algorithm allow-list, origin shape, certificate purpose (digitalSignature key
 * usage; clientAuth extended key usage or none), signature over H(origin) ‖ H(nonce), and the
 * certificate's validity, path and revocation (trust module). The nonce must come from the server's own
 * store (single use, see NonceStore); the origin from the server's configuration, never from the client.
 */
import {
  type CertificateDescription,
  checkCertificateTrust,
  describeCertificate,
  type PathValidationResult,
  type RevocationOptions,
  type RevocationStatus,
} from '../cms/signerCertificate.js';
import { assertReadableTrustAnchors } from '../cms/verifyCms.js';
import { CURVE_FIELD_BYTES } from '../crypto/ecdsaSignature.js';
import { HASH_LENGTHS } from '../crypto/hashAlgorithms.js';
import { describePublicKey, type PublicKeyKind, verifySignature } from '../crypto/publicKeys.js';
import { type BinaryInput, base64ToBytes } from '../encoding/binaryInput.js';
import { KysoError } from '../protocol/kysoError.js';
import {
  AUTH_TOKEN_MAX_LENGTH,
  AUTH_TOKEN_MIN_LENGTH,
  NONCE_MAX_LENGTH,
  NONCE_MIN_LENGTH,
} from './authToken.js';
import {
  AUTH_TOKEN_ALGORITHMS,
  type AuthTokenAlgorithm,
  authTokenAlgorithmParts,
  isAuthTokenAlgorithm,
} from './authTokenAlgorithms.js';
import { authTokenSignedData } from './authTokenDigest.js';
import {
  AuthTokenError,
  type AuthTokenErrorCode,
  type AuthTokenIssue,
  authTokenIssue,
} from './authTokenErrors.js';
import { checkLoginOrigin } from './loginOrigin.js';

export interface VerifyAuthTokenOptions {
  /** The nonce this server issued for the session (taken from its store, single use). */
  nonce: string;
  /** This site's origin, from configuration: https://host[:port] (or a local development origin). */
  origin: string;
  trustAnchors: BinaryInput[];
  intermediates?: BinaryInput[];
  /** Validation time; default now. */
  now?: Date;
  revocation?: RevocationOptions;
  /** Narrow the accepted algorithms (default: all nine of ES/PS/RS 256/384/512). */
  allowedAlgorithms?: readonly AuthTokenAlgorithm[];
}

export interface AuthTokenVerification {
  /** The authenticated certificate (DER). */
  certificate: Uint8Array;
  description: CertificateDescription;
  /** RFC 4514 subject. */
  subject: string;
  identifiers: CertificateDescription['identifiers'];
  subjectType: CertificateDescription['subjectType'];
  algorithm: AuthTokenAlgorithm;
  path: PathValidationResult;
  revocation: RevocationStatus;
  /** Path/revocation warnings (e.g. revocation status unknown when not required). */
  warnings: PathValidationResult['warnings'];
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function fail(code: AuthTokenErrorCode, detail?: string): never {
  throw new AuthTokenError([authTokenIssue(code, detail)]);
}

interface TokenFields {
  certificate: string;
  algorithm: string;
  signature: string;
}

function readToken(token: unknown): TokenFields {
  let text: string;
  let value: unknown;
  if (typeof token === 'string') {
    text = token;
    if (text.length < AUTH_TOKEN_MIN_LENGTH || text.length > AUTH_TOKEN_MAX_LENGTH)
      fail(
        'AUTH_TOKEN_MALFORMED',
        `token length ${text.length} outside ${AUTH_TOKEN_MIN_LENGTH}–${AUTH_TOKEN_MAX_LENGTH}`,
      );
    try {
      value = JSON.parse(text);
    } catch {
      fail('AUTH_TOKEN_MALFORMED', 'not JSON');
    }
  } else if (token && typeof token === 'object') {
    value = token;
    let size: number;
    try {
      size = JSON.stringify(token).length;
    } catch {
      fail('AUTH_TOKEN_MALFORMED', 'not serialisable');
    }
    if (size < AUTH_TOKEN_MIN_LENGTH || size > AUTH_TOKEN_MAX_LENGTH)
      fail(
        'AUTH_TOKEN_MALFORMED',
        `token length ${size} outside ${AUTH_TOKEN_MIN_LENGTH}–${AUTH_TOKEN_MAX_LENGTH}`,
      );
  } else fail('AUTH_TOKEN_MALFORMED', 'token must be a JSON string or object');
  if (!value || typeof value !== 'object' || Array.isArray(value))
    fail('AUTH_TOKEN_MALFORMED', 'not a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.format !== 'string' || v.format.length === 0) fail('AUTH_TOKEN_MALFORMED', 'format missing');
  if (!v.format.startsWith('web-eid:1')) fail('AUTH_TOKEN_FORMAT', 'format must start with web-eid:1');
  for (const field of ['unverifiedCertificate', 'algorithm', 'signature'] as const)
    if (typeof v[field] !== 'string' || (v[field] as string).length === 0)
      fail('AUTH_TOKEN_MALFORMED', `${field} missing`);
  return {
    certificate: v.unverifiedCertificate as string,
    algorithm: v.algorithm as string,
    signature: v.signature as string,
  };
}

function checkOptions(options: VerifyAuthTokenOptions): void {
  if (!options || typeof options !== 'object') throw new KysoError('INVALID_REQUEST', 'options are required');
  if (!Array.isArray(options.trustAnchors) || options.trustAnchors.length === 0)
    throw new KysoError('INVALID_REQUEST', 'trustAnchors must list at least one certificate');
  assertReadableTrustAnchors(options.trustAnchors);
  if (checkLoginOrigin(options.origin)) fail('AUTH_TOKEN_ORIGIN', 'origin must be https://host[:port]');
  const { nonce } = options;
  if (typeof nonce !== 'string' || nonce.length < NONCE_MIN_LENGTH || nonce.length > NONCE_MAX_LENGTH)
    fail('AUTH_TOKEN_NONCE', `nonce must be ${NONCE_MIN_LENGTH}–${NONCE_MAX_LENGTH} characters`);
}

function decodeBase64(text: string, what: string, code: AuthTokenErrorCode): Uint8Array {
  try {
    return base64ToBytes(text);
  } catch {
    fail(code, `${what} is not base64`);
  }
}

function keyFitsAlgorithm(kind: PublicKeyKind, alg: AuthTokenAlgorithm): boolean {
  if (alg.startsWith('ES')) return kind.type === 'EC';
  if (kind.type !== 'RSA') return false;
  return alg.startsWith('PS') || !kind.pssOnly;
}

const PATH_CODE_MAP: Readonly<Record<string, AuthTokenErrorCode>> = {
  EXPIRED: 'CERTIFICATE_EXPIRED',
  NOT_YET_VALID: 'CERTIFICATE_NOT_YET_VALID',
  REVOKED: 'CERTIFICATE_REVOKED',
  REVOCATION_UNKNOWN: 'CERTIFICATE_REVOCATION_UNKNOWN',
  MALFORMED_CERTIFICATE: 'CERTIFICATE_MALFORMED',
};

/** Maps the trust module's path problems to login-token codes (anything else: untrusted). */
function pathIssues(path: PathValidationResult): AuthTokenIssue[] {
  const out = new Map<AuthTokenErrorCode, string[]>();
  for (const e of path.errors) {
    const code = PATH_CODE_MAP[e.code] ?? 'CERTIFICATE_UNTRUSTED';
    const where = e.certIndex === undefined || e.certIndex === 0 ? e.code : `${e.code}@${e.certIndex}`;
    out.set(code, [...(out.get(code) ?? []), where]);
  }
  return [...out].map(([code, details]) => authTokenIssue(code, details.join(', ')));
}

/**
 * Verifies a login token against this server's nonce and origin. Resolves with the authenticated
 * certificate and identity; rejects with AuthTokenError (stable `code`, every problem in `issues`), or
 * KysoError(INVALID_REQUEST) for missing trust anchors (a configuration error).
 *
 * Order: token shape → algorithm → certificate purpose → signature → validity, path, revocation. Path
 * and revocation (which may use the network) are only checked once the signature is good.
 */
export async function verifyAuthToken(
  token: string | object,
  options: VerifyAuthTokenOptions,
): Promise<AuthTokenVerification> {
  checkOptions(options);
  const fields = readToken(token);
  const allowed = options.allowedAlgorithms ?? AUTH_TOKEN_ALGORITHMS;
  if (!isAuthTokenAlgorithm(fields.algorithm) || !allowed.includes(fields.algorithm))
    fail('AUTH_TOKEN_ALGORITHM', `algorithm ${fields.algorithm.slice(0, 16)} is not allowed`);
  const algorithm = fields.algorithm;

  const certDer = decodeBase64(fields.certificate, 'unverifiedCertificate', 'CERTIFICATE_MALFORMED');
  let description: CertificateDescription;
  let kind: PublicKeyKind;
  let spki: Uint8Array;
  try {
    description = describeCertificate(certDer);
    spki = description.publicKey.spki;
    kind = describePublicKey(spki);
  } catch (e) {
    fail('CERTIFICATE_MALFORMED', e instanceof Error ? e.message : undefined);
  }

  const issues: AuthTokenIssue[] = [];
  const ku = description.keyUsage;
  if (!ku?.includes('digitalSignature'))
    issues.push(
      authTokenIssue('CERTIFICATE_KEY_USAGE', ku ? 'digitalSignature bit not set' : 'no key usage extension'),
    );
  const eku = description.extendedKeyUsage;
  if (eku && !eku.some((e) => e.oid === CLIENT_AUTH))
    issues.push(authTokenIssue('CERTIFICATE_PURPOSE', 'extended key usage lacks clientAuth'));

  if (!keyFitsAlgorithm(kind, algorithm)) {
    issues.unshift(authTokenIssue('AUTH_TOKEN_ALGORITHM', `${algorithm} does not fit a ${kind.type} key`));
    throw new AuthTokenError(issues);
  }
  const { scheme, hash } = authTokenAlgorithmParts(algorithm);
  const signature = decodeBase64(fields.signature, 'signature', 'AUTH_TOKEN_SIGNATURE');
  // Web eID tokens carry ECDSA as raw r‖s of exactly twice the field size.
  const rawOk = kind.type !== 'EC' || signature.length === 2 * CURVE_FIELD_BYTES[kind.curve];
  const signedData = await authTokenSignedData(options.origin, options.nonce, hash);
  const signatureValid =
    rawOk &&
    (await verifySignature(
      spki,
      scheme === 'RSA-PSS' ? { scheme, hash, saltLength: HASH_LENGTHS[hash] } : { scheme, hash },
      signature,
      signedData,
    ));
  if (!signatureValid) {
    issues.unshift(authTokenIssue('AUTH_TOKEN_SIGNATURE'));
    throw new AuthTokenError(issues);
  }

  let path: PathValidationResult;
  try {
    path = await checkCertificateTrust(certDer, {
      trustAnchors: options.trustAnchors,
      intermediates: options.intermediates ?? [],
      time: options.now ?? new Date(),
      ...(options.revocation ? { revocation: options.revocation } : {}),
    });
  } catch (e) {
    if (!(e instanceof KysoError)) throw e;
    issues.unshift(authTokenIssue('CERTIFICATE_MALFORMED', e.message));
    throw new AuthTokenError(issues);
  }
  issues.push(...pathIssues(path));
  if (issues.length > 0) throw new AuthTokenError(issues);
  return {
    certificate: certDer,
    description,
    subject: description.subjectString,
    identifiers: description.identifiers,
    subjectType: description.subjectType,
    algorithm,
    path,
    revocation: path.revocation.status,
    warnings: path.warnings,
  };
}
