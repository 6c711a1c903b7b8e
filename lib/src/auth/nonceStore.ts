/**
 * Challenge nonces for login. Replay protection is the server's job: it issues a nonce, keeps it
 * (ideally in the user's session), and takes it back exactly once when the token arrives. This is the
 * small interface for that, with an in-memory implementation (single use, expiry).
 */
import { bytesToBase64 } from '../encoding/binaryInput.js';

/** 32 random bytes, base64: 44 characters, as Web eID. */
export function generateNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return bytesToBase64(bytes);
}

export interface NonceStore {
  /** Issues and remembers a fresh nonce. */
  issue(): Promise<string>;
  /**
   * Removes the nonce and reports whether it was valid: 'ok' the first time within its lifetime,
   * 'expired' after it, 'unknown' if never issued or already used.
   */
  consume(nonce: string): Promise<'ok' | 'expired' | 'unknown'>;
}

export interface InMemoryNonceStoreOptions {
  /** Lifetime in milliseconds; default 5 minutes (Web eID's default). */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** At most this many live nonces; the oldest are dropped first. Default 100,000. */
  maxEntries?: number;
}

export class InMemoryNonceStore implements NonceStore {
  private readonly entries = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: InMemoryNonceStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  async issue(): Promise<string> {
    this.sweep();
    while (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    const nonce = generateNonce();
    this.entries.set(nonce, this.now() + this.ttlMs);
    return nonce;
  }

  async consume(nonce: string): Promise<'ok' | 'expired' | 'unknown'> {
    const expiry = this.entries.get(nonce);
    if (expiry === undefined) return 'unknown';
    this.entries.delete(nonce);
    return this.now() > expiry ? 'expired' : 'ok';
  }

  /** Number of nonces held (expired ones included until swept). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const t = this.now();
    // Insertion order is expiry order (constant TTL), so stop at the first live one.
    for (const [nonce, expiry] of this.entries) {
      if (expiry >= t) break;
      this.entries.delete(nonce);
    }
  }
}
