/** X.509 extension values of the demo profiles, encoded with asn1js. */
import * as asn1js from 'asn1js';
import { Extension } from 'pkijs';
import { KEY_USAGE_BITS, type KeyUsageName } from '../cert/oidNames.js';
import { OID } from './oids.js';

function ext(extnID: string, critical: boolean, value: asn1js.AsnType): Extension {
  return new Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** The KeyUsage bits the demo profiles set (bits 0–6; the RFC 5280 order is the cert module's list). */
export type KeyUsageBit = Exclude<KeyUsageName, 'encipherOnly' | 'decipherOnly'>;

/** DER named-bit string: trailing zero bits removed. */
export function keyUsage(bits: readonly KeyUsageBit[]): Extension {
  let byte = 0;
  for (const b of bits) byte |= 0x80 >> KEY_USAGE_BITS.indexOf(b);
  let unused = 0;
  while (unused < 7 && ((byte >> unused) & 1) === 0) unused++;
  return ext(
    OID.keyUsage,
    true,
    new asn1js.BitString({ valueHex: new Uint8Array([byte]), unusedBits: unused }),
  );
}

export function basicConstraints(ca: boolean, pathLen?: number): Extension {
  const value: asn1js.AsnType[] = [];
  if (ca) value.push(new asn1js.Boolean({ value: true }));
  if (ca && pathLen !== undefined) value.push(new asn1js.Integer({ value: pathLen }));
  return ext(OID.basicConstraints, true, new asn1js.Sequence({ value }));
}

export function extKeyUsage(oids: readonly string[]): Extension {
  return ext(
    OID.extKeyUsage,
    false,
    new asn1js.Sequence({ value: oids.map((o) => new asn1js.ObjectIdentifier({ value: o })) }),
  );
}

export function subjectKeyIdentifier(keyId: Uint8Array): Extension {
  return ext(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: keyId }));
}

export function authorityKeyIdentifier(keyId: Uint8Array): Extension {
  return ext(
    OID.authorityKeyIdentifier,
    false,
    new asn1js.Sequence({
      value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: keyId })],
    }),
  );
}

/** GeneralName uniformResourceIdentifier [6] IA5String. */
function uri(value: string): asn1js.Primitive {
  return new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 6 },
    valueHex: new TextEncoder().encode(value),
  });
}

export function authorityInfoAccess(ocspUrl: string, caIssuersUrl: string): Extension {
  const desc = (method: string, url: string) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: method }), uri(url)] });
  return ext(
    OID.authorityInfoAccess,
    false,
    new asn1js.Sequence({ value: [desc(OID.adOcsp, ocspUrl), desc(OID.adCaIssuers, caIssuersUrl)] }),
  );
}

export function crlDistributionPoints(url: string): Extension {
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
  const fullName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [uri(url)] });
  const dpName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [fullName] });
  return ext(
    OID.crlDistributionPoints,
    false,
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [dpName] })] }),
  );
}

export function certificatePolicies(policyOid: string, cpsUrl?: string): Extension {
  const info: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: policyOid })];
  if (cpsUrl) {
    info.push(
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: OID.qtCps }),
              new asn1js.IA5String({ value: cpsUrl }),
            ],
          }),
        ],
      }),
    );
  }
  return ext(
    OID.certificatePolicies,
    false,
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: info })] }),
  );
}

/** SubjectAltName with one rfc822Name [1]. */
export function subjectAltNameEmail(email: string): Extension {
  return ext(
    OID.subjectAltName,
    false,
    new asn1js.Sequence({
      value: [
        new asn1js.Primitive({
          idBlock: { tagClass: 3, tagNumber: 1 },
          valueHex: new TextEncoder().encode(email),
        }),
      ],
    }),
  );
}

/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1), for a delegated OCSP responder. */
export function ocspNoCheck(): Extension {
  return ext('1.3.6.1.5.5.7.48.1.5', false, new asn1js.Null());
}
