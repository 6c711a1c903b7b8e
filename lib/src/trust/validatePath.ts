/**
 * validatePath: builds candidate paths from an unordered pool, checks each (RFC 5280 §6.1),
 * checks revocation (OCSP and/or CRLs, §6.3) and returns the first fully valid path, or the
 * best failing one with every reason it fails.
 */

import type { KeyUsageName } from '../cert/oidNames.js';
import type { BinaryInput } from '../encoding/index.js';
import { toDerList } from '../encoding/index.js';
import { KysoError } from '../protocol/kysoError.js';
import { type CrlStatus, checkCrls } from './crlCheck.js';
import { type DecodedCrl, decodeCrlCached } from './crlDecode.js';
import { buildOcspRequestWithNonce, checkOcspResponse, type OcspStatus } from './ocspCheck.js';
import { PathBuilder } from './pathBuilder.js';
import { checkPath, type PathCheckOptions, type PathCheckResult } from './pathChecks.js';
import { type PathProblem, pathProblem } from './pathProblems.js';
import type { PathValidationCache } from './pathValidationCache.js';
import type { PolicySettings } from './policyTree.js';
import { type RevocationCache, sharedRevocationCache } from './revocationCache.js';
import { type SignatureVerdict, verifySignedData } from './signatureCheck.js';
import { decodeTrustCertificate, type TrustCertificate } from './trustCertificate.js';

export type RevocationMode = 'off' | 'crl' | 'ocsp' | 'ocsp-then-crl';

export type RevocationFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: Uint8Array },
) => Promise<Uint8Array>;

export interface RevocationOptions {
  /** Default: 'ocsp-then-crl' when `fetch` or `ocspResponses` is given, otherwise 'crl' from `crls`. */
  mode?: RevocationMode;
  /** CRLs known up front. */
  crls?: BinaryInput[];
  /** Stapled OCSP responses (DER OCSPResponse). */
  ocspResponses?: BinaryInput[];
  /** Network access for OCSP (POST) and CRL (GET) URLs. Without it nothing is fetched. */
  fetch?: RevocationFetch;
  /** Cache of fetched data, kept until nextUpdate. Default: a shared in-memory cache. */
  cache?: RevocationCache;
  /** Unknown revocation status is an error instead of a warning. */
  requireRevocationInfo?: boolean;
  /** Send a random nonce in fetched OCSP requests (default false: lets responders use cached answers). */
  ocspNonce?: boolean;
  /**
   * Reuse of whole successful results (opt-in), each until the earliest nextUpdate of the OCSP responses
   * and CRLs it relied on, the notAfter of its certificates, or the cache's maximum lifetime (see
   * PathValidationCache). A revocation published meanwhile is seen when that entry ends.
   */
  pathCache?: PathValidationCache;
}

export interface ValidatePathOptions {
  intermediates?: BinaryInput[];
  trustAnchors: BinaryInput[];
  /** Validation time (default: now). */
  time?: Date;
  revocation?: RevocationOptions;
  policy?: PolicySettings;
  requiredKeyUsage?: KeyUsageName[];
  requiredExtendedKeyUsage?: string[];
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'notChecked';

export interface CertificateRevocation {
  status: RevocationStatus;
  source?: 'crl' | 'ocsp';
  revokedAt?: Date;
  reason?: string;
}

export interface PathValidationResult {
  valid: boolean;
  /** leaf → anchor, DER. When no anchor was reached: the chain found so far. */
  path: Uint8Array[];
  errors: PathProblem[];
  warnings: PathProblem[];
  revocation: { status: RevocationStatus; perCertificate: CertificateRevocation[] };
}

const MAX_SIGNER_DEPTH = 6;

interface Candidate {
  certificates: TrustCertificate[];
  anchored: boolean;
  check: PathCheckResult;
  revocation?: { errors: PathProblem[]; warnings: PathProblem[]; perCertificate: CertificateRevocation[] };
}

function score(c: Candidate): number {
  return c.check.errors.length + (c.revocation?.errors.length ?? 0) + (c.anchored ? 0 : 1000);
}

class ValidationSession {
  readonly time: Date;
  private pathBuilder: PathBuilder | undefined;
  readonly pool: TrustCertificate[];
  readonly anchors: TrustCertificate[];
  readonly checkOptions: PathCheckOptions;
  /** For CRL signers: no caller key-usage or policy requirements (RFC 5280 §6.3.3 (f)). */
  readonly signerCheckOptions: PathCheckOptions;
  readonly mode: RevocationMode;
  readonly requireInfo: boolean;
  private readonly crlInputs: Uint8Array[];
  private givenCrls: Promise<DecodedCrl[]> | undefined;
  readonly stapled: Uint8Array[];
  readonly fetcher: RevocationFetch | undefined;
  readonly cache: RevocationCache;
  readonly ocspNonce: boolean;
  readonly inputWarnings: PathProblem[] = [];
  private readonly fetchedCrls = new Map<string, Promise<DecodedCrl | undefined>>();
  /** Per CRL object (never by a digest of its bytes), then per anchor. */
  private readonly crlTrust = new Map<DecodedCrl, Map<string, Promise<boolean>>>();
  private readonly pendingCrls = new Map<DecodedCrl, Set<string>>();
  private readonly signerValidity = new Map<string, Promise<boolean>>();
  private readonly statusInProgress = new Set<string>();
  private readonly pending = new Set<string>();
  /** Earliest nextUpdate (ms) of the revocation data this validation relied on. */
  revocationUntil = Number.POSITIVE_INFINITY;

  constructor(options: ValidatePathOptions) {
    this.time = options.time ?? new Date();
    const anchorDers = (options.trustAnchors ?? []).flatMap((a) => toDerList(a, 'CERTIFICATE'));
    if (anchorDers.length === 0) throw new KysoError('INVALID_REQUEST', 'no trust anchor given');
    this.anchors = anchorDers.map((d) => decodeTrustCertificate(d));
    this.pool = [];
    for (const input of options.intermediates ?? []) {
      for (const der of safeDerList(input)) {
        try {
          this.pool.push(decodeTrustCertificate(der));
        } catch {
          this.inputWarnings.push(
            pathProblem('MALFORMED_CERTIFICATE', undefined, 'an intermediate was ignored'),
          );
        }
      }
    }
    this.checkOptions = { time: this.time };
    this.signerCheckOptions = { time: this.time };
    if (options.policy) this.checkOptions.policy = options.policy;
    if (options.requiredKeyUsage) this.checkOptions.requiredKeyUsage = options.requiredKeyUsage;
    if (options.requiredExtendedKeyUsage)
      this.checkOptions.requiredExtendedKeyUsage = options.requiredExtendedKeyUsage;
    const rev = options.revocation ?? {};
    this.fetcher = rev.fetch;
    this.stapled = (rev.ocspResponses ?? []).flatMap(safeDerList);
    this.mode = rev.mode ?? (rev.fetch || this.stapled.length > 0 ? 'ocsp-then-crl' : 'crl');
    this.requireInfo = rev.requireRevocationInfo === true;
    this.cache = rev.cache ?? sharedRevocationCache;
    this.ocspNonce = rev.ocspNonce === true;
    this.crlInputs = (rev.crls ?? []).flatMap((input) => {
      const ders = safeDerList(input);
      if (ders.length === 0) this.inputWarnings.push(unreadableCrl());
      return ders;
    });
  }

  /** Built on first use: a result found in a PathValidationCache needs none. */
  get builder(): PathBuilder {
    this.pathBuilder ??= new PathBuilder(this.pool, this.anchors);
    return this.pathBuilder;
  }

  /** The CRLs given up front, decoded once per session (and cached across sessions by content). */
  private crlsGiven(): Promise<DecodedCrl[]> {
    this.givenCrls ??= (async () => {
      const out: DecodedCrl[] = [];
      for (const der of this.crlInputs) {
        const crl = await decodeCrlCached(der);
        if (crl) out.push(crl);
        else this.inputWarnings.push(unreadableCrl());
      }
      return out;
    })();
    return this.givenCrls;
  }

  /** Validates `leaf`; with `anchor`, only paths ending at that anchor count (CRL signers). */
  async validate(leaf: TrustCertificate, anchor?: TrustCertificate, depth = 0): Promise<Candidate> {
    let best: Candidate | undefined;
    for (const path of this.builder.paths(leaf)) {
      const top = path.certificates[path.certificates.length - 1]!;
      if (anchor && top.id !== anchor.id) continue;
      const candidate: Candidate = {
        certificates: path.certificates,
        anchored: true,
        check: await checkPath(path.certificates, anchor ? this.signerCheckOptions : this.checkOptions),
      };
      if (candidate.check.errors.length === 0) {
        candidate.revocation = await this.revocation(candidate.certificates, depth);
        if (candidate.revocation.errors.length === 0) return candidate;
      }
      if (!best || score(candidate) < score(best)) best = candidate;
    }
    if (!best) {
      const partial = this.builder.partialChain(leaf);
      const check = await checkPath(partial, anchor ? this.signerCheckOptions : this.checkOptions, false);
      check.errors.push(pathProblem('NO_PATH', partial.length - 1));
      return {
        certificates: partial,
        anchored: false,
        check,
        revocation: {
          errors: [],
          warnings: [],
          perCertificate: partial.map(() => ({ status: 'notChecked' })),
        },
      };
    }
    if (!best.revocation) best.revocation = await this.revocation(best.certificates, depth);
    return best;
  }

  private async revocation(
    certs: TrustCertificate[],
    depth: number,
  ): Promise<{ errors: PathProblem[]; warnings: PathProblem[]; perCertificate: CertificateRevocation[] }> {
    const errors: PathProblem[] = [];
    const warnings: PathProblem[] = [];
    const perCertificate: CertificateRevocation[] = certs.map(() => ({ status: 'notChecked' }));
    if (this.mode === 'off') return { errors, warnings, perCertificate };
    const anchor = certs[certs.length - 1]!;
    // Sequential on purpose: a pending check met again below is then a cycle (see trustCrl).
    for (let index = 0; index < certs.length - 1; index++) {
      const cert = certs[index]!;
      if (this.statusInProgress.has(cert.id)) continue;
      this.statusInProgress.add(cert.id);
      try {
        const issuer = certs[index + 1]!;
        const result = await this.certificateStatus(cert, issuer, anchor, depth);
        perCertificate[index] = result.entry;
        if (result.entry.status === 'revoked') {
          const when = result.entry.revokedAt ? result.entry.revokedAt.toISOString() : 'unknown date';
          errors.push(pathProblem('REVOKED', index, `${result.entry.reason ?? 'unspecified'}, ${when}`));
        } else if (result.entry.status === 'unknown') {
          const p = pathProblem('REVOCATION_UNKNOWN', index, result.detail);
          (this.requireInfo ? errors : warnings).push(p);
        }
      } finally {
        this.statusInProgress.delete(cert.id);
      }
    }
    errors.sort((a, b) => (a.certIndex ?? 0) - (b.certIndex ?? 0));
    warnings.sort((a, b) => (a.certIndex ?? 0) - (b.certIndex ?? 0));
    return { errors, warnings, perCertificate };
  }

  private async certificateStatus(
    cert: TrustCertificate,
    issuer: TrustCertificate,
    anchor: TrustCertificate,
    depth: number,
  ): Promise<{ entry: CertificateRevocation; detail?: string }> {
    const details: string[] = [];
    if (this.mode === 'ocsp' || this.mode === 'ocsp-then-crl') {
      const ocsp = await this.ocspStatus(cert, issuer);
      if (ocsp.status !== 'unknown') {
        this.reliedOn(ocsp.nextUpdate);
        return { entry: revocationEntry(ocsp, 'ocsp') };
      }
      if (ocsp.detail) details.push(ocsp.detail);
    }
    if (this.mode === 'crl' || this.mode === 'ocsp-then-crl') {
      const crls = [...(await this.crlsGiven()), ...(await this.fetchCrlsFor(cert))];
      const status = await checkCrls(cert, {
        time: this.time,
        crls,
        trustCrl: (crl) => this.trustCrl(crl, issuer, anchor, depth),
      });
      if (status.status !== 'unknown') {
        for (const crl of crls) this.reliedOn(crl.nextUpdate);
        return { entry: revocationEntry(status, 'crl') };
      }
      if (status.detail) details.push(status.detail);
    }
    return { entry: { status: 'unknown' }, detail: details.join('; ') || 'no revocation information' };
  }

  /** Revocation data without a nextUpdate can be replaced at any time: its result is not reused. */
  private reliedOn(nextUpdate: Date | undefined): void {
    this.revocationUntil = Math.min(
      this.revocationUntil,
      nextUpdate ? nextUpdate.getTime() : Number.NEGATIVE_INFINITY,
    );
  }

  /**
   * The PathValidationCache key of `leaf` in this session: the exact contents of the leaf, anchors and
   * intermediates (as numbers of their immutable decoded objects), of the CRLs and stapled responses (hex),
   * and every option that changes the result.
   */
  cacheKey(leaf: TrustCertificate, options: ValidatePathOptions): string {
    const settings = JSON.stringify([
      options.policy ?? null,
      options.requiredKeyUsage ?? null,
      options.requiredExtendedKeyUsage ?? null,
      this.mode,
      this.requireInfo,
      this.ocspNonce,
      this.fetcher ? fetcherIdentity(this.fetcher) : 0,
    ]);
    return [
      settings,
      certificateNumber(leaf),
      this.anchors.map(certificateNumber).join(','),
      this.pool.map(certificateNumber).join(','),
      this.crlInputs.map(hexOfBytes).join(','),
      this.stapled.map(hexOfBytes).join(','),
      String(this.inputWarnings.length),
    ].join('#');
  }

  private async ocspStatus(cert: TrustCertificate, issuer: TrustCertificate): Promise<OcspStatus> {
    let last: OcspStatus = { status: 'unknown', detail: 'no OCSP response' };
    for (const der of this.stapled) {
      const s = await checkOcspResponse(der, cert, issuer, this.time);
      if (s.status !== 'unknown') return s;
      if (s.detail !== 'OCSP response does not cover the certificate' || last.detail === 'no OCSP response')
        last = s;
    }
    if (!this.fetcher || cert.ocspUrls.length === 0) return last;
    const cacheKey = `ocsp|${issuer.subject.key}|${issuer.subjectKeyId ?? ''}|${cert.serialHex}`;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      const s = await checkOcspResponse(cached, cert, issuer, this.time);
      if (s.status !== 'unknown') return s;
    }
    for (const url of cert.ocspUrls) {
      try {
        const request = await buildOcspRequestWithNonce(cert, issuer, { nonce: this.ocspNonce });
        const body = await this.fetcher(url, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
          body: request.der,
        });
        const s = await checkOcspResponse(body, cert, issuer, this.time, request.nonce);
        if (s.status !== 'unknown') {
          this.cache.set(cacheKey, body, s.nextUpdate);
          return s;
        }
        last = s;
      } catch {
        last = { status: 'unknown', detail: `OCSP responder ${url} unreachable` };
      }
    }
    return last;
  }

  private async fetchCrlsFor(cert: TrustCertificate): Promise<DecodedCrl[]> {
    const fetcher = this.fetcher;
    if (!fetcher) return [];
    const urls = [...(cert.distributionPoints ?? []), ...(cert.freshestCrl ?? [])].flatMap((dp) => dp.urls);
    const out: DecodedCrl[] = [];
    for (const url of urls) {
      if (!/^https?:/i.test(url)) continue;
      let p = this.fetchedCrls.get(url);
      if (!p) {
        p = (async () => {
          const key = `crl|${url}`;
          const cached = this.cache.get(key);
          if (cached) return decodeCrlCached(cached);
          try {
            const body = await fetcher(url, { method: 'GET' });
            const crl = await decodeCrlCached(body);
            if (crl) this.cache.set(key, body, crl.nextUpdate);
            return crl;
          } catch {
            return undefined;
          }
        })();
        this.fetchedCrls.set(url, p);
      }
      const crl = await p;
      if (crl) out.push(crl);
    }
    return out;
  }

  /** Is the CRL signed by an acceptable signer: cRLSign, signature, and a valid path to `anchor`? */
  private trustCrl(
    crl: DecodedCrl,
    issuer: TrustCertificate,
    anchor: TrustCertificate,
    depth: number,
  ): Promise<boolean> {
    let byAnchor = this.crlTrust.get(crl);
    if (!byAnchor) {
      byAnchor = new Map();
      this.crlTrust.set(crl, byAnchor);
    }
    let pending = this.pendingCrls.get(crl);
    if (!pending) {
      pending = new Set();
      this.pendingCrls.set(crl, pending);
    }
    // Met again while being decided: the signer's own status depends on this CRL (a CRL issuer
    // covering itself). Its signature was already verified; the outer check decides.
    if (pending.has(anchor.id)) return Promise.resolve(true);
    let p = byAnchor.get(anchor.id);
    if (!p) {
      const inProgress = pending;
      inProgress.add(anchor.id);
      p = this.findCrlSigner(crl, issuer, anchor, depth).finally(() => inProgress.delete(anchor.id));
      byAnchor.set(anchor.id, p);
    }
    return p;
  }

  private async findCrlSigner(
    crl: DecodedCrl,
    issuer: TrustCertificate,
    anchor: TrustCertificate,
    depth: number,
  ): Promise<boolean> {
    const seen = new Set<string>();
    const candidates = [issuer, anchor, ...this.pool].filter((c) => {
      if (seen.has(c.id) || c.subject.key !== crl.issuer.key) return false;
      seen.add(c.id);
      return true;
    });
    candidates.sort((a, b) => akiRank(crl, a) - akiRank(crl, b));
    for (const signer of candidates) {
      if (signer.keyUsage && !signer.keyUsage.has('cRLSign')) continue;
      const verdict = await crlSignatureVerdict(crl, signer);
      if (verdict !== 'valid') continue;
      if (signer.id === anchor.id) return true;
      if (depth >= MAX_SIGNER_DEPTH) continue;
      if (await this.signerIsValid(signer, anchor, depth + 1)) return true;
    }
    return false;
  }

  private signerIsValid(signer: TrustCertificate, anchor: TrustCertificate, depth: number): Promise<boolean> {
    const key = `${signer.id}|${anchor.id}`;
    if (this.pending.has(key)) return Promise.resolve(true);
    let p = this.signerValidity.get(key);
    if (!p) {
      this.pending.add(key);
      p = this.validate(signer, anchor, depth).then(
        (c) => c.anchored && c.check.errors.length === 0 && (c.revocation?.errors.length ?? 0) === 0,
      );
      p.finally(() => this.pending.delete(key));
      this.signerValidity.set(key, p);
    }
    return p;
  }
}

/** A number per fetch function (by identity), so results fetched through another one are not reused. */
const fetcherIds = new WeakMap<RevocationFetch, number>();
let nextFetcherId = 1;

function fetcherIdentity(f: RevocationFetch): number {
  let id = fetcherIds.get(f);
  if (id === undefined) {
    id = nextFetcherId++;
    fetcherIds.set(f, id);
  }
  return id;
}

/**
 * A number per decoded certificate object. Decoded certificates are immutable and cached by exact DER, so
 * one number stands for one content (a content decoded again after eviction only gets a new number).
 */
const certificateNumbers = new WeakMap<TrustCertificate, number>();
let nextCertificateNumber = 1;

function certificateNumber(c: TrustCertificate): number {
  let n = certificateNumbers.get(c);
  if (n === undefined) {
    n = nextCertificateNumber++;
    certificateNumbers.set(c, n);
  }
  return n;
}

function hexOfBytes(b: Uint8Array): string {
  let out = '';
  for (const x of b) out += x.toString(16).padStart(2, '0');
  return out;
}

/** CRL signature verdicts, remembered on the (cached, immutable) decoded CRL per signer. */
const crlVerdicts = new WeakMap<DecodedCrl, Map<string, Promise<SignatureVerdict>>>();

function crlSignatureVerdict(crl: DecodedCrl, signer: TrustCertificate): Promise<SignatureVerdict> {
  let memo = crlVerdicts.get(crl);
  if (!memo) {
    memo = new Map();
    crlVerdicts.set(crl, memo);
  }
  let p = memo.get(signer.id);
  if (!p) {
    p = verifySignedData({
      data: crl.pkijs.tbsView,
      signatureAlgorithm: crl.pkijs.signatureAlgorithm,
      signature: new Uint8Array(crl.pkijs.signatureValue.valueBlock.valueHexView),
      publicKey: signer.publicKey,
    });
    memo.set(signer.id, p);
  }
  return p;
}

function akiRank(crl: DecodedCrl, signer: TrustCertificate): number {
  if (!crl.authorityKeyId || !signer.subjectKeyId) return 1;
  return crl.authorityKeyId === signer.subjectKeyId ? 0 : 2;
}

function unreadableCrl(): PathProblem {
  return pathProblem('REVOCATION_UNKNOWN', undefined, 'a CRL could not be read');
}

function safeDerList(input: BinaryInput): Uint8Array[] {
  try {
    return toDerList(input);
  } catch {
    return [];
  }
}

function revocationEntry(s: CrlStatus | OcspStatus, source: 'crl' | 'ocsp'): CertificateRevocation {
  const entry: CertificateRevocation = { status: s.status, source };
  if (s.revokedAt) entry.revokedAt = s.revokedAt;
  if (s.reason) entry.reason = s.reason;
  return entry;
}

function overallStatus(per: CertificateRevocation[]): RevocationStatus {
  const checked = per.slice(0, -1);
  if (checked.some((p) => p.status === 'revoked')) return 'revoked';
  if (checked.some((p) => p.status === 'unknown')) return 'unknown';
  if (checked.length > 0 && checked.every((p) => p.status === 'good')) return 'good';
  return 'notChecked';
}

/**
 * Validates the certification path of `leaf` at `options.time` against `options.trustAnchors`.
 * Throws KysoError(INVALID_REQUEST) only for unusable input (leaf or anchors not certificates);
 * every validation failure is reported in the result.
 */
export async function validatePath(
  leaf: BinaryInput,
  options: ValidatePathOptions,
): Promise<PathValidationResult> {
  const session = new ValidationSession(options);
  const leafCert = decodeTrustCertificate(leaf);
  const pathCache = options.revocation?.pathCache;
  const key = pathCache ? session.cacheKey(leafCert, options) : undefined;
  if (pathCache && key !== undefined) {
    const hit = pathCache.get(key, session.time);
    if (hit) return hit;
  }
  let best: Candidate;
  try {
    best = await session.validate(leafCert);
  } catch (e) {
    // Every expected failure is a PathProblem; anything thrown here is a defect, reported typed.
    throw new KysoError('INTERNAL', `path validation failed unexpectedly: ${(e as Error).message}`);
  }
  const errors = [...best.check.errors, ...(best.revocation?.errors ?? [])];
  const warnings = [...session.inputWarnings, ...best.check.warnings, ...(best.revocation?.warnings ?? [])];
  const perCertificate =
    best.revocation?.perCertificate ??
    best.certificates.map((): CertificateRevocation => ({ status: 'notChecked' }));
  const result: PathValidationResult = {
    valid: errors.length === 0,
    path: best.certificates.map((c) => c.der),
    errors,
    warnings,
    revocation: { status: best.anchored ? overallStatus(perCertificate) : 'notChecked', perCertificate },
  };
  if (pathCache && key !== undefined) pathCache.set(key, result, session.time, session.revocationUntil);
  return result;
}
