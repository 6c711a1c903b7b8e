/**
 * `parseCertificate`: DER, PEM or base64 → a typed, immutable `CertificateDescription`.
 *
 * The API is SYNCHRONOUS. Design (issue #2 §8, measured in bench/certificateParse.bench.ts):
 * - a strict zero-copy DER walk decodes every field of the description eagerly (names, validity, key,
 *   all extensions), so errors surface at parse time as `KysoError('INVALID_REQUEST')`;
 * - SHA-1/SHA-256 fingerprints, the Vietnamese identity, the issuer family and the pkijs `Certificate`
 *   (for signature and path checks) are computed on first access and memoised;
 * - descriptions are cached in a bounded LRU keyed by the DER bytes (FNV-1a hash + byte comparison),
 *   so parsing the same certificate again returns the same (frozen, read-only) object.
 */
import * as pkijs from 'pkijs';
import {
  type BinaryInput,
  bytesEqual,
  bytesToBase64,
  toArrayBuffer,
  toDer,
} from '../encoding/binaryInput.js';
import {
  extractIdentity,
  type SubjectType,
  type VietnameseIdentifier,
  type VietnameseIdentity,
} from '../identity/vietnameseIdentity.js';
import { KysoError } from '../protocol/kysoError.js';
import {
  type AuthorityInfoAccess,
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  type CertificatePolicy,
  decodeAuthorityInfoAccess,
  decodeAuthorityKeyIdentifier,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeExtendedKeyUsage,
  decodeKeyUsage,
  decodeSubjectAltName,
  decodeSubjectKeyIdentifier,
  dsaPrimeBits,
  type ExtendedKeyUsage,
  type GeneralName,
  rsaModulusBits,
} from './certificateExtensions.js';
import {
  type CertificateExtension,
  type CertificateStructure,
  decodeAlgorithm,
  readCertificateStructure,
} from './certificateStructure.js';
import {
  childrenOf,
  decodeIntegerHex,
  decodeOid,
  hexOf,
  malformed,
  readTlv,
  TAG,
  type Tlv,
} from './derReader.js';
import { type DistinguishedName, renderRfc4514 } from './distinguishedName.js';
import { sha1, sha256 } from './fingerprintDigest.js';
import { type IssuerRecognition, recogniseIssuer } from './issuerRecognition.js';
import { decodeName } from './nameDecoding.js';
import {
  HASH_ALGORITHMS,
  KEY_ALGORITHMS,
  type KeyAlgorithm,
  type KeyUsageName,
  NAMED_CURVES,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithmInfo,
} from './oidNames.js';

export type { CertificateExtension } from './certificateStructure.js';

export interface PublicKeyInfo {
  algorithm: KeyAlgorithm;
  oid: string;
  /** RSA modulus bits, EC curve bits, DSA prime bits, 256/448 for EdDSA; null when unknown. */
  size: number | null;
  /** `P-256`, `P-384`, … for EC keys. */
  curve: string | null;
  curveOid: string | null;
  /** The SubjectPublicKeyInfo DER (for WebCrypto `importKey('spki', …)`). */
  spki: Uint8Array;
}

export interface CertificateSignatureAlgorithm {
  oid: string;
  /** e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA384`, `RSASSA-PSS`; the OID when unknown. */
  name: string;
  hash: SignatureAlgorithmInfo['hash'] | null;
}

export interface Fingerprints {
  /** Lower-case hex, no separators. Each digest is computed on first read. */
  readonly sha1: string;
  readonly sha256: string;
}

/** Fingerprints computed one digest at a time, on first read (most callers need only SHA-256). */
class LazyFingerprints implements Fingerprints {
  readonly #der: Uint8Array;
  #sha1: string | undefined;
  #sha256: string | undefined;

  constructor(der: Uint8Array) {
    this.#der = der;
  }

  get sha1(): string {
    this.#sha1 ??= hexOf(sha1(this.#der));
    return this.#sha1;
  }

  get sha256(): string {
    this.#sha256 ??= hexOf(sha256(this.#der));
    return this.#sha256;
  }

  toJSON(): { sha1: string; sha256: string } {
    return { sha1: this.sha1, sha256: this.sha256 };
  }
}

/** Everything Kyso shows or checks about a certificate. Treat every field, `der` included, as read-only. */
export interface CertificateDescription {
  readonly der: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  /** Lower-case hex of the serial's magnitude (as `openssl x509 -serial`, lower-cased). */
  readonly serialNumber: string;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** RFC 4514 rendering of subject and issuer (see `renderRfc4514`). */
  readonly subjectString: string;
  readonly issuerString: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: CertificateSignatureAlgorithm;
  readonly keyUsage: readonly KeyUsageName[] | null;
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[] | null;
  readonly certificatePolicies: readonly CertificatePolicy[];
  readonly basicConstraints: BasicConstraints | null;
  readonly subjectAltName: readonly GeneralName[];
  /** rfc822Name entries of the SAN. */
  readonly sanEmails: readonly string[];
  readonly authorityInfoAccess: AuthorityInfoAccess;
  /** URI full names of every CRL distribution point. */
  readonly crlDistributionPoints: readonly string[];
  readonly subjectKeyIdentifier: string | null;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | null;
  /** Every extension in order, known or not. */
  readonly extensions: readonly CertificateExtension[];
  /** Subject and issuer names are byte-identical. */
  readonly selfIssued: boolean;
  /** The DER of tbsCertificate and the signature value bits (for verifiers). */
  readonly tbsCertificate: Uint8Array;
  readonly signatureValue: Uint8Array;
  /** Computed on first access (synchronous SHA-1/SHA-256). */
  readonly fingerprints: Fingerprints;
  /** Vietnamese profile of the subject (UID identifiers, subject type, phones, titles, e-mails). */
  readonly identity: VietnameseIdentity;
  /** Shortcut for `identity.identifiers`. */
  readonly identifiers: readonly VietnameseIdentifier[];
  /** Shortcut for `identity.subjectType`. */
  readonly subjectType: SubjectType;
  /** Vietnamese CA family of the issuer, or null when not recognised. */
  readonly issuerCa: IssuerRecognition | null;
  /** The pkijs Certificate (built on first call, memoised) for signature/path validation. */
  toPkijs(): pkijs.Certificate;
  /** Plain JSON shape: bytes as base64, dates as ISO strings, lazy parts included. */
  toJSON(): Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------

function describeSignatureAlgorithm(buf: Uint8Array, t: Tlv): CertificateSignatureAlgorithm {
  const { oid, params } = decodeAlgorithm(buf, t, 'signatureAlgorithm');
  const info = SIGNATURE_ALGORITHMS[oid];
  let hash = info?.hash ?? null;
  if (oid === '1.2.840.113549.1.1.10') {
    hash = 'SHA-1'; // RSASSA-PSS-params default
    if (params && params.tag === TAG.SEQUENCE) {
      for (const p of childrenOf(buf, params, 'RSASSA-PSS parameters')) {
        if (p.tag === 0xa0) {
          const alg = decodeAlgorithm(buf, readTlv(buf, p.valueStart, p.end, 'PSS hash'), 'PSS hash');
          hash = HASH_ALGORITHMS[alg.oid] ?? null;
        }
      }
    }
  }
  return { oid, name: info?.name ?? oid, hash };
}

function describePublicKey(buf: Uint8Array, spki: Tlv): PublicKeyInfo {
  if (spki.tag !== TAG.SEQUENCE) throw malformed('subjectPublicKeyInfo is not a SEQUENCE');
  const [algTlv, keyTlv, extra] = childrenOf(buf, spki, 'subjectPublicKeyInfo');
  if (!algTlv || !keyTlv || extra || keyTlv.tag !== TAG.BIT_STRING || keyTlv.end === keyTlv.valueStart)
    throw malformed('subjectPublicKeyInfo');
  const { oid, params } = decodeAlgorithm(buf, algTlv, 'public key algorithm');
  const algorithm = KEY_ALGORITHMS[oid] ?? 'unknown';
  const key = buf.subarray(keyTlv.valueStart + 1, keyTlv.end);
  let size: number | null = null;
  let curve: string | null = null;
  let curveOid: string | null = null;
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') size = rsaModulusBits(key);
  else if (algorithm === 'EC') {
    if (!params || params.tag !== TAG.OID) throw malformed('EC key without a named curve');
    curveOid = decodeOid(buf, params, 'EC curve');
    const c = NAMED_CURVES[curveOid];
    curve = c?.name ?? null;
    size = c?.size ?? null;
  } else if (algorithm === 'Ed25519' || algorithm === 'X25519') size = 256;
  else if (algorithm === 'Ed448' || algorithm === 'X448') size = 448;
  else if (algorithm === 'DSA' && params && params.tag === TAG.SEQUENCE) size = dsaPrimeBits(buf, params);
  return { algorithm, oid, size, curve, curveOid, spki: buf.subarray(spki.start, spki.end) };
}

/** The DER walk each description was built from (reused by the trust module, see cachedCertificateStructure). */
const structures = new WeakMap<CertificateDescription, CertificateStructure>();

class ParsedCertificate implements CertificateDescription {
  readonly der: Uint8Array;
  readonly version: number;
  readonly serialNumber: string;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: CertificateSignatureAlgorithm;
  readonly keyUsage: readonly KeyUsageName[] | null = null;
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[] | null = null;
  readonly certificatePolicies: readonly CertificatePolicy[] = [];
  readonly basicConstraints: BasicConstraints | null = null;
  readonly subjectAltName: readonly GeneralName[] = [];
  readonly sanEmails: readonly string[] = [];
  readonly authorityInfoAccess: AuthorityInfoAccess = { ocsp: [], caIssuers: [], all: [] };
  readonly crlDistributionPoints: readonly string[] = [];
  readonly subjectKeyIdentifier: string | null = null;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | null = null;
  readonly extensions: readonly CertificateExtension[];
  readonly selfIssued: boolean;
  readonly tbsCertificate: Uint8Array;
  readonly signatureValue: Uint8Array;
  #fingerprints: Fingerprints | undefined;
  #identity: VietnameseIdentity | undefined;
  #issuerCa: IssuerRecognition | null | undefined;
  #pkijs: pkijs.Certificate | undefined;
  #subjectString: string | undefined;
  #issuerString: string | undefined;

  constructor(der: Uint8Array) {
    this.der = der;
    const c = readCertificateStructure(der);
    structures.set(this, c);
    this.tbsCertificate = der.subarray(c.tbs.start, c.tbs.end);
    this.signatureValue = c.signatureValue;
    this.signatureAlgorithm = describeSignatureAlgorithm(der, c.signatureAlgorithm);
    this.version = c.version;
    this.serialNumber = decodeIntegerHex(der, c.serial, 'serialNumber');
    this.issuer = decodeName(der, c.issuer, 'issuer');
    this.subject = decodeName(der, c.subject, 'subject');
    this.selfIssued = bytesEqual(
      der.subarray(c.issuer.start, c.issuer.end),
      der.subarray(c.subject.start, c.subject.end),
    );
    this.notBefore = c.notBefore;
    this.notAfter = c.notAfter;
    this.publicKey = describePublicKey(der, c.spki);
    const extensions = c.extensions;
    this.extensions = extensions;
    for (const e of extensions) this.#applyExtension(e);
    // Shallow freeze only: deep-freezing every nested array/object costed more than the whole DER walk.
    // Nested values are `readonly` in the types; callers must not mutate them (they may be cached).
    Object.freeze(this);
  }

  #applyExtension(e: CertificateExtension): void {
    const self = this as { -readonly [K in keyof ParsedCertificate]: ParsedCertificate[K] };
    const v = e.value;
    switch (e.oid) {
      case '2.5.29.15':
        self.keyUsage = decodeKeyUsage(v);
        break;
      case '2.5.29.37':
        self.extendedKeyUsage = decodeExtendedKeyUsage(v);
        break;
      case '2.5.29.32':
        self.certificatePolicies = decodeCertificatePolicies(v);
        break;
      case '2.5.29.19':
        self.basicConstraints = decodeBasicConstraints(v);
        break;
      case '2.5.29.17': {
        const san = decodeSubjectAltName(v);
        self.subjectAltName = san;
        self.sanEmails = san.flatMap((n) => (n.type === 'rfc822Name' ? [n.value] : []));
        break;
      }
      case '1.3.6.1.5.5.7.1.1':
        self.authorityInfoAccess = decodeAuthorityInfoAccess(v);
        break;
      case '2.5.29.31':
        self.crlDistributionPoints = decodeCrlDistributionPoints(v);
        break;
      case '2.5.29.14':
        self.subjectKeyIdentifier = decodeSubjectKeyIdentifier(v);
        break;
      case '2.5.29.35':
        self.authorityKeyIdentifier = decodeAuthorityKeyIdentifier(v);
        break;
    }
  }

  get fingerprints(): Fingerprints {
    this.#fingerprints ??= Object.freeze(new LazyFingerprints(this.der));
    return this.#fingerprints;
  }

  get identity(): VietnameseIdentity {
    this.#identity ??= extractIdentity(this.subject, this.sanEmails);
    return this.#identity;
  }

  get identifiers(): readonly VietnameseIdentifier[] {
    return this.identity.identifiers;
  }

  get subjectType(): SubjectType {
    return this.identity.subjectType;
  }

  get issuerCa(): IssuerRecognition | null {
    if (this.#issuerCa === undefined) this.#issuerCa = recogniseIssuer(this.issuer);
    return this.#issuerCa;
  }

  get subjectString(): string {
    this.#subjectString ??= renderRfc4514(this.subject);
    return this.#subjectString;
  }

  get issuerString(): string {
    this.#issuerString ??= renderRfc4514(this.issuer);
    return this.#issuerString;
  }

  toPkijs(): pkijs.Certificate {
    if (!this.#pkijs) {
      try {
        this.#pkijs = pkijs.Certificate.fromBER(toArrayBuffer(this.der));
      } catch (e) {
        throw new KysoError(
          'INVALID_REQUEST',
          `pkijs could not decode the certificate: ${(e as Error).message}`,
        );
      }
    }
    return this.#pkijs;
  }

  toJSON(): Record<string, unknown> {
    const gn = (names: readonly GeneralName[]) =>
      names.map((n) => (n.type === 'directoryName' ? { type: n.type, value: renderRfc4514(n.value) } : n));
    return {
      version: this.version,
      serialNumber: this.serialNumber,
      subject: this.subject,
      subjectString: this.subjectString,
      issuer: this.issuer,
      issuerString: this.issuerString,
      notBefore: this.notBefore.toISOString(),
      notAfter: this.notAfter.toISOString(),
      publicKey: { ...this.publicKey, spki: bytesToBase64(this.publicKey.spki) },
      signatureAlgorithm: this.signatureAlgorithm,
      keyUsage: this.keyUsage,
      extendedKeyUsage: this.extendedKeyUsage,
      certificatePolicies: this.certificatePolicies,
      basicConstraints: this.basicConstraints,
      subjectAltName: gn(this.subjectAltName),
      sanEmails: this.sanEmails,
      authorityInfoAccess: {
        ocsp: this.authorityInfoAccess.ocsp,
        caIssuers: this.authorityInfoAccess.caIssuers,
      },
      crlDistributionPoints: this.crlDistributionPoints,
      subjectKeyIdentifier: this.subjectKeyIdentifier,
      authorityKeyIdentifier: this.authorityKeyIdentifier && {
        ...this.authorityKeyIdentifier,
        issuer: gn(this.authorityKeyIdentifier.issuer),
      },
      extensions: this.extensions.map((e) => ({ oid: e.oid, name: e.name, critical: e.critical })),
      selfIssued: this.selfIssued,
      fingerprints: { sha1: this.fingerprints.sha1, sha256: this.fingerprints.sha256 },
      subjectType: this.subjectType,
      identifiers: this.identifiers,
      identity: this.identity,
      issuerCa: this.issuerCa,
      der: bytesToBase64(this.der),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cache

let cacheLimit = 512;
const cache = new Map<number, ParsedCertificate[]>();
let cacheSize = 0;

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function cacheGet(key: number, der: Uint8Array): ParsedCertificate | undefined {
  const bucket = cache.get(key);
  if (!bucket) return undefined;
  const hit = bucket.find((c) => bytesEqual(c.der, der));
  if (hit) {
    cache.delete(key); // move to most-recent position
    cache.set(key, bucket);
  }
  return hit;
}

function cachePut(key: number, cert: ParsedCertificate): void {
  if (cacheLimit === 0) return;
  const bucket = cache.get(key);
  if (bucket) bucket.push(cert);
  else cache.set(key, [cert]);
  cacheSize++;
  while (cacheSize > cacheLimit) {
    const oldest = cache.keys().next().value as number;
    cacheSize -= cache.get(oldest)!.length;
    cache.delete(oldest);
  }
}

/**
 * The structure of a certificate whose description is cached (same bytes), without reading it again:
 * a login token's certificate is described first, then validated. Undefined when not cached. The
 * structure indexes the cache's own copy of the DER (never the caller's): rebase it onto a copy
 * (rebaseCertificateStructure) before keeping it.
 */
export function cachedCertificateStructure(der: Uint8Array): CertificateStructure | undefined {
  if (der.length === 0 || cacheSize === 0) return undefined;
  const hit = cacheGet(fnv1a(der), der);
  return hit ? structures.get(hit) : undefined;
}

/** Empties the description cache. */
export function clearCertificateCache(): void {
  cache.clear();
  cacheSize = 0;
}

/** Sets the maximum number of cached descriptions (default 512; 0 disables caching). */
export function setCertificateCacheLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0)
    throw new KysoError('INVALID_REQUEST', 'cache limit must be a non-negative integer');
  cacheLimit = limit;
  while (cacheSize > cacheLimit) {
    const oldest = cache.keys().next().value as number;
    cacheSize -= cache.get(oldest)!.length;
    cache.delete(oldest);
  }
}

/** Number of descriptions currently cached. */
export function certificateCacheSize(): number {
  return cacheSize;
}

/**
 * Parses one X.509 certificate (DER bytes, PEM text — the first CERTIFICATE block — or base64) into a
 * frozen `CertificateDescription`. Synchronous. The same DER returns the same cached object.
 *
 * @throws KysoError('INVALID_REQUEST') for anything that is not a well-formed DER certificate; never
 *   another error type.
 */
export function parseCertificate(input: BinaryInput): CertificateDescription {
  try {
    let der: Uint8Array;
    if (typeof input === 'string' && input.includes('-----BEGIN')) der = toDer(input, 'CERTIFICATE');
    else der = toDer(input);
    if (der.length === 0) throw new KysoError('INVALID_REQUEST', 'empty certificate');
    if (cacheLimit === 0) return new ParsedCertificate(typeof input === 'string' ? der : der.slice());
    const key = fnv1a(der);
    const cached = cacheGet(key, der);
    if (cached) return cached;
    // Own a copy: the caller may reuse its buffer, and the cache compares against these bytes.
    const parsed = new ParsedCertificate(typeof input === 'string' ? der : der.slice());
    cachePut(key, parsed);
    return parsed;
  } catch (e) {
    if (e instanceof KysoError && !e.message.startsWith('malformed DER: ')) throw e;
    const detail = e instanceof Error ? e.message.replace(/^malformed DER: /, '') : String(e);
    throw new KysoError('INVALID_REQUEST', `malformed certificate: ${detail}`);
  }
}
