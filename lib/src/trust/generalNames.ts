/**
 * GeneralName values reduced to plain data (RFC 5280 §4.2.1.6), for name constraints and
 * distribution-point matching.
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { bytesToHex } from '../encoding/index.js';
import { type ComparableName, comparableName } from './distinguishedName.js';

export type PlainGeneralName =
  | { kind: 'email'; value: string }
  | { kind: 'dns'; value: string }
  | { kind: 'uri'; value: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'dn'; name: ComparableName; der?: ArrayBuffer }
  | { kind: 'other'; tag: number; key: string };

export function rdnsToComparable(rdns: pkijs.RelativeDistinguishedNames): ComparableName {
  const der = rdns.valueBeforeDecode.byteLength > 0 ? rdns.valueBeforeDecode : rdns.toSchema().toBER(false);
  return comparableName(der);
}

export function plainGeneralName(gn: pkijs.GeneralName): PlainGeneralName {
  switch (gn.type) {
    case 1:
      return { kind: 'email', value: String(gn.value) };
    case 2:
      return { kind: 'dns', value: String(gn.value) };
    case 6:
      return { kind: 'uri', value: String(gn.value) };
    case 7: {
      const v = gn.value as asn1js.OctetString;
      return { kind: 'ip', bytes: new Uint8Array(v.valueBlock.valueHexView) };
    }
    case 4:
      return { kind: 'dn', name: rdnsToComparable(gn.value as pkijs.RelativeDistinguishedNames) };
    default: {
      let key = '';
      try {
        key = JSON.stringify(gn.toJSON());
      } catch {
        key = String(gn.type);
      }
      return { kind: 'other', tag: gn.type, key };
    }
  }
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
export function reasonFlagsMask(block: asn1js.AsnType): number {
  let unused = 0;
  let bits: Uint8Array;
  if (block instanceof asn1js.BitString) {
    unused = block.valueBlock.unusedBits;
    bits = new Uint8Array(block.valueBlock.valueHexView);
  } else {
    const raw = new Uint8Array((block.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? []);
    unused = raw[0] ?? 0;
    bits = raw.subarray(1);
  }
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

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A GeneralName from its raw (context-tagged) ASN.1 block. */
export function generalNameFromAsn1(block: asn1js.AsnType): PlainGeneralName {
  const tag = block.idBlock.tagNumber;
  const raw = () => new Uint8Array((block.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? []);
  if (block.idBlock.tagClass === 3) {
    switch (tag) {
      case 1:
        return { kind: 'email', value: latin1(raw()) };
      case 2:
        return { kind: 'dns', value: latin1(raw()) };
      case 6:
        return { kind: 'uri', value: latin1(raw()) };
      case 7:
        return { kind: 'ip', bytes: raw() };
      case 4: {
        const inner = (block.valueBlock as { value?: asn1js.AsnType[] }).value?.[0];
        if (inner) {
          const der = inner.toBER(false);
          return { kind: 'dn', name: comparableName(der), der };
        }
        break;
      }
      default:
        break;
    }
  }
  return { kind: 'other', tag, key: bytesToHex(new Uint8Array(block.toBER(false))) };
}

export interface DistributionPointName {
  names?: PlainGeneralName[];
  /** nameRelativeToCRLIssuer: the attributes of one RDN, to append to the CRL issuer's name. */
  relative?: asn1js.AsnType[];
}

/** Decodes the [0] DistributionPointName field (fullName or nameRelativeToCRLIssuer). */
export function distributionPointName(field: asn1js.AsnType): DistributionPointName {
  const choice = (field.valueBlock as { value?: asn1js.AsnType[] }).value?.[0];
  if (!choice) throw new Error('empty distribution point name');
  const items = (choice.valueBlock as { value?: asn1js.AsnType[] }).value ?? [];
  if (choice.idBlock.tagNumber === 0) return { names: items.map(generalNameFromAsn1) };
  return { relative: items };
}

/** The name `base` (DER of a Name) with one more RDN made of `attributes`. */
export function appendRdn(base: ArrayBuffer, attributes: asn1js.AsnType[]): PlainGeneralName | undefined {
  try {
    const seq = asn1js.fromBER(base).result;
    if (!(seq instanceof asn1js.Sequence)) return undefined;
    const rdn = new asn1js.Set({ value: attributes as asn1js.BaseBlock[] });
    const combined = new asn1js.Sequence({ value: [...seq.valueBlock.value, rdn] });
    return { kind: 'dn', name: comparableName(combined.toBER(false)) };
  } catch {
    return undefined;
  }
}
