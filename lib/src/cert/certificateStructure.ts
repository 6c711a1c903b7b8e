/**
 * The strict top-level DER walk of an X.509 certificate (RFC 5280 §4.1), shared by the description
 * (`parseCertificate`) and by path validation (`trust/trustCertificate.ts`): every field located in
 * place, times and extensions decoded, nothing copied. Extension VALUES are left to the caller, since
 * the two callers treat a malformed value differently (description: error; path validation: a path
 * problem).
 *
 * Every failure is a `KysoError('INVALID_REQUEST')`.
 */
import { bytesEqual } from '../encoding/binaryInput.js';
import {
  childrenOf,
  contents,
  decodeBoolean,
  decodeOid,
  decodeSmallInteger,
  expectTlv,
  malformed,
  readTlv,
  TAG,
  type Tlv,
} from './derReader.js';
import { EXTENSION_NAMES } from './oidNames.js';

export interface CertificateExtension {
  oid: string;
  name: string | null;
  critical: boolean;
  /** The extnValue contents (DER of the extension value). */
  value: Uint8Array;
}

/** Where each field of a certificate lies in `der` (TLVs index into `der`). */
export interface CertificateStructure {
  readonly der: Uint8Array;
  readonly tbs: Tlv;
  /** The outer signatureAlgorithm (byte-identical to the one inside tbsCertificate). */
  readonly signatureAlgorithm: Tlv;
  /** The signature BIT STRING contents without the unused-bits octet. */
  readonly signatureValue: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  readonly serial: Tlv;
  readonly issuer: Tlv;
  readonly subject: Tlv;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Tlv;
  readonly extensions: readonly CertificateExtension[];
}

export function decodeTime(buf: Uint8Array, t: Tlv, what: string): Date {
  let text = '';
  for (let i = t.valueStart; i < t.end; i++) text += String.fromCharCode(buf[i]!);
  let m: RegExpExecArray | null;
  let year: number;
  if (t.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) throw malformed(`${what} is not a DER UTCTime`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (t.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d{1,9})?Z$/.exec(text);
    if (!m) throw malformed(`${what} is not a DER GeneralizedTime`);
    year = Number(m[1]);
  } else throw malformed(`${what} is not a time`);
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    throw malformed(`${what} is out of range`);
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, Math.min(s, 59)));
  if (date.getUTCDate() !== d) throw malformed(`${what} has an invalid day`);
  return date;
}

/** An AlgorithmIdentifier: its OID and the TLV of its parameters, if any. */
export function decodeAlgorithm(
  buf: Uint8Array,
  t: Tlv,
  what: string,
): { oid: string; params: Tlv | undefined } {
  if (t.tag !== TAG.SEQUENCE) throw malformed(`${what} is not an AlgorithmIdentifier`);
  const parts = childrenOf(buf, t, what);
  if (parts.length < 1 || parts.length > 2) throw malformed(`${what} is not an AlgorithmIdentifier`);
  return { oid: decodeOid(buf, parts[0]!, what), params: parts[1] };
}

function readExtensions(der: Uint8Array, opt: Tlv): CertificateExtension[] {
  const list = readTlv(der, opt.valueStart, opt.end, 'extensions');
  if (list.tag !== TAG.SEQUENCE || list.end !== opt.end) throw malformed('extensions');
  const extensions: CertificateExtension[] = [];
  const seen = new Set<string>();
  for (const ext of childrenOf(der, list, 'extensions')) {
    if (ext.tag !== TAG.SEQUENCE) throw malformed('extension is not a SEQUENCE');
    const parts = childrenOf(der, ext, 'extension');
    const oid = decodeOid(der, parts[0] ?? ext, 'extension id');
    let critical = false;
    let valueTlv = parts[1];
    if (parts.length === 3) {
      critical = decodeBoolean(der, parts[1]!, 'extension critical flag');
      valueTlv = parts[2];
    } else if (parts.length !== 2) throw malformed(`extension ${oid} has ${parts.length} fields`);
    if (!valueTlv || valueTlv.tag !== TAG.OCTET_STRING) throw malformed(`extension ${oid} value`);
    if (seen.has(oid)) throw malformed(`extension ${oid} appears twice`);
    seen.add(oid);
    extensions.push({ oid, name: EXTENSION_NAMES[oid] ?? null, critical, value: contents(der, valueTlv) });
  }
  return extensions;
}

/** Walks a whole certificate. `der` must be exactly one Certificate (no trailing bytes). */
export function readCertificateStructure(der: Uint8Array): CertificateStructure {
  const cert = expectTlv(der, 0, der.length, TAG.SEQUENCE, 'Certificate');
  if (cert.end !== der.length) throw malformed('trailing bytes after the certificate');
  const top = childrenOf(der, cert, 'Certificate');
  if (top.length !== 3) throw malformed('Certificate must have 3 fields');
  const [tbs, outerAlg, sigValue] = top as [Tlv, Tlv, Tlv];
  if (tbs.tag !== TAG.SEQUENCE) throw malformed('tbsCertificate is not a SEQUENCE');
  if (sigValue.tag !== TAG.BIT_STRING || sigValue.end === sigValue.valueStart)
    throw malformed('signatureValue is not a BIT STRING');

  const f = childrenOf(der, tbs, 'tbsCertificate');
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = readTlv(der, f[0].valueStart, f[0].end, 'version');
    if (v.end !== f[0].end) throw malformed('version');
    version = decodeSmallInteger(der, v, 'version') + 1;
    if (version > 3) throw malformed(`unsupported version ${version}`);
    i = 1;
  }
  const [serial, innerAlg, issuer, validity, subject, spki] = f.slice(i, i + 6);
  if (!serial || !innerAlg || !issuer || !validity || !subject || !spki)
    throw malformed('tbsCertificate is incomplete');
  if (!bytesEqual(der.subarray(innerAlg.start, innerAlg.end), der.subarray(outerAlg.start, outerAlg.end)))
    throw malformed('the two signature algorithm fields differ');
  if (validity.tag !== TAG.SEQUENCE) throw malformed('validity is not a SEQUENCE');
  const times = childrenOf(der, validity, 'validity');
  if (times.length !== 2) throw malformed('validity must have two times');
  if (spki.tag !== TAG.SEQUENCE) throw malformed('subjectPublicKeyInfo is not a SEQUENCE');

  let extensions: CertificateExtension[] = [];
  let lastTag = 0;
  for (const opt of f.slice(i + 6)) {
    if (opt.tag <= lastTag || (opt.tag !== 0x81 && opt.tag !== 0x82 && opt.tag !== 0xa3))
      throw malformed('unexpected field after subjectPublicKeyInfo');
    lastTag = opt.tag;
    if (opt.tag !== 0xa3) continue;
    if (version !== 3) throw malformed('extensions in a certificate that is not version 3');
    extensions = readExtensions(der, opt);
  }
  return {
    der,
    tbs,
    signatureAlgorithm: outerAlg,
    signatureValue: der.subarray(sigValue.valueStart + 1, sigValue.end),
    version,
    serial,
    issuer,
    subject,
    notBefore: decodeTime(der, times[0]!, 'notBefore'),
    notAfter: decodeTime(der, times[1]!, 'notAfter'),
    spki,
    extensions,
  };
}

/**
 * The same structure over `der`, a byte-identical copy of `structure.der`: TLVs are offsets and stay,
 * the signature and extension values are re-pointed into `der`. Lets a module that owns its own copy
 * of a certificate reuse a walk already done (no second read of the same DER).
 */
export function rebaseCertificateStructure(
  structure: CertificateStructure,
  der: Uint8Array,
): CertificateStructure {
  const from = structure.der;
  if (der.length !== from.length) throw malformed('rebased certificate differs in length');
  const at = (v: Uint8Array) =>
    der.subarray(v.byteOffset - from.byteOffset, v.byteOffset - from.byteOffset + v.length);
  return {
    ...structure,
    der,
    signatureValue: at(structure.signatureValue),
    extensions: structure.extensions.map((e) => ({ ...e, value: at(e.value) })),
  };
}
