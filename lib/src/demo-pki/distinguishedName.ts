/**
 * Subject and issuer names in the Vietnamese profile: one attribute per RDN, C as
 * PrintableString, e-mail as IA5String, telephone as PrintableString and every other
 * attribute (including the prefixed UID values) as UTF8String with full diacritics.
 */
import * as asn1js from 'asn1js';
import { AttributeTypeAndValue, RelativeDistinguishedNames } from 'pkijs';
import { OID } from './oids.js';
import type { DemoSubject } from './types.js';

export interface NameAttribute {
  type: string;
  value: string;
}

function encodeValue(type: string, value: string): AttributeTypeAndValue['value'] {
  if (type === OID.countryName || type === OID.telephoneNumber) return new asn1js.PrintableString({ value });
  if (type === OID.emailAddress) return new asn1js.IA5String({ value });
  return new asn1js.Utf8String({ value });
}

/**
 * A Name with one single-valued RDN per attribute. (pkijs would put every attribute of a
 * new RelativeDistinguishedNames into one multi-valued RDN, so the DER is built here.)
 */
export function buildName(attributes: readonly NameAttribute[]): RelativeDistinguishedNames {
  const der = new asn1js.Sequence({
    value: attributes.map(
      (a) =>
        new asn1js.Set({
          value: [
            new AttributeTypeAndValue({ type: a.type, value: encodeValue(a.type, a.value) }).toSchema(),
          ],
        }),
    ),
  }).toBER(false);
  return RelativeDistinguishedNames.fromBER(der);
}

/** A CA name: C=VN, O=…, (OU=…), CN=…. */
export function caNameAttributes(cn: string, organization: string, unit?: string): NameAttribute[] {
  const attrs: NameAttribute[] = [
    { type: OID.countryName, value: 'VN' },
    { type: OID.organizationName, value: organization },
  ];
  if (unit) attrs.push({ type: OID.organizationalUnitName, value: unit });
  attrs.push({ type: OID.commonName, value: cn });
  return attrs;
}

/**
 * Subscriber name, in the order Vietnamese CAs print it: C, ST, L, O, OU…, T, CN, UID…,
 * telephoneNumber, E. UIDs: `MST:` then `MNS:` (organizations), then `CCCD:`/`CMND:` (persons).
 */
export function subjectNameAttributes(subject: DemoSubject): NameAttribute[] {
  const attrs: NameAttribute[] = [{ type: OID.countryName, value: 'VN' }];
  attrs.push({ type: OID.stateOrProvinceName, value: subject.province });
  if (subject.locality) attrs.push({ type: OID.localityName, value: subject.locality });
  if (subject.organization) attrs.push({ type: OID.organizationName, value: subject.organization });
  for (const unit of subject.organizationalUnits ?? [])
    attrs.push({ type: OID.organizationalUnitName, value: unit });
  if (subject.title) attrs.push({ type: OID.title, value: subject.title });
  attrs.push({ type: OID.commonName, value: subject.fullName });
  if (subject.mst) attrs.push({ type: OID.userId, value: `MST:${subject.mst}` });
  if (subject.mns) attrs.push({ type: OID.userId, value: `MNS:${subject.mns}` });
  if (subject.cccd) attrs.push({ type: OID.userId, value: `CCCD:${subject.cccd}` });
  if (subject.cmnd) attrs.push({ type: OID.userId, value: `CMND:${subject.cmnd}` });
  if (subject.phone) attrs.push({ type: OID.telephoneNumber, value: subject.phone });
  if (subject.email) attrs.push({ type: OID.emailAddress, value: subject.email });
  return attrs;
}
