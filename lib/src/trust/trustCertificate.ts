/**
 * A certificate decoded once into exactly what path validation and revocation checking need.
 * Read in place with the cert module's strict DER walk (`readCertificateStructure`): no pkijs, no
 * copies. A malformed certificate raises KysoError(INVALID_REQUEST); a malformed extension value is
 * recorded in `malformedExtensions` (a path problem, not an exception).
 */
import { readCertificateStructure, rebaseCertificateStructure } from '../cert/certificateStructure.js';
import {
  childrenOf,
  decodeBoolean,
  decodeOid,
  hexOf,
  malformed,
  readTlv,
  TAG,
  type Tlv,
} from '../cert/derReader.js';
import { type ComparableName, comparableNameAt } from '../cert/distinguishedName.js';
import { KEY_USAGE_BITS, type KeyUsageName, OID } from '../cert/oidNames.js';
import { cachedCertificateStructure } from '../cert/parseCertificate.js';
import { type BinaryInput, bytesEqual, toDer } from '../encoding/index.js';

/** Node's Buffer.compare (a memcmp) when there is one; certificates are public, so no constant time. */
const nodeCompare = (globalThis as { Buffer?: { compare(a: Uint8Array, b: Uint8Array): number } }).Buffer
  ?.compare;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return nodeCompare ? nodeCompare(a, b) === 0 : bytesEqual(a, b);
}

import { KysoError } from '../protocol/kysoError.js';
import {
  distributionPointName,
  generalNameAt,
  generalNamesAt,
  type PlainGeneralName,
  reasonFlagsMask,
} from './generalNames.js';
import {
  type AlgorithmId,
  algorithmAt,
  type SubjectPublicKey,
  subjectPublicKeyAt,
} from './signatureCheck.js';

export { OID };

/** Certificate extensions whose meaning this validator enforces (critical ones are accepted). */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.subjectKeyIdentifier,
  OID.keyUsage,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.basicConstraints,
  OID.nameConstraints,
  OID.crlDistributionPoints,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.authorityKeyIdentifier,
  OID.policyConstraints,
  OID.extKeyUsage,
  OID.freshestCrl,
  OID.inhibitAnyPolicy,
  OID.authorityInfoAccess,
  OID.ocspNoCheck,
]);

export interface DistributionPointInfo {
  /** fullName entries. */
  names?: PlainGeneralName[];
  /** nameRelativeToCRLIssuer: DER of the RDN's attributes, resolved against the CRL issuer when matching. */
  relative?: Uint8Array;
  reasons?: number;
  crlIssuer?: PlainGeneralName[];
  urls: string[];
}

export interface PolicyInfo {
  oid: string;
  /** DER of each PolicyQualifierInfo. */
  qualifiers: Uint8Array[];
}

export interface Subtree {
  base: PlainGeneralName;
}

export interface TrustCertificate {
  der: Uint8Array;
  /** Hex of the DER: identity of the certificate within a validation. */
  id: string;
  /** The signed part and its signature (for verifyCertificateSignature). */
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  subject: ComparableName;
  issuer: ComparableName;
  /** DER of the subject and issuer Names (OCSP CertID hashes, relative CRL distribution points). */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  selfIssued: boolean;
  /** Hex of the serialNumber INTEGER contents (as CRL entries and OCSP CertIDs carry it). */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: SubjectPublicKey;
  subjectKeyId?: string;
  authorityKeyId?: string;
  basicConstraints?: { ca: boolean; pathLen?: number };
  keyUsage?: Set<KeyUsageName>;
  extKeyUsage?: string[];
  policies?: PolicyInfo[];
  policyMappings?: { issuer: string; subject: string }[];
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
  inhibitAnyPolicy?: number;
  nameConstraints?: { permitted?: Subtree[]; excluded?: Subtree[] };
  subjectAltNames: PlainGeneralName[];
  distributionPoints?: DistributionPointInfo[];
  freshestCrl?: DistributionPointInfo[];
  ocspUrls: string[];
  caIssuersUrls: string[];
  /** Critical extensions not in UNDERSTOOD_EXTENSIONS. */
  unknownCriticalExtensions: string[];
  /** Extensions present but undecodable. */
  malformedExtensions: string[];
  ocspNoCheck: boolean;
}

/** The single TLV filling an extension value. */
function valueTlv(v: Uint8Array, tag: number, what: string): Tlv {
  const t = readTlv(v, 0, v.length, what);
  if (t.end !== v.length) throw malformed(`${what} has trailing bytes`);
  if (t.tag !== tag) throw malformed(`${what} has an unexpected type`);
  return t;
}

/** A small non-negative INTEGER whatever its (implicit) tag. */
function smallInteger(buf: Uint8Array, t: Tlv, what: string): number {
  const n = t.end - t.valueStart;
  if (n === 0 || n > 6 || (buf[t.valueStart]! & 0x80) !== 0) throw malformed(`${what} is out of range`);
  let v = 0;
  for (let i = t.valueStart; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

function keyUsageOf(v: Uint8Array): Set<KeyUsageName> {
  const t = valueTlv(v, TAG.BIT_STRING, 'keyUsage');
  if (t.end === t.valueStart || v[t.valueStart]! > 7) throw malformed('keyUsage');
  const bytes = v.subarray(t.valueStart + 1, t.end);
  const out = new Set<KeyUsageName>();
  KEY_USAGE_BITS.forEach((name, i) => {
    if (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) out.add(name);
  });
  return out;
}

/** Decodes a CRLDistributionPoints / FreshestCRL extension value (raw DER, both name forms). */
export function distributionPoints(v: Uint8Array): DistributionPointInfo[] {
  const list = valueTlv(v, TAG.SEQUENCE, 'distribution points');
  return childrenOf(v, list, 'distribution points').map((dp) => {
    if (dp.tag !== TAG.SEQUENCE) throw malformed('distribution point is not a SEQUENCE');
    const info: DistributionPointInfo = { urls: [] };
    for (const field of childrenOf(v, dp, 'distribution point')) {
      if (field.tag === 0xa0) {
        const name = distributionPointName(v, field);
        if (name.names) {
          info.names = name.names;
          info.urls = name.names.flatMap((n) => (n.kind === 'uri' ? [n.value] : []));
        }
        if (name.relative) info.relative = name.relative;
      } else if (field.tag === 0x81) info.reasons = reasonFlagsMask(v, field);
      else if (field.tag === 0xa2) info.crlIssuer = generalNamesAt(v, field);
      else throw malformed('bad distribution point field');
    }
    return info;
  });
}

function subtrees(buf: Uint8Array, t: Tlv): Subtree[] {
  return childrenOf(buf, t, 'GeneralSubtrees').map((s) => {
    if (s.tag !== TAG.SEQUENCE) throw malformed('GeneralSubtree is not a SEQUENCE');
    const [base] = childrenOf(buf, s, 'GeneralSubtree');
    if (!base) throw malformed('GeneralSubtree without a base');
    return { base: generalNameAt(buf, base) };
  });
}

function decodeExtension(cert: TrustCertificate, oid: string, v: Uint8Array): void {
  switch (oid) {
    case OID.crlDistributionPoints:
      cert.distributionPoints = distributionPoints(v);
      break;
    case OID.freshestCrl:
      cert.freshestCrl = distributionPoints(v);
      break;
    case OID.subjectKeyIdentifier: {
      const t = valueTlv(v, TAG.OCTET_STRING, 'subjectKeyIdentifier');
      cert.subjectKeyId = hexOf(v.subarray(t.valueStart, t.end));
      break;
    }
    case OID.authorityKeyIdentifier: {
      const t = valueTlv(v, TAG.SEQUENCE, 'authorityKeyIdentifier');
      for (const field of childrenOf(v, t, 'authorityKeyIdentifier'))
        if (field.tag === 0x80) cert.authorityKeyId = hexOf(v.subarray(field.valueStart, field.end));
      break;
    }
    case OID.keyUsage:
      cert.keyUsage = keyUsageOf(v);
      break;
    case OID.basicConstraints: {
      const t = valueTlv(v, TAG.SEQUENCE, 'basicConstraints');
      const bc: { ca: boolean; pathLen?: number } = { ca: false };
      for (const field of childrenOf(v, t, 'basicConstraints')) {
        if (field.tag === TAG.BOOLEAN) bc.ca = decodeBoolean(v, field, 'cA');
        else if (field.tag === TAG.INTEGER) bc.pathLen = smallInteger(v, field, 'pathLenConstraint');
        else throw malformed('basicConstraints field');
      }
      cert.basicConstraints = bc;
      break;
    }
    case OID.extKeyUsage: {
      const t = valueTlv(v, TAG.SEQUENCE, 'extKeyUsage');
      cert.extKeyUsage = childrenOf(v, t, 'extKeyUsage').map((p) => decodeOid(v, p, 'key purpose'));
      break;
    }
    case OID.certificatePolicies: {
      const t = valueTlv(v, TAG.SEQUENCE, 'certificatePolicies');
      cert.policies = childrenOf(v, t, 'certificatePolicies').map((p) => {
        if (p.tag !== TAG.SEQUENCE) throw malformed('PolicyInformation');
        const [id, qualifiers, extra] = childrenOf(v, p, 'PolicyInformation');
        if (!id || extra || (qualifiers && qualifiers.tag !== TAG.SEQUENCE))
          throw malformed('PolicyInformation');
        return {
          oid: decodeOid(v, id, 'policyIdentifier'),
          qualifiers: qualifiers
            ? childrenOf(v, qualifiers, 'policyQualifiers').map((q) => v.subarray(q.start, q.end))
            : [],
        };
      });
      break;
    }
    case OID.policyMappings: {
      const t = valueTlv(v, TAG.SEQUENCE, 'policyMappings');
      cert.policyMappings = childrenOf(v, t, 'policyMappings').map((m) => {
        if (m.tag !== TAG.SEQUENCE) throw malformed('PolicyMapping');
        const [issuer, subject, extra] = childrenOf(v, m, 'PolicyMapping');
        if (!issuer || !subject || extra) throw malformed('PolicyMapping');
        return {
          issuer: decodeOid(v, issuer, 'issuerDomainPolicy'),
          subject: decodeOid(v, subject, 'subjectDomainPolicy'),
        };
      });
      break;
    }
    case OID.policyConstraints: {
      const t = valueTlv(v, TAG.SEQUENCE, 'policyConstraints');
      for (const field of childrenOf(v, t, 'policyConstraints')) {
        if (field.tag === 0x80) cert.requireExplicitPolicy = smallInteger(v, field, 'requireExplicitPolicy');
        else if (field.tag === 0x81)
          cert.inhibitPolicyMapping = smallInteger(v, field, 'inhibitPolicyMapping');
        else throw malformed('policyConstraints field');
      }
      break;
    }
    case OID.inhibitAnyPolicy:
      cert.inhibitAnyPolicy = smallInteger(
        v,
        valueTlv(v, TAG.INTEGER, 'inhibitAnyPolicy'),
        'inhibitAnyPolicy',
      );
      break;
    case OID.nameConstraints: {
      const t = valueTlv(v, TAG.SEQUENCE, 'nameConstraints');
      const nc: { permitted?: Subtree[]; excluded?: Subtree[] } = {};
      for (const field of childrenOf(v, t, 'nameConstraints')) {
        if (field.tag === 0xa0) nc.permitted = subtrees(v, field);
        else if (field.tag === 0xa1) nc.excluded = subtrees(v, field);
        else throw malformed('nameConstraints field');
      }
      cert.nameConstraints = nc;
      break;
    }
    case OID.subjectAltName:
      cert.subjectAltNames = generalNamesAt(v, valueTlv(v, TAG.SEQUENCE, 'subjectAltName'));
      break;
    case OID.authorityInfoAccess: {
      const t = valueTlv(v, TAG.SEQUENCE, 'authorityInfoAccess');
      for (const ad of childrenOf(v, t, 'authorityInfoAccess')) {
        if (ad.tag !== TAG.SEQUENCE) throw malformed('AccessDescription');
        const [method, location, extra] = childrenOf(v, ad, 'AccessDescription');
        if (!method || !location || extra) throw malformed('AccessDescription');
        const m = decodeOid(v, method, 'accessMethod');
        const name = generalNameAt(v, location);
        if (name.kind !== 'uri') continue;
        if (m === OID.adOcsp) cert.ocspUrls.push(name.value);
        if (m === OID.adCaIssuers) cert.caIssuersUrls.push(name.value);
      }
      break;
    }
    case OID.ocspNoCheck:
      cert.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

const DECODE_CACHE_LIMIT = 512;
const decodeCache = new Map<string, TrustCertificate>();
/**
 * The certificate last decoded from this very array (a relying party passes the same anchor and
 * intermediate arrays on every validation): found without hex-encoding the array, and used only when the
 * array still holds exactly the decoded bytes.
 */
let byArray = new WeakMap<Uint8Array, TrustCertificate>();

/** Forgets every decoded certificate (see decodeTrustCertificate). */
export function clearTrustCertificateCache(): void {
  decodeCache.clear();
  byArray = new WeakMap();
}

/**
 * Decodes a certificate. Throws KysoError(INVALID_REQUEST) when it is not a certificate.
 * Results are immutable and cached by exact DER content (most recently used 512), since the same
 * CA certificates come back on every validation.
 */
export function decodeTrustCertificate(input: BinaryInput): TrustCertificate {
  const given = toDer(input, 'CERTIFICATE');
  const known = byArray.get(given);
  if (known && sameBytes(known.der, given)) return known;
  const id = hexOf(given);
  const cached = decodeCache.get(id);
  if (cached) {
    decodeCache.delete(id);
    decodeCache.set(id, cached);
    byArray.set(given, cached);
    return cached;
  }
  const decoded = decodeUncached(given.slice(), id);
  if (decodeCache.size >= DECODE_CACHE_LIMIT) decodeCache.delete(decodeCache.keys().next().value as string);
  decodeCache.set(id, decoded);
  byArray.set(given, decoded);
  return decoded;
}

function decodeUncached(der: Uint8Array, id: string): TrustCertificate {
  let out: TrustCertificate;
  try {
    // A certificate just described by parseCertificate (a login token's) is not walked a second time.
    const described = cachedCertificateStructure(der);
    const c = described ? rebaseCertificateStructure(described, der) : readCertificateStructure(der);
    let subject: ComparableName;
    let issuer: ComparableName;
    try {
      subject = comparableNameAt(der, c.subject);
      issuer = comparableNameAt(der, c.issuer);
    } catch {
      throw new KysoError('INVALID_REQUEST', 'certificate has a malformed name');
    }
    if (c.serial.tag !== TAG.INTEGER || c.serial.end === c.serial.valueStart)
      throw malformed('serialNumber is not an INTEGER');
    out = {
      der,
      id,
      tbs: der.subarray(c.tbs.start, c.tbs.end),
      signatureAlgorithm: algorithmAt(der, c.signatureAlgorithm),
      signature: c.signatureValue,
      subject,
      issuer,
      subjectDer: der.subarray(c.subject.start, c.subject.end),
      issuerDer: der.subarray(c.issuer.start, c.issuer.end),
      selfIssued: subject.key === issuer.key,
      serialHex: hexOf(der.subarray(c.serial.valueStart, c.serial.end)),
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      publicKey: subjectPublicKeyAt(der, c.spki),
      subjectAltNames: [],
      ocspUrls: [],
      caIssuersUrls: [],
      unknownCriticalExtensions: [],
      malformedExtensions: [],
      ocspNoCheck: false,
    };
    for (const ext of c.extensions) {
      if (ext.critical && !UNDERSTOOD_EXTENSIONS.has(ext.oid)) out.unknownCriticalExtensions.push(ext.oid);
      try {
        decodeExtension(out, ext.oid, ext.value);
      } catch {
        out.malformedExtensions.push(ext.oid);
      }
    }
  } catch (e) {
    if (e instanceof KysoError) throw e;
    throw new KysoError('INVALID_REQUEST', `not a certificate: ${(e as Error).message}`);
  }
  return out;
}

/** Where revocation information for a certificate can be fetched: OCSP (AIA), CRLs (CDP, freshest CRL), CA certificates. */
export function revocationUrls(cert: BinaryInput): { ocsp: string[]; crl: string[]; caIssuers: string[] } {
  const c = decodeTrustCertificate(cert);
  const crl = [...(c.distributionPoints ?? []), ...(c.freshestCrl ?? [])].flatMap((dp) => dp.urls);
  return { ocsp: [...c.ocspUrls], crl, caIssuers: [...c.caIssuersUrls] };
}
