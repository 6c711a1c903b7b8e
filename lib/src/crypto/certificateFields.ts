/**
 * Exact byte ranges of a certificate's fields (issuer, serial number, subject, public key), read
 * without re-encoding, for building CMS identifiers and checking keys. Deliberately lenient beyond
 * those fields (unlike `readCertificateStructure`): a signer may embed chain certificates this code
 * cannot fully read, and path validation reports them instead.
 */
import { childrenOf, readTlv, type Tlv, tlvBytes } from '../cert/derReader.js';
import { KysoError } from '../protocol/kysoError.js';

export interface CertificateFields {
  /** The whole certificate DER. */
  der: Uint8Array;
  /** issuer Name, full encoding. */
  issuer: Uint8Array;
  /** serialNumber INTEGER, full encoding. */
  serialNumber: Uint8Array;
  /** subject Name, full encoding. */
  subject: Uint8Array;
  /** SubjectPublicKeyInfo, full encoding. */
  subjectPublicKeyInfo: Uint8Array;
}

/** Slices a certificate. Throws KysoError(INVALID_REQUEST) when it is not an X.509 certificate. */
export function certificateFields(der: Uint8Array): CertificateFields {
  try {
    const cert = readTlv(der);
    if (cert.tag !== 0x30 || cert.end !== der.length) throw new Error('trailing data');
    const [tbs] = childrenOf(der, cert);
    if (tbs?.tag !== 0x30) throw new Error('no TBSCertificate');
    const fields = childrenOf(der, tbs);
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    const pick = (i: number, tag: number): Tlv => {
      const el = fields[offset + i];
      if (!el || el.tag !== tag) throw new Error('unexpected field');
      return el;
    };
    return {
      der,
      serialNumber: tlvBytes(der, pick(0, 0x02)),
      issuer: tlvBytes(der, pick(2, 0x30)),
      subject: tlvBytes(der, pick(4, 0x30)),
      subjectPublicKeyInfo: tlvBytes(der, pick(5, 0x30)),
    };
  } catch (e) {
    throw new KysoError(
      'INVALID_REQUEST',
      `not an X.509 certificate (${e instanceof Error ? e.message : 'unreadable'})`,
    );
  }
}
