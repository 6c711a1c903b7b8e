/** Assembles and signs X.509 v3 certificates with pkijs (sha256WithRSAEncryption). */
import * as asn1js from 'asn1js';
import { Certificate, type Extension, PublicKeyInfo, type RelativeDistinguishedNames, Time } from 'pkijs';
import { bytesToHex, hexToBytes, toArrayBuffer } from '../encoding/index.js';
import { KysoError } from '../protocol/index.js';
import type { DerBytes } from './types.js';

/** A date without milliseconds (DER times carry whole seconds). */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function certificateTime(date: Date): Time {
  const value = wholeSeconds(date);
  return new Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

export function parsePublicKeyInfo(spki: Uint8Array): PublicKeyInfo {
  try {
    return PublicKeyInfo.fromBER(toArrayBuffer(spki));
  } catch (e) {
    throw new KysoError('INVALID_REQUEST', `malformed SubjectPublicKeyInfo: ${(e as Error).message}`);
  }
}

/** Key identifier method 1 of RFC 5280: SHA-1 of the subjectPublicKey bits. */
export async function keyIdentifier(spki: PublicKeyInfo): Promise<Uint8Array> {
  const bits = spki.subjectPublicKey.valueBlock.valueHexView;
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', bits.slice()));
}

/** 16-byte serial number starting with 0x5401, like Vietnamese public CAs; lower-case hex. */
export function newSerialNumber(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[0] = 0x54;
  bytes[1] = 0x01;
  return bytesToHex(bytes);
}

/** Lower-case hex of a DER INTEGER's content, without a leading sign byte. */
export function serialHex(serial: asn1js.Integer): string {
  let view = serial.valueBlock.valueHexView;
  while (view.length > 1 && view[0] === 0) view = view.subarray(1);
  return bytesToHex(view);
}

export function serialInteger(hex: string): asn1js.Integer {
  const bytes = hexToBytes(hex);
  const positive = bytes[0]! & 0x80 ? Uint8Array.of(0, ...bytes) : bytes;
  return new asn1js.Integer({ valueHex: positive });
}

export interface CertificateContent {
  serialNumber: string;
  issuer: RelativeDistinguishedNames;
  subject: RelativeDistinguishedNames;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  extensions: Extension[];
}

export async function signCertificate(content: CertificateContent, signingKey: CryptoKey): Promise<DerBytes> {
  const cert = new Certificate({
    version: 2,
    serialNumber: serialInteger(content.serialNumber),
    issuer: content.issuer,
    subject: content.subject,
    notBefore: certificateTime(content.notBefore),
    notAfter: certificateTime(content.notAfter),
    subjectPublicKeyInfo: content.publicKey,
    extensions: content.extensions,
  });
  await cert.sign(signingKey, 'SHA-256');
  return new Uint8Array(cert.toSchema(true).toBER(false));
}
