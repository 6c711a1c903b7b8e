/** Issues one subscriber certificate under a demo CA. */
import { Certificate, type PublicKeyInfo } from 'pkijs';
import { toArrayBuffer } from '../encoding/binaryInput.js';
import { keyIdentifier, newSerialNumber, signCertificate } from './certificateSigning.js';
import { buildName, subjectNameAttributes } from './distinguishedName.js';
import { subscriberExtensions } from './subscriberProfile.js';
import type { DemoKeyType, DemoProfile, DemoSubject, DerBytes } from './types.js';

export interface SubscriberRequest {
  caKey: string;
  /** The CA certificate (DER). */
  caCertificate: Uint8Array;
  signingKey: CryptoKey;
  baseUrl: string;
  subject: DemoSubject;
  profile: DemoProfile;
  publicKey: PublicKeyInfo;
  notBefore: Date;
  notAfter: Date;
  keyUsage: 'signing' | 'keyEnciphermentOnly';
}

export function keyTypeOf(spki: PublicKeyInfo): DemoKeyType | undefined {
  const alg = spki.algorithm.algorithmId;
  if (alg === '1.2.840.113549.1.1.1') return 'RSA';
  if (alg === '1.2.840.10045.2.1') return 'EC';
  return undefined;
}

export async function issueSubscriber(
  req: SubscriberRequest,
): Promise<{ certificate: DerBytes; serialNumber: string }> {
  const caCert = Certificate.fromBER(toArrayBuffer(req.caCertificate));
  const [subjectKeyId, issuerKeyId] = await Promise.all([
    keyIdentifier(req.publicKey),
    keyIdentifier(caCert.subjectPublicKeyInfo),
  ]);
  const serialNumber = newSerialNumber();
  const certificate = await signCertificate(
    {
      serialNumber,
      issuer: caCert.subject,
      subject: buildName(subjectNameAttributes(req.subject)),
      notBefore: req.notBefore,
      notAfter: req.notAfter,
      publicKey: req.publicKey,
      extensions: subscriberExtensions({
        caKey: req.caKey,
        baseUrl: req.baseUrl,
        profile: req.profile,
        keyType: keyTypeOf(req.publicKey) ?? 'RSA',
        subject: req.subject,
        subjectKeyId,
        issuerKeyId,
        keyUsage: req.keyUsage,
      }),
    },
    req.signingKey,
  );
  return { certificate, serialNumber };
}
