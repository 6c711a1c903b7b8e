/**
 * A certificate's validity period, read with lib's DER walker only. The
 * background needs no more than this before a signature, so it does not
 * bundle the full certificate parser (and pkijs, ≈ 450 KB).
 */
import { readCertificateStructure } from '../../lib/src/cert/certificateStructure.js';
import { base64ToBytes } from '../../lib/src/encoding/binaryInput.js';
import { KysoError } from '../../lib/src/protocol/kysoError.js';

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

export function validityAt(notBefore: Date, notAfter: Date, now: Date): ValidityState {
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > notAfter.getTime()) return 'expired';
  return 'valid';
}

/** The validity at `now` of a base64 DER certificate; `INVALID_REQUEST` for anything that is not one. */
export function certificateValidityAt(b64: string, now: Date): ValidityState {
  let notBefore: Date;
  let notAfter: Date;
  try {
    ({ notBefore, notAfter } = readCertificateStructure(base64ToBytes(b64)));
  } catch {
    throw new KysoError('INVALID_REQUEST', 'the certificate cannot be parsed');
  }
  return validityAt(notBefore, notAfter, now);
}
