/**
 * GeneralName values reduced to plain data (RFC 5280 §4.2.1.6), for name constraints and
 * distribution-point matching. Read in place with the cert module's strict DER reader.
 */
import type * as pkijs from 'pkijs';
import { childrenOf, hexOf, malformed, readTlv, TAG, type Tlv } from '../cert/derReader.js';
import { type ComparableName, comparableName, comparableNameAt } from '../cert/distinguishedName.js';
import { derSequence, derTlv } from '../crypto/derWriter.js';

export type PlainGeneralName =
  | { kind: 'email'; value: string }
  | { kind: 'dns'; value: string }
  | { kind: 'uri'; value: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'dn'; name: ComparableName; der?: Uint8Array }
  | { kind: 'other'; tag: number; key: string };

/** A pkijs Name (CRLs and OCSP responses are still decoded with pkijs) as a comparable name. */
export function rdnsToComparable(rdns: pkijs.RelativeDistinguishedNames): ComparableName {
  return comparableName(nameDer(rdns));
}

/** The DER of a pkijs Name, as it was received when it was decoded. */
export function nameDer(rdns: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(
    rdns.valueBeforeDecode.byteLength > 0 ? rdns.valueBeforeDecode : rdns.toSchema().toBER(false),
  );
}

function latin1(buf: Uint8Array, t: Tlv): string {
  let s = '';
  for (let i = t.valueStart; i < t.end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/** One GeneralName (a context-tagged TLV). Throws KysoError(INVALID_REQUEST) when malformed. */
export function generalNameAt(buf: Uint8Array, t: Tlv): PlainGeneralName {
  switch (t.tag) {
    case 0x81:
      return { kind: 'email', value: latin1(buf, t) };
    case 0x82:
      return { kind: 'dns', value: latin1(buf, t) };
    case 0x86:
      return { kind: 'uri', value: latin1(buf, t) };
    case 0x87:
      return { kind: 'ip', bytes: buf.slice(t.valueStart, t.end) };
    case 0xa4: {
      const inner = readTlv(buf, t.valueStart, t.end, 'directoryName');
      if (inner.end !== t.end) throw malformed('directoryName has trailing bytes');
      return { kind: 'dn', name: comparableNameAt(buf, inner), der: buf.subarray(inner.start, inner.end) };
    }
    default:
      if ((t.tag & 0xc0) !== 0x80) throw malformed('GeneralName is not context-tagged');
      return { kind: 'other', tag: t.tag & 0x1f, key: hexOf(buf.subarray(t.start, t.end)) };
  }
}

/** GeneralNames (SEQUENCE OF GeneralName, or its implicitly tagged form): every entry. */
export function generalNamesAt(buf: Uint8Array, t: Tlv): PlainGeneralName[] {
  return childrenOf(buf, t, 'GeneralNames').map((n) => generalNameAt(buf, n));
}

/** A whole DER GeneralNames value (e.g. a certificateIssuer CRL entry extension). */
export function generalNamesFromDer(der: Uint8Array): PlainGeneralName[] {
  const t = readTlv(der, 0, der.length, 'GeneralNames');
  if (t.tag !== TAG.SEQUENCE || t.end !== der.length) throw malformed('GeneralNames');
  return generalNamesAt(der, t);
}

/** Equality of two general names as used to match distribution points and CRL issuers. */
export function generalNamesEqual(a: PlainGeneralName, b: PlainGeneralName): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'dn':
      return a.name.key === (b as typeof a).name.key;
    case 'ip': {
      const bb = (b as typeof a).bytes;
      return a.bytes.length === bb.length && a.bytes.every((x, i) => x === bb[i]);
    }
    case 'other':
      return a.tag === (b as typeof a).tag && a.key === (b as typeof a).key;
    case 'dns':
    case 'email':
      return a.value.toLowerCase() === (b as typeof a).value.toLowerCase();
    default:
      return a.value === (b as typeof a).value;
  }
}

/** Decodes a ReasonFlags BIT STRING (tagged or not) into a 9-bit mask (bit i = reason i). */
export function reasonFlagsMask(buf: Uint8Array, t: Tlv): number {
  if (t.end === t.valueStart) throw malformed('ReasonFlags is empty');
  const unused = buf[t.valueStart]!;
  if (unused > 7) throw malformed('ReasonFlags has too many unused bits');
  const bits = buf.subarray(t.valueStart + 1, t.end);
  let mask = 0;
  for (let i = 0; i < bits.length * 8 - unused && i < 9; i++) {
    if (((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) mask |= 1 << i;
  }
  return mask;
}

/**
 * A Uint8Array that owns exactly its ArrayBuffer (copies Node Buffers, which may be views into a
 * shared pool and would otherwise hand pkijs the whole pool).
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  if (
    bytes.constructor === Uint8Array &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  )
    return bytes;
  return new Uint8Array(bytes);
}

export interface DistributionPointName {
  names?: PlainGeneralName[];
  /**
   * nameRelativeToCRLIssuer: the DER contents of one RDN (its AttributeTypeAndValues), to append to
   * the CRL issuer's name.
   */
  relative?: Uint8Array;
}

/** Decodes the [0] DistributionPointName field (fullName or nameRelativeToCRLIssuer). */
export function distributionPointName(buf: Uint8Array, field: Tlv): DistributionPointName {
  const choice = readTlv(buf, field.valueStart, field.end, 'distribution point name');
  if (choice.end !== field.end) throw malformed('distribution point name has trailing bytes');
  if (choice.tag === 0xa0) return { names: generalNamesAt(buf, choice) };
  if (choice.tag === 0xa1) {
    childrenOf(buf, choice, 'nameRelativeToCRLIssuer');
    return { relative: buf.slice(choice.valueStart, choice.end) };
  }
  throw malformed('unknown distribution point name form');
}

/** The name `base` (DER of a Name) with one more RDN made of `attributes` (DER of its AttributeTypeAndValues). */
export function appendRdn(base: Uint8Array, attributes: Uint8Array): PlainGeneralName | undefined {
  try {
    const seq = readTlv(base, 0, base.length, 'name');
    if (seq.tag !== TAG.SEQUENCE) return undefined;
    const combined = derSequence(base.subarray(seq.valueStart, seq.end), derTlv(TAG.SET, attributes));
    return { kind: 'dn', name: comparableName(combined) };
  } catch {
    return undefined;
  }
}
