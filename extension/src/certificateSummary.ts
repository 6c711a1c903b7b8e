/**
 * What a citizen needs to recognise a certificate: holder name, CCCD/MST
 * identifiers of the Vietnamese profile, issuing CA and validity — read with
 * lib's certificate parser.
 */
import { attributeValues } from '../../lib/src/cert/distinguishedName.js';
import { parseCertificate } from '../../lib/src/cert/parseCertificate.js';
import type { Lang } from '../../lib/src/protocol/index.js';
import { type ValidityState, validityAt } from './certificateValidity.js';

export { type ValidityState, validityAt };

export interface CertificateSummary {
  holder: string;
  organization: string | undefined;
  /** `CCCD:001…`, `MST:0101…`… as in the certificate's Vietnamese profile. */
  identifiers: string[];
  /** Issuing CA, by its recognised Vietnamese name when known. */
  issuer: { vi: string; en: string };
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  validity: ValidityState;
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';

/** Parses a base64 DER certificate; throws KysoError on anything that is not one. */
export function summarizeCertificate(b64: string, now: Date = new Date()): CertificateSummary {
  const c = parseCertificate(b64);
  const issuerName =
    attributeValues(c.issuer, OID_CN)[0] ?? attributeValues(c.issuer, OID_O)[0] ?? c.issuerString;
  return {
    holder: attributeValues(c.subject, OID_CN)[0] ?? c.subjectString,
    organization: attributeValues(c.subject, OID_O)[0],
    identifiers: c.identifiers.map((i) => (i.type === 'UNKNOWN' ? i.raw : `${i.type}:${i.value}`)),
    issuer: c.issuerCa ? c.issuerCa.displayName : { vi: issuerName, en: issuerName },
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    serialNumber: c.serialNumber,
    validity: validityAt(c.notBefore, c.notAfter, now),
  };
}

export function issuerLabel(s: CertificateSummary, lang: Lang): string {
  return s.issuer[lang];
}
