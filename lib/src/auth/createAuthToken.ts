/**
 * Builds a `web-eid:1.0` login token with an external signer (the extension background asks the
 * token to sign the digest). The origin must come from the browser, never from the page.
 */
import type { DigestSigner } from '../cms/signCms.js';
import { certificateFields } from '../crypto/certificateFields.js';
import { CURVE_FIELD_BYTES, ecdsaSignatureToRaw } from '../crypto/ecdsaSignature.js';
import { HASH_LENGTHS, type HashAlgorithm, isHashAlgorithm } from '../crypto/hashAlgorithms.js';
import {
  defaultScheme,
  describePublicKey,
  type PublicKeyKind,
  schemeFitsKey,
  verifySignature,
} from '../crypto/publicKeys.js';
import { type BinaryInput, bytesToBase64, toDer } from '../encoding/binaryInput.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';
import { KysoError } from '../protocol/kysoError.js';
import { AUTH_TOKEN_FORMAT, type AuthToken, NONCE_MAX_LENGTH, NONCE_MIN_LENGTH } from './authToken.js';
import { authTokenAlgorithmName } from './authTokenAlgorithms.js';
import { authTokenDigest, authTokenSignedData } from './authTokenDigest.js';
import { checkLoginOrigin } from './loginOrigin.js';

export interface CreateAuthTokenOptions {
  /** The page origin as the browser reports it (sender origin). */
  origin: string;
  /** The server's challenge nonce, as received. */
  nonce: string;
  /** Authentication certificate (DER, PEM or base64). */
  certificate: BinaryInput;
  signer: DigestSigner;
  /** Default: SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521. */
  hashAlgorithm?: HashAlgorithm;
  /** Default by key: RSA → RSASSA-PKCS1-v1_5, EC → ECDSA. */
  scheme?: SignatureScheme;
  /** Free text identifying the producer; Web eID puts a release URL here. */
  appVersion?: string;
}

export const KYSO_APP_VERSION = 'kyso/0.1.0';

function defaultHash(kind: PublicKeyKind): HashAlgorithm {
  if (kind.type === 'EC')
    return kind.curve === 'P-384' ? 'SHA-384' : kind.curve === 'P-521' ? 'SHA-512' : 'SHA-256';
  return 'SHA-256';
}

/** Signs H(H(origin) ‖ H(nonce)) and returns the token object (serialise it with JSON.stringify). */
export async function createAuthToken(options: CreateAuthTokenOptions): Promise<AuthToken> {
  const { origin, nonce } = options;
  const originProblem = checkLoginOrigin(origin);
  if (originProblem === 'insecureScheme')
    throw new KysoError('INSECURE_ORIGIN', `origin ${origin} is not https`);
  if (originProblem) throw new KysoError('INVALID_REQUEST', 'origin must be scheme://host[:port]');
  if (typeof nonce !== 'string' || nonce.length < NONCE_MIN_LENGTH || nonce.length > NONCE_MAX_LENGTH)
    throw new KysoError(
      'INVALID_REQUEST',
      `nonce must be ${NONCE_MIN_LENGTH}–${NONCE_MAX_LENGTH} characters`,
    );
  if (typeof options.signer !== 'function') throw new KysoError('INVALID_REQUEST', 'signer is required');
  const certDer = toDer(options.certificate, 'CERTIFICATE');
  let kind: PublicKeyKind;
  let spki: Uint8Array;
  try {
    spki = certificateFields(certDer).subjectPublicKeyInfo;
    kind = describePublicKey(spki);
  } catch (e) {
    if (e instanceof KysoError) throw e;
    throw new KysoError('INVALID_REQUEST', 'unsupported certificate key');
  }
  const hash = options.hashAlgorithm ?? defaultHash(kind);
  if (!isHashAlgorithm(hash)) throw new KysoError('INVALID_REQUEST', `unsupported hash ${String(hash)}`);
  const scheme = options.scheme ?? defaultScheme(kind);
  if (!schemeFitsKey(scheme, kind)) throw new KysoError('INVALID_REQUEST', `${scheme} does not fit the key`);
  const toBeSigned = await authTokenDigest(origin, nonce, hash);
  let signature = await options.signer(toBeSigned, { hash, scheme });
  if (!(signature instanceof Uint8Array) || signature.length === 0)
    throw new KysoError('INVALID_REQUEST', 'signer returned no signature');
  if (kind.type === 'EC') signature = ecdsaSignatureToRaw(signature, CURVE_FIELD_BYTES[kind.curve]);
  // Catch a token that signed with another key (or garbage) here rather than at the server.
  const algorithm =
    scheme === 'RSA-PSS' ? { scheme, hash, saltLength: HASH_LENGTHS[hash] } : { scheme, hash };
  if (!(await verifySignature(spki, algorithm, signature, await authTokenSignedData(origin, nonce, hash))))
    throw new KysoError('INVALID_REQUEST', 'the signature does not verify with the certificate (wrong key?)');
  return {
    unverifiedCertificate: bytesToBase64(certDer),
    algorithm: authTokenAlgorithmName(scheme, hash),
    signature: bytesToBase64(signature),
    format: AUTH_TOKEN_FORMAT,
    appVersion: options.appVersion ?? KYSO_APP_VERSION,
  };
}
