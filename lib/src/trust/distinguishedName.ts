/**
 * Distinguished-name comparison as RFC 5280 §7.1 asks: attribute values of string types are
 * compared after Unicode normalisation, case folding and whitespace compression; other values
 * byte for byte; multi-valued RDNs as sets. (Display and identity extraction use the cert module's
 * `DistinguishedName`; this is the path-building view of the same DER.)
 */
import { childrenOf, decodeOid, hexOf, malformed, readTlv, TAG, type Tlv } from '../cert/derReader.js';
import { decodeDirectoryString } from '../cert/directoryString.js';

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

/** The string types compared as text (RFC 5280 §7.1); NumericString and others compare as bytes. */
const TEXT_TAGS: ReadonlySet<number> = new Set([
  TAG.PRINTABLE_STRING,
  TAG.UTF8_STRING,
  TAG.BMP_STRING,
  TAG.UNIVERSAL_STRING,
  TAG.TELETEX_STRING,
  TAG.IA5_STRING,
  TAG.VISIBLE_STRING,
]);

function prepareString(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The Name whose TLV is `name` inside `buf`. Throws KysoError(INVALID_REQUEST) on malformed input. */
export function comparableNameAt(buf: Uint8Array, name: Tlv): ComparableName {
  if (name.tag !== TAG.SEQUENCE) throw malformed('name is not a SEQUENCE');
  const rdns: CanonicalRdn[] = [];
  const emails: string[] = [];
  for (const set of childrenOf(buf, name, 'name')) {
    if (set.tag !== TAG.SET) throw malformed('RDN is not a SET');
    const atvs: string[] = [];
    for (const atv of childrenOf(buf, set, 'RDN')) {
      if (atv.tag !== TAG.SEQUENCE) throw malformed('attribute is not a SEQUENCE');
      const [type, value, extra] = childrenOf(buf, atv, 'attribute');
      if (!type || !value || extra) throw malformed('attribute needs a type and a value');
      const oid = decodeOid(buf, type, 'attribute type');
      let key: string;
      if (TEXT_TAGS.has(value.tag)) {
        const text = decodeDirectoryString(buf, value, 'attribute value') ?? '';
        if (oid === EMAIL_ADDRESS_OID) emails.push(text);
        key = `s:${prepareString(text)}`;
      } else key = `b:${hexOf(buf.subarray(value.start, value.end))}`;
      atvs.push(`${oid}=${key}`);
    }
    atvs.sort();
    rdns.push(atvs);
  }
  return { rdns, key: rdns.map((r) => r.map((a) => JSON.stringify(a)).join('+')).join(','), emails };
}

/** Reads the DER of an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). Throws on malformed input. */
export function comparableName(der: ArrayBuffer | Uint8Array): ComparableName {
  const buf = der instanceof Uint8Array ? der : new Uint8Array(der);
  const name = readTlv(buf, 0, buf.length, 'name');
  if (name.end !== buf.length) throw malformed('trailing bytes after a name');
  return comparableNameAt(buf, name);
}

export function rdnEqual(a: CanonicalRdn, b: CanonicalRdn): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when `subtree` is a prefix of `name` (DN name-constraint semantics). */
export function isWithinDnSubtree(name: ComparableName, subtree: ComparableName): boolean {
  if (subtree.rdns.length > name.rdns.length) return false;
  return subtree.rdns.every((rdn, i) => rdnEqual(rdn, name.rdns[i]!));
}
