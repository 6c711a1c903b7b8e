/**
 * A certificate decoded once into exactly what path validation and revocation checking need.
 * Uses pkijs/asn1js directly; malformed input raises KysoError(INVALID_REQUEST).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type BinaryInput, bytesToHex, toArrayBuffer, toDer } from '../encoding/index.js';
import { KysoError } from '../protocol/kysoError.js';
import type { ComparableName } from './distinguishedName.js';
import {
  distributionPointName,
  generalNameFromAsn1,
  type PlainGeneralName,
  plainGeneralName,
  rdnsToComparable,
  reasonFlagsMask,
} from './generalNames.js';

export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  anyPolicy: '2.5.29.32.0',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  adOcsp: '1.3.6.1.5.5.7.48.1',
  adCaIssuers: '1.3.6.1.5.5.7.48.2',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

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
  /** nameRelativeToCRLIssuer attributes, resolved against the CRL issuer when matching. */
  relative?: asn1js.AsnType[];
  reasons?: number;
  crlIssuer?: PlainGeneralName[];
  urls: string[];
}

export interface PolicyInfo {
  oid: string;
  qualifiers: unknown[];
}

export interface Subtree {
  base: PlainGeneralName;
}

export interface TrustCertificate {
  der: Uint8Array;
  /** Hex of the DER: identity of the certificate within a validation. */
  id: string;
  pkijs: pkijs.Certificate;
  subject: ComparableName;
  issuer: ComparableName;
  selfIssued: boolean;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  spki: pkijs.PublicKeyInfo;
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

function intValue(v: number | asn1js.Integer | undefined): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? v : v.valueBlock.valueDec;
}

export function keyUsageFromBitString(bits: asn1js.BitString): Set<KeyUsageName> {
  const bytes = new Uint8Array(bits.valueBlock.valueHexView);
  const out = new Set<KeyUsageName>();
  KEY_USAGE_NAMES.forEach((name, i) => {
    if (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) out.add(name);
  });
  return out;
}

/** Decodes a CRLDistributionPoints / FreshestCRL extension value (raw DER, both name forms). */
export function distributionPoints(extnValue: ArrayBuffer | Uint8Array): DistributionPointInfo[] {
  const asn = asn1js.fromBER(extnValue);
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence))
    throw new Error('bad distribution points');
  return asn.result.valueBlock.value.map((dp) => {
    if (!(dp instanceof asn1js.Sequence)) throw new Error('bad distribution point');
    const info: DistributionPointInfo = { urls: [] };
    for (const field of dp.valueBlock.value) {
      if (field.idBlock.tagClass !== 3) throw new Error('bad distribution point field');
      const tag = field.idBlock.tagNumber;
      if (tag === 0) {
        const name = distributionPointName(field);
        if (name.names) {
          info.names = name.names;
          info.urls = name.names.flatMap((n) => (n.kind === 'uri' ? [n.value] : []));
        }
        if (name.relative) info.relative = name.relative;
      } else if (tag === 1) {
        info.reasons = reasonFlagsMask(field);
      } else if (tag === 2) {
        info.crlIssuer = ((field.valueBlock as { value?: asn1js.AsnType[] }).value ?? []).map(
          generalNameFromAsn1,
        );
      }
    }
    return info;
  });
}

function decodeExtension(cert: TrustCertificate, ext: pkijs.Extension): void {
  if (ext.extnID === OID.crlDistributionPoints || ext.extnID === OID.freshestCrl) {
    const dps = distributionPoints(ext.extnValue.valueBlock.valueHexView);
    if (ext.extnID === OID.crlDistributionPoints) cert.distributionPoints = dps;
    else cert.freshestCrl = dps;
    return;
  }
  const parsed = ext.parsedValue as unknown;
  if (parsed && typeof parsed === 'object' && 'parsingError' in parsed) throw new Error('bad extension');
  switch (ext.extnID) {
    case OID.subjectKeyIdentifier:
      if (!(parsed instanceof asn1js.OctetString)) throw new Error('bad subject key identifier');
      cert.subjectKeyId = bytesToHex(parsed.valueBlock.valueHexView);
      break;
    case OID.authorityKeyIdentifier: {
      const kid = (parsed as pkijs.AuthorityKeyIdentifier).keyIdentifier;
      if (kid) cert.authorityKeyId = bytesToHex(kid.valueBlock.valueHexView);
      break;
    }
    case OID.keyUsage:
      if (!(parsed instanceof asn1js.BitString)) throw new Error('bad key usage');
      cert.keyUsage = keyUsageFromBitString(parsed);
      break;
    case OID.basicConstraints: {
      const bc = parsed as pkijs.BasicConstraints;
      const pathLen = intValue(bc.pathLenConstraint);
      cert.basicConstraints = pathLen === undefined ? { ca: bc.cA } : { ca: bc.cA, pathLen };
      break;
    }
    case OID.extKeyUsage:
      cert.extKeyUsage = [...(parsed as pkijs.ExtKeyUsage).keyPurposes];
      break;
    case OID.certificatePolicies:
      cert.policies = (parsed as pkijs.CertificatePolicies).certificatePolicies.map((p) => ({
        oid: p.policyIdentifier,
        qualifiers: p.policyQualifiers ?? [],
      }));
      break;
    case OID.policyMappings:
      cert.policyMappings = (parsed as pkijs.PolicyMappings).mappings.map((m) => ({
        issuer: m.issuerDomainPolicy,
        subject: m.subjectDomainPolicy,
      }));
      break;
    case OID.policyConstraints: {
      const pc = parsed as pkijs.PolicyConstraints;
      if (pc.requireExplicitPolicy !== undefined) cert.requireExplicitPolicy = pc.requireExplicitPolicy;
      if (pc.inhibitPolicyMapping !== undefined) cert.inhibitPolicyMapping = pc.inhibitPolicyMapping;
      break;
    }
    case OID.inhibitAnyPolicy:
      if (!(parsed instanceof asn1js.Integer)) throw new Error('bad inhibitAnyPolicy');
      cert.inhibitAnyPolicy = parsed.valueBlock.valueDec;
      break;
    case OID.nameConstraints: {
      const nc = parsed as pkijs.NameConstraints;
      const map = (s: pkijs.GeneralSubtree[] | undefined) =>
        s?.map((t) => ({ base: plainGeneralName(t.base) }));
      const permitted = map(nc.permittedSubtrees);
      const excluded = map(nc.excludedSubtrees);
      cert.nameConstraints = {};
      if (permitted) cert.nameConstraints.permitted = permitted;
      if (excluded) cert.nameConstraints.excluded = excluded;
      break;
    }
    case OID.subjectAltName:
      cert.subjectAltNames = (parsed as pkijs.AltName).altNames.map(plainGeneralName);
      break;
    case OID.authorityInfoAccess:
      for (const ad of (parsed as pkijs.InfoAccess).accessDescriptions) {
        if (ad.accessLocation.type !== 6) continue;
        if (ad.accessMethod === OID.adOcsp) cert.ocspUrls.push(String(ad.accessLocation.value));
        if (ad.accessMethod === OID.adCaIssuers) cert.caIssuersUrls.push(String(ad.accessLocation.value));
      }
      break;
    case OID.ocspNoCheck:
      cert.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

const DECODE_CACHE_LIMIT = 512;
const decodeCache = new Map<string, TrustCertificate>();

/** Forgets every decoded certificate (see decodeTrustCertificate). */
export function clearTrustCertificateCache(): void {
  decodeCache.clear();
}

/**
 * Decodes a certificate. Throws KysoError(INVALID_REQUEST) when it is not a certificate.
 * Results are immutable and cached by exact DER content (most recently used 512), since the same
 * CA certificates come back on every validation.
 */
export function decodeTrustCertificate(input: BinaryInput): TrustCertificate {
  const given = toDer(input, 'CERTIFICATE');
  const id = bytesToHex(given);
  const cached = decodeCache.get(id);
  if (cached) {
    decodeCache.delete(id);
    decodeCache.set(id, cached);
    return cached;
  }
  const decoded = decodeUncached(new Uint8Array(given), id);
  if (decodeCache.size >= DECODE_CACHE_LIMIT) decodeCache.delete(decodeCache.keys().next().value as string);
  decodeCache.set(id, decoded);
  return decoded;
}

function decodeUncached(der: Uint8Array, id: string): TrustCertificate {
  let cert: pkijs.Certificate;
  try {
    cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new KysoError('INVALID_REQUEST', `not a certificate: ${(e as Error).message}`);
  }
  let subject: ComparableName;
  let issuer: ComparableName;
  try {
    subject = rdnsToComparable(cert.subject);
    issuer = rdnsToComparable(cert.issuer);
  } catch {
    throw new KysoError('INVALID_REQUEST', 'certificate has a malformed name');
  }
  const out: TrustCertificate = {
    der,
    id,
    pkijs: cert,
    subject,
    issuer,
    selfIssued: subject.key === issuer.key,
    serialHex: bytesToHex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    spki: cert.subjectPublicKeyInfo,
    subjectAltNames: [],
    ocspUrls: [],
    caIssuersUrls: [],
    unknownCriticalExtensions: [],
    malformedExtensions: [],
    ocspNoCheck: false,
  };
  for (const ext of cert.extensions ?? []) {
    if (ext.critical && !UNDERSTOOD_EXTENSIONS.has(ext.extnID))
      out.unknownCriticalExtensions.push(ext.extnID);
    try {
      decodeExtension(out, ext);
    } catch {
      out.malformedExtensions.push(ext.extnID);
    }
  }
  return out;
}

/** Where revocation information for a certificate can be fetched: OCSP (AIA), CRLs (CDP, freshest CRL), CA certificates. */
export function revocationUrls(cert: BinaryInput): { ocsp: string[]; crl: string[]; caIssuers: string[] } {
  const c = decodeTrustCertificate(cert);
  const crl = [...(c.distributionPoints ?? []), ...(c.freshestCrl ?? [])].flatMap((dp) => dp.urls);
  return { ocsp: [...c.ocspUrls], crl, caIssuers: [...c.caIssuersUrls] };
}
