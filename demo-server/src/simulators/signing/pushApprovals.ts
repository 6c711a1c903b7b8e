/**
 * The push-approval state machine shared by the SIM-signature MSSP and the remote-signing
 * provider (domain notes §5.6):
 *
 *   waiting --approve + PIN--> signed
 *   waiting --reject--------> rejected
 *   waiting --TTL passed----> expired
 *   any     --PIN/key locked-> keyBlocked
 *   any     --internal-------> failed
 *
 * Each protocol maps these states to its own status codes. Transactions live in memory with
 * an expiry; finished ones are kept for `retainMs` so late polls still get the outcome, and
 * the store holds at most `maxTransactions` (oldest dropped first).
 */
import { randomUUID } from 'node:crypto';

export type ApprovalState = 'waiting' | 'signed' | 'rejected' | 'expired' | 'keyBlocked' | 'failed';

export interface Approval<M> {
  readonly id: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  state: ApprovalState;
  /** When the state left `waiting`. */
  settledAt?: number;
  readonly meta: M;
  /** Wrong PINs entered for this transaction. */
  pinFailures: number;
  /** Set when signed. */
  result?: SignedResult;
}

export interface SignedResult {
  /** One raw PKCS#1 v1.5 signature per digest, in request order. */
  signatures: Buffer[];
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** Issuing CA first, up to (excluding) the root. */
  chain: Uint8Array[];
}

export interface ApprovalStoreOptions {
  ttlMs: number;
  now: () => number;
  retainMs?: number;
  maxTransactions?: number;
}

export class ApprovalStore<M> {
  readonly #items = new Map<string, Approval<M>>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #retainMs: number;
  readonly #max: number;

  constructor(options: ApprovalStoreOptions) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now;
    this.#retainMs = options.retainMs ?? 15 * 60_000;
    this.#max = options.maxTransactions ?? 10_000;
  }

  create(meta: M, initial: ApprovalState = 'waiting'): Approval<M> {
    this.#purge();
    const now = this.#now();
    const approval: Approval<M> = {
      id: randomUUID(),
      createdAt: now,
      expiresAt: now + this.#ttlMs,
      state: initial,
      meta,
      pinFailures: 0,
    };
    if (initial !== 'waiting') approval.settledAt = now;
    this.#items.set(approval.id, approval);
    while (this.#items.size > this.#max) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) break;
      this.#items.delete(oldest);
    }
    return approval;
  }

  /** The transaction with its expiry applied, or undefined. */
  get(id: string): Approval<M> | undefined {
    const a = this.#items.get(id);
    if (a) this.#expire(a);
    return a;
  }

  /** Waiting transactions matching `filter`, oldest first. */
  waiting(filter: (meta: M) => boolean): Approval<M>[] {
    const out: Approval<M>[] = [];
    for (const a of this.#items.values()) {
      this.#expire(a);
      if (a.state === 'waiting' && filter(a.meta)) out.push(a);
    }
    return out;
  }

  /** Moves a waiting transaction to a final state; false when it was no longer waiting. */
  settle(a: Approval<M>, state: Exclude<ApprovalState, 'waiting' | 'signed'>): boolean {
    this.#expire(a);
    if (a.state !== 'waiting') return false;
    a.state = state;
    a.settledAt = this.#now();
    return true;
  }

  /** Moves a waiting transaction to `signed` with its result; false when it was no longer waiting. */
  sign(a: Approval<M>, result: SignedResult): boolean {
    this.#expire(a);
    if (a.state !== 'waiting') return false;
    a.state = 'signed';
    a.settledAt = this.#now();
    a.result = result;
    return true;
  }

  #expire(a: Approval<M>): void {
    if (a.state === 'waiting' && this.#now() >= a.expiresAt) {
      a.state = 'expired';
      a.settledAt = a.expiresAt;
    }
  }

  #purge(): void {
    const limit = this.#now() - this.#retainMs;
    for (const [id, a] of this.#items) {
      this.#expire(a);
      if (a.state !== 'waiting' && (a.settledAt ?? a.createdAt) < limit) this.#items.delete(id);
    }
  }
}
