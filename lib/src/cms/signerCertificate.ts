/**
 * The one place where signature verification meets the certificate and trust modules: the signer's
 * description (Vietnamese identity) comes from `cert`, path and revocation from `trust.validatePath`.
 * Shared by CMS and login-token verification.
 */
import { type CertificateDescription, parseCertificate } from '../cert/index.js';
import type { BinaryInput } from '../encoding/binaryInput.js';
import { type PathValidationResult, type RevocationOptions, validatePath } from '../trust/index.js';

export type { CertificateDescription, PathValidationResult, RevocationOptions };

export type RevocationStatus = PathValidationResult['revocation']['status'];

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

/** Path, validity and revocation of `leaf` at `options.time`. */
export function checkCertificateTrust(
  leaf: Uint8Array,
  options: CertificateTrustOptions,
): Promise<PathValidationResult> {
  return validatePath(leaf, {
    intermediates: options.intermediates ?? [],
    trustAnchors: options.trustAnchors,
    time: options.time,
    ...(options.revocation ? { revocation: options.revocation } : {}),
  });
}
