/**
 * The facts `doctor` shows about a certificate on a token: name, the
 * Vietnamese identifiers of the subject UID (CCCD / CMND / MST / MNS …),
 * issuer and validity. Parsed with node:crypto's X509Certificate.
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateSummary {
  subjectName: string;
  /** `CCCD:…`, `MST:…`, `CMND:…` … as found in the subject UID attributes. */
  identifiers: { type: string; value: string }[];
  organization?: string;
  issuerName: string;
  notBefore: string;
  notAfter: string;
  validity: 'valid' | 'expired' | 'notYetValid';
  serialNumber: string;
}

/** Attribute values of a Node X509 name string ("CN=…\nUID=…"). */
function attributes(name: string, key: string): string[] {
  return name
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

export function summarizeCertificate(der: Buffer, now: Date = new Date()): CertificateSummary {
  const x = new X509Certificate(der);
  const notBefore = new Date(x.validFrom);
  const notAfter = new Date(x.validTo);
  const identifiers = attributes(x.subject, 'UID').map((raw) => {
    const i = raw.indexOf(':');
    return i > 0
      ? { type: raw.slice(0, i).trim().toUpperCase(), value: raw.slice(i + 1).trim() }
      : { type: 'UID', value: raw };
  });
  const summary: CertificateSummary = {
    subjectName: attributes(x.subject, 'CN')[0] ?? x.subject.replace(/\n/g, ', '),
    identifiers,
    issuerName: attributes(x.issuer, 'CN')[0] ?? x.issuer.replace(/\n/g, ', '),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    validity: now < notBefore ? 'notYetValid' : now > notAfter ? 'expired' : 'valid',
    serialNumber: x.serialNumber.toLowerCase(),
  };
  const organization = attributes(x.subject, 'O')[0];
  if (organization) summary.organization = organization;
  return summary;
}
