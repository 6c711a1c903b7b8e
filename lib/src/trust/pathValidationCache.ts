/**
 * Opt-in reuse of whole successful path validations (RevocationOptions.pathCache): a relying party that
 * sees the same certificate again and again (a citizen logging in with the same USB token) gets the same
 * answer without rebuilding the path, re-checking each certificate and re-reading the OCSP answer or CRL.
 *
 * An entry is stored only for a valid result whose revocation status is `good` (never for a failure, a
 * revoked or unknown status, or a result with a REVOCATION_UNKNOWN warning), and is used only while all of
 * these hold: the validation time is not before the time it was computed for, and before the earliest of
 * the nextUpdate of every OCSP response and CRL the validation relied on, the notAfter of every
 * certificate on the path, and that time + `maxTtlMs`; the cache's own clock is before the moment it was
 * stored + `maxTtlMs`. So a revocation published later is seen at the latest when the revocation data the
 * entry relied on would have been refreshed anyway (RevocationCache keeps fetched data until nextUpdate too),
 * or after `maxTtlMs`, whichever comes first.
 *
 * The key is the exact content (not a digest) of the leaf, every trust anchor and intermediate, the CRLs
 * and stapled OCSP responses given, and every option that changes the result (policy, key usages,
 * revocation mode, requireRevocationInfo, the fetch function's identity). Most recently used entries are
 * kept, up to `maxEntries`.
 */
import { BoundedMap } from './boundedMap.js';
import { decodeTrustCertificate } from './trustCertificate.js';
import type { PathValidationResult } from './validatePath.js';

export interface PathValidationCacheOptions {
  /** Most entries kept (least recently used evicted first). Default 1000. */
  maxEntries?: number;
  /** Longest an entry is used, whatever the revocation data says. Default 5 minutes. */
  maxTtlMs?: number;
  /** Milliseconds since the epoch, for maxTtlMs (default Date.now). */
  clock?: () => number;
}

export interface PathValidationCacheStats {
  hits: number;
  misses: number;
  stored: number;
}

export const DEFAULT_PATH_CACHE_ENTRIES = 1000;
export const DEFAULT_PATH_CACHE_TTL_MS = 5 * 60 * 1000;

interface Entry {
  result: PathValidationResult;
  /** Validation times [validFrom, validUntil) this result stands for. */
  validFrom: number;
  validUntil: number;
  /** Cache clock time after which the entry is not used. */
  expiresAt: number;
}

/** An independent copy, so a caller changing its result cannot change what the next caller gets. */
function copyResult(r: PathValidationResult): PathValidationResult {
  return {
    valid: r.valid,
    path: r.path.map((d) => d.slice()),
    errors: [...r.errors],
    warnings: [...r.warnings],
    revocation: {
      status: r.revocation.status,
      perCertificate: r.revocation.perCertificate.map((p) => ({ ...p })),
    },
  };
}

/** Whether a result may be cached at all: valid, revocation good, no unknown status anywhere. */
export function isCacheablePathResult(r: PathValidationResult): boolean {
  return (
    r.valid &&
    r.errors.length === 0 &&
    r.revocation.status === 'good' &&
    !r.warnings.some((w) => w.code === 'REVOCATION_UNKNOWN')
  );
}

export class PathValidationCache {
  readonly stats: PathValidationCacheStats = { hits: 0, misses: 0, stored: 0 };
  readonly maxEntries: number;
  readonly maxTtlMs: number;
  private readonly clock: () => number;
  private readonly entries: BoundedMap<Entry>;

  constructor(options: PathValidationCacheOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_PATH_CACHE_ENTRIES));
    this.maxTtlMs = Math.max(0, options.maxTtlMs ?? DEFAULT_PATH_CACHE_TTL_MS);
    this.clock = options.clock ?? Date.now;
    this.entries = new BoundedMap(this.maxEntries);
  }

  /** The result stored under `key` if it still stands for validation time `time`. */
  get(key: string, time: Date): PathValidationResult | undefined {
    const e = this.entries.get(key);
    const t = time.getTime();
    if (e && this.clock() < e.expiresAt && t >= e.validFrom && t < e.validUntil) {
      this.entries.touch(key, e);
      this.stats.hits++;
      return copyResult(e.result);
    }
    if (e && this.clock() >= e.expiresAt) this.entries.delete(key);
    this.stats.misses++;
    return undefined;
  }

  /**
   * Stores `result`, computed for validation time `time`, until validation time `revocationUntil` (the
   * earliest nextUpdate of the revocation data used) at the latest. Results that may not be cached, and
   * lifetimes already over, are ignored.
   */
  set(key: string, result: PathValidationResult, time: Date, revocationUntil: number): void {
    if (!isCacheablePathResult(result)) return;
    const t = time.getTime();
    let until = Math.min(revocationUntil, t + this.maxTtlMs);
    for (const der of result.path) until = Math.min(until, certificateNotAfter(der));
    if (!(until > t) || this.maxTtlMs === 0) return;
    this.entries.set(key, {
      result: copyResult(result),
      validFrom: t,
      validUntil: until,
      expiresAt: this.clock() + this.maxTtlMs,
    });
    this.stats.stored++;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets every entry (e.g. after a trust-list change) and resets the statistics. */
  clear(): void {
    this.entries.clear();
    this.stats.hits = 0;
    this.stats.misses = 0;
    this.stats.stored = 0;
  }
}

/** notAfter of a certificate on a validated path (decoded once and cached by the trust module). */
function certificateNotAfter(der: Uint8Array): number {
  return decodeTrustCertificate(der).notAfter.getTime();
}
