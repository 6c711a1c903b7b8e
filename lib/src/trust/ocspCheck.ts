/**
 * OCSP (RFC 6960): building requests, and checking responses for a certificate: CertID match,
 * responder = the issuer or a delegated responder (id-kp-OCSPSigning, issued by the issuer),
 * response signature, thisUpdate/nextUpdate at the validation time, optional nonce.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type BinaryInput, bytesEqual, bytesToHex, hexToBytes, toArrayBuffer } from '../encoding/index.js';
import { CRL_REASON_NAMES } from './crlDecode.js';
import { ownedBytes, rdnsToComparable } from './generalNames.js';
import { type SubjectPublicKey, verifyCertificateSignature, verifySignedData } from './signatureCheck.js';
import { decodeTrustCertificate, OID, type TrustCertificate } from './trustCertificate.js';

/** The CertID hashes accepted in responses (SHA-1 is the interoperable default, RFC 6960 §4.3). */
const HASH_NAMES: Record<string, string> = { [OID.sha1]: 'SHA-1', [OID.sha256]: 'SHA-256' };
/** Clock skew tolerated on thisUpdate/nextUpdate. */
export const OCSP_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface OcspStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: string;
  detail?: string;
  /** nextUpdate of the matching single response (for caching). */
  nextUpdate?: Date;
}

async function digest(hash: string, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(hash, toArrayBuffer(data)));
}

function issuerNameDer(issuer: TrustCertificate): Uint8Array {
  return issuer.subjectDer;
}

function issuerKeyBytes(issuer: TrustCertificate): Uint8Array {
  return issuer.publicKey.key;
}

/** The CertID of `cert` (issued by `issuer`) with SHA-1 (the interoperable default) or SHA-256. */
export async function certIdFor(
  cert: TrustCertificate,
  issuer: TrustCertificate,
  hash: 'SHA-1' | 'SHA-256' = 'SHA-1',
): Promise<pkijs.CertID> {
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: hash === 'SHA-1' ? OID.sha1 : OID.sha256,
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({
      valueHex: toArrayBuffer(await digest(hash, issuerNameDer(issuer))),
    }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: toArrayBuffer(await digest(hash, issuerKeyBytes(issuer))),
    }),
    serialNumber: new asn1js.Integer({
      valueHex: toArrayBuffer(hexToBytes(cert.serialHex)),
    }),
  });
}

export interface OcspRequestOptions {
  /** Nonce bytes to include; `true` for 16 random bytes; omitted → no nonce. */
  nonce?: Uint8Array | boolean;
  hash?: 'SHA-1' | 'SHA-256';
}

/** Builds a DER OCSPRequest for one certificate. Returns the request and the nonce used. */
export async function buildOcspRequestWithNonce(
  cert: BinaryInput | TrustCertificate,
  issuer: BinaryInput | TrustCertificate,
  options: OcspRequestOptions = {},
): Promise<{ der: Uint8Array; nonce?: Uint8Array }> {
  const c = isTrustCertificate(cert) ? cert : decodeTrustCertificate(cert);
  const i = isTrustCertificate(issuer) ? issuer : decodeTrustCertificate(issuer);
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: await certIdFor(c, i, options.hash) })];
  let nonce: Uint8Array | undefined;
  if (options.nonce) {
    nonce = options.nonce === true ? globalThis.crypto.getRandomValues(new Uint8Array(16)) : options.nonce;
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: OID.ocspNonce,
        extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER(false),
      }),
    ];
  }
  const der = new Uint8Array(request.toSchema(true).toBER(false));
  return nonce ? { der, nonce } : { der };
}

/** Builds a DER OCSPRequest (SHA-1 CertID, no nonce) for `cert` issued by `issuer`. */
export async function buildOcspRequest(
  cert: BinaryInput | TrustCertificate,
  issuer: BinaryInput | TrustCertificate,
  options: OcspRequestOptions = {},
): Promise<Uint8Array> {
  return (await buildOcspRequestWithNonce(cert, issuer, options)).der;
}

function isTrustCertificate(x: unknown): x is TrustCertificate {
  return typeof x === 'object' && x !== null && 'publicKey' in x && 'subject' in x && 'serialHex' in x;
}

/**
 * The CertID hashes of an issuer's name and key, by issuer (decoded certificates are cached, so the same
 * CA is the same object) and hash: a server checking one CA's OCSP answers for every login hashes them once
 * instead of twice per check.
 */
const issuerHashes = new WeakMap<
  TrustCertificate,
  Map<string, Promise<{ name: Uint8Array; key: Uint8Array }>>
>();

function issuerCertIdHashes(
  issuer: TrustCertificate,
  hash: string,
): Promise<{ name: Uint8Array; key: Uint8Array }> {
  let byHash = issuerHashes.get(issuer);
  if (!byHash) {
    byHash = new Map();
    issuerHashes.set(issuer, byHash);
  }
  let hashes = byHash.get(hash);
  if (!hashes) {
    hashes = Promise.all([digest(hash, issuerNameDer(issuer)), digest(hash, issuerKeyBytes(issuer))]).then(
      ([name, key]) => ({ name, key }),
    );
    byHash.set(hash, hashes);
    hashes.catch(() => byHash.delete(hash));
  }
  return hashes;
}

async function certIdMatches(
  id: pkijs.CertID,
  cert: TrustCertificate,
  issuer: TrustCertificate,
): Promise<boolean> {
  const hash = HASH_NAMES[id.hashAlgorithm.algorithmId];
  if (!hash) return false;
  if (bytesToHex(id.serialNumber.valueBlock.valueHexView) !== cert.serialHex) return false;
  const { name: nameHash, key: keyHash } = await issuerCertIdHashes(issuer, hash);
  return (
    bytesEqual(new Uint8Array(id.issuerNameHash.valueBlock.valueHexView), nameHash) &&
    bytesEqual(new Uint8Array(id.issuerKeyHash.valueBlock.valueHexView), keyHash)
  );
}

async function responderMatches(responderId: unknown, candidate: TrustCertificate): Promise<boolean> {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) {
    try {
      return rdnsToComparable(responderId).key === candidate.subject.key;
    } catch {
      return false;
    }
  }
  if (responderId instanceof asn1js.OctetString) {
    const keyHash = await digest('SHA-1', issuerKeyBytes(candidate));
    return bytesEqual(new Uint8Array(responderId.valueBlock.valueHexView), keyHash);
  }
  return false;
}

function extendedKeyUsageAllows(cert: TrustCertificate, purpose: string): boolean {
  return cert.extKeyUsage?.includes(purpose) === true;
}

function withinValidity(cert: TrustCertificate, time: Date): boolean {
  return cert.notBefore.getTime() <= time.getTime() && time.getTime() <= cert.notAfter.getTime();
}

/** Finds the key that signed the response: the issuer itself or a delegated responder. */
async function responderKey(
  basic: pkijs.BasicOCSPResponse,
  issuer: TrustCertificate,
  time: Date,
): Promise<{ key: SubjectPublicKey; delegate?: TrustCertificate } | { error: string }> {
  const responderId = basic.tbsResponseData.responderID;
  if (await responderMatches(responderId, issuer)) return { key: issuer.publicKey };
  for (const raw of basic.certs ?? []) {
    let delegate: TrustCertificate;
    try {
      delegate = decodeTrustCertificate(new Uint8Array(raw.toSchema().toBER(false)));
    } catch {
      continue;
    }
    if (!(await responderMatches(responderId, delegate))) continue;
    if (delegate.issuer.key !== issuer.subject.key) return { error: 'responder not issued by the CA' };
    if (!extendedKeyUsageAllows(delegate, OID.kpOcspSigning))
      return { error: 'responder lacks id-kp-OCSPSigning' };
    if (!withinValidity(delegate, time)) return { error: 'responder certificate not valid at the time' };
    if ((await verifyCertificateSignature(delegate, issuer.publicKey)) !== 'valid')
      return { error: 'responder certificate not signed by the CA' };
    return { key: delegate.publicKey, delegate };
  }
  return { error: 'unknown OCSP responder' };
}

function readNonce(exts: pkijs.Extension[] | undefined): Uint8Array | undefined {
  const ext = exts?.find((e) => e.extnID === OID.ocspNonce);
  if (!ext) return undefined;
  const inner = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (inner.result instanceof asn1js.OctetString) return new Uint8Array(inner.result.valueBlock.valueHexView);
  return new Uint8Array(ext.extnValue.valueBlock.valueHexView);
}

/** A response whose structure and signature were checked for an issuer (the time-free part). */
interface AuthenticatedResponse {
  basic: pkijs.BasicOCSPResponse;
  /** The delegated responder that signed it; absent when the issuer signed it itself. */
  delegate?: TrustCertificate;
}

/**
 * Responses already authenticated, by response bytes (object identity: the revocation cache hands
 * out the same array until nextUpdate) and issuer. A server that checks the same fresh OCSP answer
 * for every login parses it and verifies its signature once; the time-dependent checks (responder
 * validity, thisUpdate/nextUpdate, revocation time) still run on every call.
 */
const authenticatedResponses = new WeakMap<Uint8Array, WeakMap<TrustCertificate, AuthenticatedResponse>>();

async function authenticateResponse(
  responseDer: Uint8Array,
  issuer: TrustCertificate,
  time: Date,
): Promise<AuthenticatedResponse | { error: string }> {
  const known = authenticatedResponses.get(responseDer)?.get(issuer);
  if (known) return known;
  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(toArrayBuffer(ownedBytes(responseDer)));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) return { error: `OCSP responder answered status ${status}` };
    if (!response.responseBytes || response.responseBytes.responseType !== OID.ocspBasic)
      return { error: 'OCSP response is not a basic response' };
    basic = pkijs.BasicOCSPResponse.fromBER(
      toArrayBuffer(response.responseBytes.response.valueBlock.valueHexView),
    );
  } catch {
    return { error: 'malformed OCSP response' };
  }
  const key = await responderKey(basic, issuer, time);
  if ('error' in key) return { error: key.error };
  const verdict = await verifySignedData({
    data: basic.tbsResponseData.tbsView,
    signatureAlgorithm: basic.signatureAlgorithm,
    signature: new Uint8Array(basic.signature.valueBlock.valueHexView),
    publicKey: key.key,
  });
  if (verdict !== 'valid') return { error: 'OCSP response signature invalid' };
  const result: AuthenticatedResponse = key.delegate ? { basic, delegate: key.delegate } : { basic };
  let byIssuer = authenticatedResponses.get(responseDer);
  if (!byIssuer) {
    byIssuer = new WeakMap();
    authenticatedResponses.set(responseDer, byIssuer);
  }
  byIssuer.set(issuer, result);
  return result;
}

/**
 * Status of `cert` from one DER OCSPResponse. Anything not trustworthy (bad signature, wrong
 * responder, stale, wrong nonce, no matching response) gives 'unknown' with a detail.
 */
export async function checkOcspResponse(
  responseDer: Uint8Array,
  cert: TrustCertificate,
  issuer: TrustCertificate,
  time: Date,
  expectedNonce?: Uint8Array,
): Promise<OcspStatus> {
  const authenticated = await authenticateResponse(responseDer, issuer, time);
  if ('error' in authenticated) return { status: 'unknown', detail: authenticated.error };
  const { basic, delegate } = authenticated;
  if (delegate && !withinValidity(delegate, time))
    return { status: 'unknown', detail: 'responder certificate not valid at the time' };
  if (expectedNonce) {
    const nonce = readNonce(basic.tbsResponseData.responseExtensions);
    if (nonce && !bytesEqual(nonce, expectedNonce))
      return { status: 'unknown', detail: 'OCSP nonce mismatch' };
  }
  for (const single of basic.tbsResponseData.responses) {
    if (!(await certIdMatches(single.certID, cert, issuer))) continue;
    // A response newer than `time` is fine (validation at a past signing time); one newer than
    // the real clock means the responder's clock is wrong (RFC 6960 §3.2 item 5).
    if (single.thisUpdate.getTime() > Date.now() + OCSP_CLOCK_SKEW_MS)
      return { status: 'unknown', detail: 'OCSP response is from the future' };
    if (single.nextUpdate && single.nextUpdate.getTime() < time.getTime() - OCSP_CLOCK_SKEW_MS)
      return { status: 'unknown', detail: 'OCSP response out of date' };
    const base: OcspStatus = single.nextUpdate
      ? { status: 'unknown', nextUpdate: single.nextUpdate }
      : { status: 'unknown' };
    const certStatus = single.certStatus as asn1js.BaseBlock;
    switch (certStatus.idBlock.tagNumber) {
      case 0:
        return { ...base, status: 'good' };
      case 1: {
        const info = decodeRevokedInfo(certStatus);
        if (info.revokedAt && info.revokedAt.getTime() > time.getTime()) return { ...base, status: 'good' };
        return { ...base, status: 'revoked', ...info };
      }
      default:
        return { ...base, detail: 'OCSP responder does not know the certificate' };
    }
  }
  return { status: 'unknown', detail: 'OCSP response does not cover the certificate' };
}

function decodeRevokedInfo(block: asn1js.BaseBlock): { revokedAt?: Date; reason?: string } {
  const out: { revokedAt?: Date; reason?: string } = {};
  const children = (block.valueBlock as { value?: asn1js.BaseBlock[] }).value ?? [];
  for (const child of children) {
    if (child instanceof asn1js.GeneralizedTime) out.revokedAt = child.toDate();
    else if (child.idBlock.tagClass === 3 && child.idBlock.tagNumber === 0) {
      const inner = (child.valueBlock as { value?: asn1js.BaseBlock[] }).value?.[0];
      if (inner instanceof asn1js.Enumerated)
        out.reason = CRL_REASON_NAMES[inner.valueBlock.valueDec] ?? 'unspecified';
    }
  }
  return out;
}
