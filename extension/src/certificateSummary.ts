/**
 * What a citizen needs to recognise a certificate: holder name, CCCD/MST
 * identifiers of the Vietnamese profile, issuing CA and validity — read with
 * lib's DER walker, name decoder, Vietnamese profile and CA recognition. Not
 * with lib's full `parseCertificate`: it brings pkijs (≈ 450 KB) into every
 * extension window, which the windows would parse each time they open.
 */
import { readCertificateStructure } from '../../lib/src/cert/certificateStructure.js';
import { decodeIntegerHex } from '../../lib/src/cert/derReader.js';
import { attributeValues, renderRfc4514 } from '../../lib/src/cert/distinguishedName.js';
import { recogniseIssuer } from '../../lib/src/cert/issuerRecognition.js';
import { decodeName } from '../../lib/src/cert/nameDecoding.js';
import { base64ToBytes } from '../../lib/src/encoding/binaryInput.js';
import { extractIdentity } from '../../lib/src/identity/vietnameseIdentity.js';
import { KysoError, type Lang } from '../../lib/src/protocol/index.js';
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

/** Reads a base64 DER certificate; throws KysoError (INVALID_REQUEST) on anything that is not one. */
export function summarizeCertificate(b64: string, now: Date = new Date()): CertificateSummary {
  let der: Uint8Array;
  let c: ReturnType<typeof readCertificateStructure>;
  try {
    der = base64ToBytes(b64);
    c = readCertificateStructure(der);
  } catch {
    throw new KysoError('INVALID_REQUEST', 'the certificate cannot be parsed');
  }
  const subject = decodeName(der, c.subject, 'subject');
  const issuer = decodeName(der, c.issuer, 'issuer');
  const issuerCa = recogniseIssuer(issuer);
  const issuerName =
    attributeValues(issuer, OID_CN)[0] ?? attributeValues(issuer, OID_O)[0] ?? renderRfc4514(issuer);
  return {
    holder: attributeValues(subject, OID_CN)[0] ?? renderRfc4514(subject),
    organization: attributeValues(subject, OID_O)[0],
    identifiers: extractIdentity(subject).identifiers.map((i) =>
      i.type === 'UNKNOWN' ? i.raw : `${i.type}:${i.value}`,
    ),
    issuer: issuerCa ? issuerCa.displayName : { vi: issuerName, en: issuerName },
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    serialNumber: decodeIntegerHex(der, c.serial, 'serialNumber'),
    validity: validityAt(c.notBefore, c.notAfter, now),
  };
}

export function issuerLabel(s: CertificateSummary, lang: Lang): string {
  return s.issuer[lang];
}
