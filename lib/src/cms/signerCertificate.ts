/**
 * The one place where signature verification meets the certificate and trust modules: the signer's
 * description (Vietnamese identity) comes from `cert`, path and revocation from `trust.validatePath`.
 * Shared by CMS and login-token verification.
 *
 * Successful path results computed WITHOUT revocation checking are memoised: such a result depends on
 * the time only through the validity periods of the certificates on the path, so it is reused for any
 * later time inside all of them, for the same leaf, anchors and intermediates (exact bytes). Results
 * with errors, and every check that involves revocation, are always computed afresh.
 */
import { type CertificateDescription, parseCertificate } from '../cert/index.js';
import { type BinaryInput, bytesToBase64, toDerList } from '../encoding/binaryInput.js';
import {
  type PathValidationResult,
  type RevocationOptions,
  type RevocationStatus,
  validatePath,
} from '../trust/index.js';

export type { CertificateDescription, PathValidationResult, RevocationOptions, RevocationStatus };

export interface CertificateTrustOptions {
  trustAnchors: BinaryInput[];
  intermediates?: BinaryInput[];
  /** Validation time. */
  time: Date;
  revocation?: RevocationOptions;
}

/** Parses a certificate; throws KysoError(INVALID_REQUEST) when malformed. */
export function describeCertificate(der: Uint8Array): CertificateDescription {
  return parseCertificate(der);
}

interface CachedPath {
  result: PathValidationResult;
  notBefore: number;
  notAfter: number;
}

const PATH_CACHE_LIMIT = 1000;
const pathCache = new Map<string, CachedPath>();

/** Forgets memoised path results (tests, cold-cache measurements, trust-store changes). */
export function clearPathResultCache(): void {
  pathCache.clear();
}

function inputKey(list: BinaryInput[]): string {
  return list.map((x) => (typeof x === 'string' ? x : toDerList(x).map(bytesToBase64).join(','))).join('|');
}

/** Path, validity and revocation of `leaf` at `options.time`. */
export async function checkCertificateTrust(
  leaf: Uint8Array,
  options: CertificateTrustOptions,
): Promise<PathValidationResult> {
  const intermediates = options.intermediates ?? [];
  const time = options.time.getTime();
  const key = options.revocation
    ? undefined
    : `${bytesToBase64(leaf)}#${inputKey(options.trustAnchors)}#${inputKey(intermediates)}`;
  if (key) {
    const hit = pathCache.get(key);
    if (hit && time >= hit.notBefore && time <= hit.notAfter) {
      pathCache.delete(key);
      pathCache.set(key, hit);
      return hit.result;
    }
  }
  const result = await validatePath(leaf, {
    intermediates,
    trustAnchors: options.trustAnchors,
    time: options.time,
    ...(options.revocation ? { revocation: options.revocation } : {}),
  });
  if (key && result.valid && result.path.length > 0) {
    let notBefore = Number.NEGATIVE_INFINITY;
    let notAfter = Number.POSITIVE_INFINITY;
    for (const der of result.path) {
      const d = parseCertificate(der);
      notBefore = Math.max(notBefore, d.notBefore.getTime());
      notAfter = Math.min(notAfter, d.notAfter.getTime());
    }
    if (pathCache.size >= PATH_CACHE_LIMIT) pathCache.delete(pathCache.keys().next().value as string);
    pathCache.set(key, { result, notBefore, notAfter });
  }
  return result;
}
