/**
 * In-memory cache of fetched revocation data (CRLs by URL, OCSP responses by certificate),
 * each entry kept until its nextUpdate (or a short default lifetime), oldest evicted first.
 */

export interface RevocationCacheStats {
  hits: number;
  misses: number;
}

import { BoundedMap } from './boundedMap.js';

export const DEFAULT_REVOCATION_TTL_MS = 5 * 60 * 1000;

export class RevocationCache {
  private readonly entries: BoundedMap<{ value: Uint8Array; expiresAt: number }>;
  readonly stats: RevocationCacheStats = { hits: 0, misses: 0 };

  constructor(maxEntries = 500) {
    this.entries = new BoundedMap(maxEntries);
  }

  /** The cached bytes for `key` if still fresh at `now`. */
  get(key: string, now: Date = new Date()): Uint8Array | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt > now.getTime()) {
      this.stats.hits++;
      return e.value;
    }
    if (e) this.entries.delete(key);
    this.stats.misses++;
    return undefined;
  }

  /** Stores `value` until `expiresAt` (default: now + 5 minutes). Past expiry dates are not stored. */
  set(key: string, value: Uint8Array, expiresAt?: Date, now: Date = new Date()): void {
    const until = expiresAt ? expiresAt.getTime() : now.getTime() + DEFAULT_REVOCATION_TTL_MS;
    if (until <= now.getTime()) return;
    this.entries.set(key, { value, expiresAt: until });
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.stats.hits = 0;
    this.stats.misses = 0;
  }
}

/** The cache used when RevocationOptions.cache is not given. */
export const sharedRevocationCache = new RevocationCache();
