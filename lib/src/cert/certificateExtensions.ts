/**
 * Decoders for the X.509 v3 extensions a Vietnamese signing certificate carries (RFC 5280 §4.2).
 * Each takes the extnValue contents; malformed values throw KysoError('INVALID_REQUEST').
 */
import {
  bitLength,
  childrenOf,
  contents,
  decodeBoolean,
  decodeIntegerHex,
  decodeOid,
  decodeSmallInteger,
  expectTlv,
  hexOf,
  malformed,
  readTlv,
  TAG,
  type Tlv,
} from './derReader.js';
import { decodeDirectoryString } from './directoryString.js';
import type { DistinguishedName } from './distinguishedName.js';
import { decodeName } from './nameDecoding.js';
import { EXTENDED_KEY_USAGES, KEY_USAGE_BITS, type KeyUsageName } from './oidNames.js';

export type GeneralName =
  | { type: 'rfc822Name'; value: string }
  | { type: 'dNSName'; value: string }
  | { type: 'uniformResourceIdentifier'; value: string }
  | { type: 'iPAddress'; value: string }
  | { type: 'registeredID'; value: string }
  | { type: 'directoryName'; value: DistinguishedName }
  | { type: 'otherName'; typeId: string; value: string }
  | { type: 'x400Address' | 'ediPartyName'; value: string };

export interface ExtendedKeyUsage {
  oid: string;
  /** e.g. `clientAuth`, `msDocumentSigning`, `msSmartcardLogin`, `adobeAuthenticDocumentsTrust`. */
  name: string | undefined;
}

export interface CertificatePolicy {
  oid: string;
  cpsUris: string[];
  userNotices: string[];
}

export interface BasicConstraints {
  ca: boolean;
  pathLength: number | null;
}

export interface AuthorityKeyIdentifier {
  keyIdentifier: string | null;
  issuer: GeneralName[];
  serialNumber: string | null;
}

export interface AuthorityInfoAccess {
  ocsp: string[];
  caIssuers: string[];
  /** Every access description, including other methods. */
  all: { method: string; location: GeneralName }[];
}

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
    // RFC 5952: the longest run (≥ 2) of zero groups becomes "::"
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    if (best < 0) return groups.join(':');
    return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
  }
  return `#${hexOf(bytes)}`; // name-constraint style address/mask or malformed length
}

function ia5(buf: Uint8Array, t: Tlv, what: string): string {
  let s = '';
  for (let i = t.valueStart; i < t.end; i++) {
    const c = buf[i]!;
    if (c > 0x7f) throw malformed(`${what} is not IA5 text`);
    s += String.fromCharCode(c);
  }
  return s;
}

export function decodeGeneralName(buf: Uint8Array, t: Tlv, what: string): GeneralName {
  switch (t.tag) {
    case 0xa0: {
      const [typeId, value] = childrenOf(buf, t, what);
      if (!typeId || !value || value.tag !== 0xa0) throw malformed(`${what} otherName`);
      const inner = readTlv(buf, value.valueStart, value.end, what);
      const text = decodeDirectoryString(buf, inner, what);
      return {
        type: 'otherName',
        typeId: decodeOid(buf, typeId, what),
        value: text ?? `#${hexOf(buf.subarray(inner.start, inner.end))}`,
      };
    }
    case 0x81:
      return { type: 'rfc822Name', value: ia5(buf, t, what) };
    case 0x82:
      return { type: 'dNSName', value: ia5(buf, t, what) };
    case 0xa3:
      return { type: 'x400Address', value: `#${hexOf(contents(buf, t))}` };
    case 0xa4: {
      const inner = readTlv(buf, t.valueStart, t.end, what);
      if (inner.end !== t.end) throw malformed(`${what} directoryName`);
      return { type: 'directoryName', value: decodeName(buf, inner, what) };
    }
    case 0xa5:
      return { type: 'ediPartyName', value: `#${hexOf(contents(buf, t))}` };
    case 0x86:
      return { type: 'uniformResourceIdentifier', value: ia5(buf, t, what) };
    case 0x87:
      return { type: 'iPAddress', value: ipText(contents(buf, t)) };
    case 0x88:
      return { type: 'registeredID', value: decodeOid(buf, { ...t, tag: TAG.OID }, what) };
    default:
      throw malformed(`${what} has an unknown GeneralName tag 0x${t.tag.toString(16)}`);
  }
}

export function decodeGeneralNames(buf: Uint8Array, t: Tlv, what: string): GeneralName[] {
  return childrenOf(buf, t, what).map((c) => decodeGeneralName(buf, c, what));
}

function whole(buf: Uint8Array, tag: number, what: string): Tlv {
  const t = expectTlv(buf, 0, buf.length, tag, what);
  if (t.end !== buf.length) throw malformed(`${what} has trailing bytes`);
  return t;
}

export function decodeKeyUsage(buf: Uint8Array): KeyUsageName[] {
  const t = whole(buf, TAG.BIT_STRING, 'keyUsage');
  const unused = buf[t.valueStart];
  if (unused === undefined || unused > 7) throw malformed('keyUsage has a bad unused-bits count');
  const out: KeyUsageName[] = [];
  for (let bit = 0; bit < KEY_USAGE_BITS.length; bit++) {
    const byte = buf[t.valueStart + 1 + (bit >> 3)];
    if (byte !== undefined && t.valueStart + 1 + (bit >> 3) < t.end && byte & (0x80 >> (bit & 7)))
      out.push(KEY_USAGE_BITS[bit]!);
  }
  return out;
}

export function decodeExtendedKeyUsage(buf: Uint8Array): ExtendedKeyUsage[] {
  const t = whole(buf, TAG.SEQUENCE, 'extKeyUsage');
  return childrenOf(buf, t, 'extKeyUsage').map((c) => {
    const oid = decodeOid(buf, c, 'extKeyUsage');
    return { oid, name: EXTENDED_KEY_USAGES[oid] };
  });
}

export function decodeBasicConstraints(buf: Uint8Array): BasicConstraints {
  const t = whole(buf, TAG.SEQUENCE, 'basicConstraints');
  let ca = false;
  let pathLength: number | null = null;
  for (const c of childrenOf(buf, t, 'basicConstraints')) {
    if (c.tag === TAG.BOOLEAN) ca = decodeBoolean(buf, c, 'basicConstraints cA');
    else if (c.tag === TAG.INTEGER) pathLength = decodeSmallInteger(buf, c, 'basicConstraints pathLen');
    else throw malformed('basicConstraints has an unexpected field');
  }
  return { ca, pathLength };
}

function displayText(buf: Uint8Array, t: Tlv, what: string): string {
  const s = decodeDirectoryString(buf, t, what);
  if (s === undefined) throw malformed(`${what} is not a text value`);
  return s;
}

export function decodeCertificatePolicies(buf: Uint8Array): CertificatePolicy[] {
  const what = 'certificatePolicies';
  const t = whole(buf, TAG.SEQUENCE, what);
  return childrenOf(buf, t, what).map((info) => {
    const [idTlv, qualifiers] = childrenOf(buf, info, what);
    if (!idTlv) throw malformed(`${what} entry is empty`);
    const policy: CertificatePolicy = { oid: decodeOid(buf, idTlv, what), cpsUris: [], userNotices: [] };
    if (qualifiers) {
      for (const q of childrenOf(buf, qualifiers, what)) {
        const [qid, qval] = childrenOf(buf, q, what);
        if (!qid || !qval) throw malformed(`${what} qualifier`);
        const qoid = decodeOid(buf, qid, what);
        if (qoid === '1.3.6.1.5.5.7.2.1') policy.cpsUris.push(displayText(buf, qval, `${what} CPS`));
        else if (qoid === '1.3.6.1.5.5.7.2.2') {
          for (const part of childrenOf(buf, qval, `${what} userNotice`)) {
            if (part.tag !== TAG.SEQUENCE) policy.userNotices.push(displayText(buf, part, `${what} notice`));
          }
        }
      }
    }
    return policy;
  });
}

export function decodeAuthorityInfoAccess(buf: Uint8Array): AuthorityInfoAccess {
  const what = 'authorityInfoAccess';
  const t = whole(buf, TAG.SEQUENCE, what);
  const out: AuthorityInfoAccess = { ocsp: [], caIssuers: [], all: [] };
  for (const ad of childrenOf(buf, t, what)) {
    const [m, loc] = childrenOf(buf, ad, what);
    if (!m || !loc) throw malformed(`${what} entry`);
    const method = decodeOid(buf, m, what);
    const location = decodeGeneralName(buf, loc, what);
    out.all.push({ method, location });
    if (location.type === 'uniformResourceIdentifier') {
      if (method === '1.3.6.1.5.5.7.48.1') out.ocsp.push(location.value);
      else if (method === '1.3.6.1.5.5.7.48.2') out.caIssuers.push(location.value);
    }
  }
  return out;
}

/** CRL distribution point URIs (full names of type URI), in order. */
export function decodeCrlDistributionPoints(buf: Uint8Array): string[] {
  const what = 'cRLDistributionPoints';
  const t = whole(buf, TAG.SEQUENCE, what);
  const uris: string[] = [];
  for (const dp of childrenOf(buf, t, what)) {
    for (const field of childrenOf(buf, dp, what)) {
      if (field.tag !== 0xa0) continue; // reasons [1], cRLIssuer [2]
      const name = readTlv(buf, field.valueStart, field.end, what);
      if (name.tag === 0xa0) {
        for (const gn of decodeGeneralNames(buf, name, what))
          if (gn.type === 'uniformResourceIdentifier') uris.push(gn.value);
      }
    }
  }
  return uris;
}

export function decodeSubjectKeyIdentifier(buf: Uint8Array): string {
  return hexOf(contents(buf, whole(buf, TAG.OCTET_STRING, 'subjectKeyIdentifier')));
}

export function decodeAuthorityKeyIdentifier(buf: Uint8Array): AuthorityKeyIdentifier {
  const what = 'authorityKeyIdentifier';
  const t = whole(buf, TAG.SEQUENCE, what);
  const out: AuthorityKeyIdentifier = { keyIdentifier: null, issuer: [], serialNumber: null };
  for (const c of childrenOf(buf, t, what)) {
    if (c.tag === 0x80) out.keyIdentifier = hexOf(contents(buf, c));
    else if (c.tag === 0xa1) out.issuer = decodeGeneralNames(buf, c, what);
    else if (c.tag === 0x82) out.serialNumber = decodeIntegerHex(buf, { ...c, tag: TAG.INTEGER }, what);
    else throw malformed(`${what} has an unexpected field`);
  }
  return out;
}

export function decodeSubjectAltName(buf: Uint8Array): GeneralName[] {
  return decodeGeneralNames(buf, whole(buf, TAG.SEQUENCE, 'subjectAltName'), 'subjectAltName');
}

/** Modulus bit length of an RSAPublicKey (inside the SPKI BIT STRING). */
export function rsaModulusBits(key: Uint8Array): number {
  const seq = whole(key, TAG.SEQUENCE, 'RSA public key');
  const [modulus] = childrenOf(key, seq, 'RSA public key');
  if (!modulus || modulus.tag !== TAG.INTEGER) throw malformed('RSA public key modulus');
  return bitLength(contents(key, modulus));
}

/** Bit length of the prime p in DSA domain parameters. */
export function dsaPrimeBits(buf: Uint8Array, params: Tlv): number {
  const [p] = childrenOf(buf, params, 'DSA parameters');
  if (!p || p.tag !== TAG.INTEGER) throw malformed('DSA parameters');
  return bitLength(contents(buf, p));
}
