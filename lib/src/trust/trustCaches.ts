import { clearDecodedCrlCache } from './crlDecode.js';
import { clearPublicKeyImportCache } from './signatureCheck.js';
import { clearTrustCertificateCache } from './trustCertificate.js';

/**
 * Forgets decoded certificates and CRLs (and with them the remembered signature verdicts) and
 * imported keys. Validation results never depend on these caches; this only frees memory or measures a
 * cold start.
 */
export function clearTrustCaches(): void {
  clearTrustCertificateCache();
  clearPublicKeyImportCache();
  clearDecodedCrlCache();
}
