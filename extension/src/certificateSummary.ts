/**
 * What a citizen needs to recognise a certificate: holder name, CCCD/MST
 * identifiers of the Vietnamese profile, issuing CA and validity.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

export interface CertificateSummary {
  holder: string;
  organization: string | undefined;
  /** CCCD/CMND/MST/… identifiers (from UID and serialNumber attributes). */
  identifiers: string[];
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  validity: ValidityState;
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_SERIAL_NUMBER = '2.5.4.5';
const OID_UID = '0.9.2342.19200300.100.1.1';

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string[] {
  return name.typesAndValues
    .filter((tv) => tv.type === oid)
    .map((tv) => String((tv.value.valueBlock as { value?: unknown }).value ?? ''))
    .filter((v) => v.length > 0);
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function validityAt(notBefore: Date, notAfter: Date, now: Date): ValidityState {
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > notAfter.getTime()) return 'expired';
  return 'valid';
}

/** Parses a base64 DER certificate; throws on anything that is not one. */
export function summarizeCertificate(b64: string, now: Date = new Date()): CertificateSummary {
  const der = fromBase64(b64);
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error('not DER');
  const cert = new pkijs.Certificate({ schema: parsed.result });
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  const identifiers = [...attribute(cert.subject, OID_UID), ...attribute(cert.subject, OID_SERIAL_NUMBER)];
  const serialHex = Array.from(new Uint8Array(cert.serialNumber.valueBlock.valueHexView), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return {
    holder: attribute(cert.subject, OID_CN)[0] ?? '',
    organization: attribute(cert.subject, OID_O)[0],
    identifiers,
    issuer: attribute(cert.issuer, OID_CN)[0] ?? attribute(cert.issuer, OID_O)[0] ?? '',
    notBefore,
    notAfter,
    serialNumber: serialHex,
    validity: validityAt(notBefore, notAfter, now),
  };
}
