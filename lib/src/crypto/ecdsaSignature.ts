/**
 * ECDSA signature encodings: raw r‖s (IEEE P1363, what PKCS#11 tokens, WebCrypto and Web eID use)
 * and DER `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (what CMS and X.509 use).
 */

import { childrenOf, readTlv } from '../cert/derReader.js';
import { KysoError } from '../protocol/kysoError.js';
import { derSequence, derUnsignedInteger } from './derWriter.js';

/** Field size in bytes of each supported curve. */
export const CURVE_FIELD_BYTES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const;
export type NamedCurve = keyof typeof CURVE_FIELD_BYTES;

/** raw r‖s (even length) → DER. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0)
    throw new KysoError('INVALID_REQUEST', 'raw ECDSA signature must be r‖s of equal halves');
  const half = raw.length / 2;
  return derSequence(derUnsignedInteger(raw.subarray(0, half)), derUnsignedInteger(raw.subarray(half)));
}

function integerMagnitude(bytes: Uint8Array, valueStart: number, end: number): Uint8Array {
  let i = valueStart;
  while (i < end - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i, end);
}

/** DER → raw r‖s, each half left-padded to `fieldBytes`. Throws KysoError(INVALID_REQUEST) on bad DER. */
export function ecdsaDerToRaw(der: Uint8Array, fieldBytes: number): Uint8Array {
  const seq = readTlv(der, 0);
  if (seq.tag !== 0x30 || seq.end !== der.length)
    throw new KysoError('INVALID_REQUEST', 'not a DER ECDSA signature');
  const parts = childrenOf(der, seq);
  if (parts.length !== 2 || parts.some((p) => p.tag !== 0x02 || p.end === p.valueStart))
    throw new KysoError('INVALID_REQUEST', 'not a DER ECDSA signature');
  const out = new Uint8Array(fieldBytes * 2);
  parts.forEach((p, i) => {
    if (der[p.valueStart]! & 0x80) throw new KysoError('INVALID_REQUEST', 'negative ECDSA integer');
    const mag = integerMagnitude(der, p.valueStart, p.end);
    if (mag.length > fieldBytes)
      throw new KysoError('INVALID_REQUEST', 'ECDSA integer longer than the curve');
    out.set(mag, (i + 1) * fieldBytes - mag.length);
  });
  return out;
}

/** True when `sig` parses as a complete DER Ecdsa-Sig-Value whose integers fit the curve. */
export function isDerEcdsaSignature(sig: Uint8Array, fieldBytes: number): boolean {
  if (sig.length === fieldBytes * 2 && sig[0] !== 0x30) return false;
  try {
    ecdsaDerToRaw(sig, fieldBytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Accepts either encoding from a signer (tokens return raw r‖s, some software returns DER) and returns DER.
 * A raw signature has exactly 2 × field size bytes; DER is detected by parsing.
 */
export function ecdsaSignatureToDer(sig: Uint8Array, fieldBytes: number): Uint8Array {
  if (isDerEcdsaSignature(sig, fieldBytes)) return sig;
  if (sig.length === fieldBytes * 2) return ecdsaRawToDer(sig);
  throw new KysoError('INVALID_REQUEST', 'ECDSA signature is neither raw r‖s nor DER for this curve');
}

/** Same detection, returning raw r‖s. */
export function ecdsaSignatureToRaw(sig: Uint8Array, fieldBytes: number): Uint8Array {
  if (isDerEcdsaSignature(sig, fieldBytes)) return ecdsaDerToRaw(sig, fieldBytes);
  if (sig.length === fieldBytes * 2) return sig;
  throw new KysoError('INVALID_REQUEST', 'ECDSA signature is neither raw r‖s nor DER for this curve');
}
