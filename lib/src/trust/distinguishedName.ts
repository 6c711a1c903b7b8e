/**
 * Distinguished-name comparison as RFC 5280 §7.1 asks: attribute values of string types are
 * compared after Unicode normalisation, case folding and whitespace compression; other values
 * byte for byte; multi-valued RDNs as sets.
 */
import * as asn1js from 'asn1js';
import { bytesToHex } from '../encoding/index.js';

/** One RDN reduced to canonical strings, one per attribute, sorted. */
export type CanonicalRdn = string[];

export interface ComparableName {
  rdns: CanonicalRdn[];
  /** Equality key: two names are the same DN exactly when their keys are equal. */
  key: string;
  /** e-mail addresses found in emailAddress attributes (for rfc822 name constraints). */
  emails: string[];
}

const EMAIL_ADDRESS_OID = '1.2.840.113549.1.9.1';

function prepareString(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

function attributeValueKey(value: asn1js.AsnType): { key: string; text?: string } {
  const block = value.valueBlock as { value?: unknown };
  if (
    value instanceof asn1js.PrintableString ||
    value instanceof asn1js.Utf8String ||
    value instanceof asn1js.BmpString ||
    value instanceof asn1js.UniversalString ||
    value instanceof asn1js.TeletexString ||
    value instanceof asn1js.IA5String ||
    value instanceof asn1js.VisibleString
  ) {
    const text = typeof block.value === 'string' ? block.value : '';
    return { key: `s:${prepareString(text)}`, text };
  }
  return { key: `b:${bytesToHex(new Uint8Array(value.toBER(false)))}` };
}

/** Reads the DER of an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). Throws on malformed input. */
export function comparableName(der: ArrayBuffer | Uint8Array): ComparableName {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('malformed name');
  const rdns: CanonicalRdn[] = [];
  const emails: string[] = [];
  for (const set of parsed.result.valueBlock.value) {
    if (!(set instanceof asn1js.Set)) throw new Error('malformed RDN');
    const atvs: string[] = [];
    for (const atv of set.valueBlock.value) {
      if (!(atv instanceof asn1js.Sequence)) throw new Error('malformed attribute');
      const [type, value] = atv.valueBlock.value;
      if (!(type instanceof asn1js.ObjectIdentifier) || !value) throw new Error('malformed attribute');
      const oid = type.valueBlock.toString();
      const v = attributeValueKey(value);
      if (oid === EMAIL_ADDRESS_OID && v.text !== undefined) emails.push(v.text);
      atvs.push(`${oid}=${v.key}`);
    }
    atvs.sort();
    rdns.push(atvs);
  }
  return { rdns, key: rdns.map((r) => r.map((a) => JSON.stringify(a)).join('+')).join(','), emails };
}

export function rdnEqual(a: CanonicalRdn, b: CanonicalRdn): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when `subtree` is a prefix of `name` (DN name-constraint semantics). */
export function isWithinDnSubtree(name: ComparableName, subtree: ComparableName): boolean {
  if (subtree.rdns.length > name.rdns.length) return false;
  return subtree.rdns.every((rdn, i) => rdnEqual(rdn, name.rdns[i]!));
}
