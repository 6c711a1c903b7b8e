/**
 * The facts `doctor` shows about a certificate on a token — name, the Vietnamese identifiers of
 * the subject (CCCD / CMND / MST / MNS … with their format check), issuer and its CA family, and
 * validity — read with lib's `parseCertificate`, the same description the extension shows.
 */
import { attributeValues, parseCertificate } from '@kyso/lib/cert';

export interface CertificateSummary {
  subjectName: string;
  identifiers: { type: string; value: string; valid: boolean }[];
  organization?: string;
  issuerName: string;
  /** Vietnamese CA family of the issuer (e.g. "VNPT-CA"), when recognised. */
  issuerFamily?: string;
  notBefore: string;
  notAfter: string;
  validity: 'valid' | 'expired' | 'notYetValid';
  serialNumber: string;
}

export function summarizeCertificate(der: Uint8Array, now: Date = new Date()): CertificateSummary {
  const d = parseCertificate(der);
  const summary: CertificateSummary = {
    subjectName: attributeValues(d.subject, '2.5.4.3')[0] ?? d.subjectString,
    identifiers: d.identifiers.map((i) => ({ type: i.type, value: i.value, valid: i.valid })),
    issuerName: attributeValues(d.issuer, '2.5.4.3')[0] ?? d.issuerString,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    validity: now < d.notBefore ? 'notYetValid' : now > d.notAfter ? 'expired' : 'valid',
    serialNumber: d.serialNumber,
  };
  const organization = attributeValues(d.subject, '2.5.4.10')[0];
  if (organization) summary.organization = organization;
  if (d.issuerCa) summary.issuerFamily = d.issuerCa.family;
  return summary;
}
