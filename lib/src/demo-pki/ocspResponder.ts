/** An OCSP responder (RFC 6960) for the demo CAs: parses a request, answers with a signed BasicOCSPResponse. */
import * as asn1js from 'asn1js';
import {
  BasicOCSPResponse,
  type CertID,
  type Certificate,
  Extension,
  OCSPRequest,
  OCSPResponse,
  ResponseBytes,
  ResponseData,
  SingleResponse,
} from 'pkijs';
import { bytesEqual, toArrayBuffer } from '../encoding/index.js';
import { serialHex, wholeSeconds } from './certificateSigning.js';
import { OID } from './oids.js';
import { REASON_CODES } from './revocationList.js';
import type { DemoPki, DerBytes } from './types.js';

/** A CA as the responder needs it. */
export interface OcspCa {
  key: string;
  certificate: Certificate;
  /** DER of the CA's subject name. */
  nameDer: Uint8Array;
  /** The CA's subjectPublicKey bits. */
  keyBits: Uint8Array;
  signingKey(): Promise<CryptoKey>;
  /** A delegated responder (EKU OCSPSigning) allowed to sign for this CA. */
  delegate?: { certificate: Certificate; signingKey(): Promise<CryptoKey> };
}

export interface OcspContext {
  cas: readonly OcspCa[];
  status: DemoPki['status'];
  /** Sign with the CA's delegated responder when it has one. */
  delegated?: boolean;
}

/** OCSPResponseStatus values. */
export const OCSP_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;

/** How long a response may be cached (nextUpdate − thisUpdate). */
export const OCSP_LIFETIME_MS = 86_400_000;

const HASHES: Readonly<Record<string, string>> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

function statusOnly(status: number): DerBytes {
  const response = new OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) });
  return new Uint8Array(response.toSchema().toBER(false));
}

async function digest(alg: string, data: Uint8Array): Promise<DerBytes> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(alg, data.slice()));
}

async function matchesCa(certId: CertID, ca: OcspCa, alg: string): Promise<boolean> {
  const [nameHash, keyHash] = await Promise.all([digest(alg, ca.nameDer), digest(alg, ca.keyBits)]);
  return (
    bytesEqual(nameHash, certId.issuerNameHash.valueBlock.valueHexView) &&
    bytesEqual(keyHash, certId.issuerKeyHash.valueBlock.valueHexView)
  );
}

function certStatus(ctx: OcspContext, caKey: string, serial: string, at: Date): asn1js.AsnType {
  const s = ctx.status(caKey, serial, at);
  if (s.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (s.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1js.GeneralizedTime({ valueDate: wholeSeconds(s.revocation.revokedAt) }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.Enumerated({ value: REASON_CODES[s.revocation.reason] })],
      }),
    ],
  });
}

/**
 * Answers an OCSPRequest. Never throws for bad input: malformed requests get
 * `malformedRequest`, requests about no demo CA get `unauthorized`.
 */
export async function respondOcsp(requestDer: Uint8Array, at: Date, ctx: OcspContext): Promise<DerBytes> {
  let request: OCSPRequest;
  try {
    request = OCSPRequest.fromBER(toArrayBuffer(requestDer));
  } catch {
    return statusOnly(OCSP_STATUS.malformedRequest);
  }
  const items = request.tbsRequest.requestList;
  if (items.length === 0) return statusOnly(OCSP_STATUS.malformedRequest);

  // The responder signs with the CA that issued the first recognised certificate; requests
  // about any other issuer in the same message are answered `unknown`.
  let signer: OcspCa | undefined;
  const matched: (OcspCa | undefined)[] = [];
  for (const item of items) {
    const alg = HASHES[item.reqCert.hashAlgorithm.algorithmId];
    if (!alg) return statusOnly(OCSP_STATUS.malformedRequest);
    let found: OcspCa | undefined;
    for (const ca of ctx.cas) {
      if (await matchesCa(item.reqCert, ca, alg)) {
        found = ca;
        break;
      }
    }
    signer ??= found;
    matched.push(found);
  }
  if (!signer) return statusOnly(OCSP_STATUS.unauthorized);

  const now = wholeSeconds(at);
  const responses = items.map((item, i) => {
    const ca = matched[i];
    const serial = serialHex(item.reqCert.serialNumber);
    return new SingleResponse({
      certID: item.reqCert,
      certStatus:
        ca && ca.key === signer.key
          ? certStatus(ctx, ca.key, serial, now)
          : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } }),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + OCSP_LIFETIME_MS),
    });
  });

  const delegate = ctx.delegated ? signer.delegate : undefined;
  const responderCert = delegate?.certificate ?? signer.certificate;
  const responderKeyHash = await digest(
    'SHA-1',
    responderCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
  );
  const tbs = new ResponseData({
    responderID: new asn1js.OctetString({ valueHex: responderKeyHash }),
    producedAt: now,
    responses,
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (nonce) {
    tbs.responseExtensions = [
      new Extension({
        extnID: OID.ocspNonce,
        critical: false,
        extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer,
      }),
    ];
  }
  const basic = new BasicOCSPResponse({ tbsResponseData: tbs, certs: [responderCert] });
  await basic.sign(await (delegate ?? signer).signingKey(), 'SHA-256');
  const response = new OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: OCSP_STATUS.successful }),
    responseBytes: new ResponseBytes({
      responseType: OID.ocspBasic,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}
