/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate into the signed attributes,
 * as CAdES-B-B requires (ETSI EN 319 122-1 §5.2.2.3).
 */

import { childrenOf, contents, decodeOid, readTlv, tlvBytes } from '../cert/derReader.js';
import type { CertificateFields } from '../crypto/certificateFields.js';
import { derExplicit, derOctetString, derSequence } from '../crypto/derWriter.js';
import { digest, type HashAlgorithm, hashFromOid } from '../crypto/hashAlgorithms.js';
import { digestAlgorithmIdentifier } from '../crypto/signatureAlgorithms.js';
import { bytesEqual } from '../encoding/binaryInput.js';

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial IssuerSerial }
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames (directoryName [4]), serialNumber INTEGER }
 */
export async function encodeSigningCertificateV2(
  cert: CertificateFields,
  hash: HashAlgorithm,
): Promise<Uint8Array> {
  const certHash = await digest(hash, cert.der);
  const issuerSerial = derSequence(derSequence(derExplicit(4, cert.issuer)), cert.serialNumber);
  const essCertId =
    hash === 'SHA-256'
      ? derSequence(derOctetString(certHash), issuerSerial)
      : derSequence(digestAlgorithmIdentifier(hash), derOctetString(certHash), issuerSerial);
  return derSequence(derSequence(essCertId));
}

export type SigningCertificateCheck =
  | { status: 'match' }
  | { status: 'mismatch'; reason: 'hash' | 'issuerSerial' }
  | { status: 'unsupported'; oid: string }
  | { status: 'malformed' };

/**
 * Checks that the first ESSCertIDv2 (the signer's, RFC 5035 §5.4) names `cert`: certificate hash and,
 * when present, issuer and serial number.
 */
export async function checkSigningCertificateV2(
  value: Uint8Array,
  cert: CertificateFields,
): Promise<SigningCertificateCheck> {
  let hash: HashAlgorithm = 'SHA-256';
  let certHash: Uint8Array;
  let issuerSerial: Uint8Array | undefined;
  try {
    const outer = readTlv(value, 0);
    if (outer.tag !== 0x30 || outer.end !== value.length) return { status: 'malformed' };
    const [certs] = childrenOf(value, outer);
    if (certs?.tag !== 0x30) return { status: 'malformed' };
    const [first] = childrenOf(value, certs);
    if (first?.tag !== 0x30) return { status: 'malformed' };
    const parts = childrenOf(value, first);
    let i = 0;
    if (parts[0]?.tag === 0x30) {
      const [oidEl] = childrenOf(value, parts[0]);
      if (oidEl?.tag !== 0x06) return { status: 'malformed' };
      const oid = decodeOid(value, oidEl);
      const h = hashFromOid(oid);
      if (!h) return { status: 'unsupported', oid };
      hash = h;
      i = 1;
    }
    const hashEl = parts[i];
    if (hashEl?.tag !== 0x04) return { status: 'malformed' };
    certHash = contents(value, hashEl);
    const isEl = parts[i + 1];
    if (isEl) {
      if (isEl.tag !== 0x30) return { status: 'malformed' };
      issuerSerial = tlvBytes(value, isEl);
    }
  } catch {
    return { status: 'malformed' };
  }
  if (!bytesEqual(certHash, await digest(hash, cert.der))) return { status: 'mismatch', reason: 'hash' };
  if (issuerSerial) {
    const expected = derSequence(derSequence(derExplicit(4, cert.issuer)), cert.serialNumber);
    if (!bytesEqual(issuerSerial, expected)) return { status: 'mismatch', reason: 'issuerSerial' };
  }
  return { status: 'match' };
}
