/** Decoding of an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue) from DER. */
import { childrenOf, decodeOid, hexOf, malformed, TAG, type Tlv } from './derReader.js';
import { decodeDirectoryString, stringTypeOf } from './directoryString.js';
import type { DistinguishedName, DnAttribute } from './distinguishedName.js';
import { ATTRIBUTE_TYPES } from './oidNames.js';

export function decodeName(buf: Uint8Array, name: Tlv, what: string): DistinguishedName {
  if (name.tag !== TAG.SEQUENCE) throw malformed(`${what} is not a Name`);
  const rdns: DnAttribute[][] = [];
  for (const set of childrenOf(buf, name, what)) {
    if (set.tag !== TAG.SET) throw malformed(`${what} RDN is not a SET`);
    const attrs: DnAttribute[] = [];
    for (const atv of childrenOf(buf, set, what)) {
      if (atv.tag !== TAG.SEQUENCE) throw malformed(`${what} attribute is not a SEQUENCE`);
      const parts = childrenOf(buf, atv, what);
      const [typeTlv, valueTlv] = parts;
      if (!typeTlv || !valueTlv || parts.length !== 2)
        throw malformed(`${what} attribute needs type and value`);
      const oid = decodeOid(buf, typeTlv, what);
      const text = decodeDirectoryString(buf, valueTlv, what);
      attrs.push({
        oid,
        shortName: ATTRIBUTE_TYPES[oid]?.short,
        value: text ?? `#${hexOf(buf.subarray(valueTlv.start, valueTlv.end))}`,
        valueType: stringTypeOf(valueTlv.tag) ?? 'other',
      });
    }
    if (attrs.length === 0) throw malformed(`${what} has an empty RDN`);
    rdns.push(attrs);
  }
  return rdns;
}
