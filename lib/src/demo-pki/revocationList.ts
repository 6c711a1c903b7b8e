/** CRLs (RFC 5280 §5) signed by a demo CA. */
import * as asn1js from 'asn1js';
import {
  CertificateRevocationList,
  Extension,
  Extensions,
  type RelativeDistinguishedNames,
  RevokedCertificate,
} from 'pkijs';
import { authorityKeyIdentifier } from './certificateExtensions.js';
import { certificateTime, serialInteger, wholeSeconds } from './certificateSigning.js';
import { OID } from './oids.js';
import type { DemoRevocation, DemoRevocationReason, DerBytes } from './types.js';

export const REASON_CODES: Readonly<Record<DemoRevocationReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
};

/** Validity of each CRL: a week, like most Vietnamese CAs' weekly CRLs. */
export const CRL_LIFETIME_MS = 7 * 86_400_000;

export interface CrlInput {
  issuer: RelativeDistinguishedNames;
  issuerKeyId: Uint8Array;
  entries: readonly DemoRevocation[];
  thisUpdate: Date;
  signingKey: CryptoKey;
}

export async function buildCrl(input: CrlInput): Promise<DerBytes> {
  const thisUpdate = wholeSeconds(input.thisUpdate);
  const revoked = input.entries.map(
    (e) =>
      new RevokedCertificate({
        userCertificate: serialInteger(e.serialNumber),
        revocationDate: certificateTime(e.revokedAt),
        crlEntryExtensions: new Extensions({
          extensions: [
            new Extension({
              extnID: OID.crlReason,
              critical: false,
              extnValue: new asn1js.Enumerated({ value: REASON_CODES[e.reason] }).toBER(false),
            }),
          ],
        }),
      }),
  );
  const crl = new CertificateRevocationList({
    version: 1,
    issuer: input.issuer,
    thisUpdate: certificateTime(thisUpdate),
    nextUpdate: certificateTime(new Date(thisUpdate.getTime() + CRL_LIFETIME_MS)),
    crlExtensions: new Extensions({
      extensions: [
        authorityKeyIdentifier(input.issuerKeyId),
        new Extension({
          extnID: OID.crlNumber,
          critical: false,
          // Seconds since the epoch: increases with every fresh CRL without keeping state.
          extnValue: new asn1js.Integer({ value: Math.floor(thisUpdate.getTime() / 1000) }).toBER(false),
        }),
      ],
    }),
  });
  if (revoked.length > 0) crl.revokedCertificates = revoked;
  await crl.sign(input.signingKey, 'SHA-256');
  return new Uint8Array(crl.toSchema(true).toBER(false));
}
