/**
 * Signing sessions opened ahead of the PIN (`prepareSign`), one per operation id. A held session
 * is never logged in; it ends when the `sign` naming it takes it, when released, after a time to
 * live, or when newer ones push it out (at most `max` held, the oldest closed first).
 */
import { MAX_PREPARED_SIGNS, PREPARED_SIGN_TTL_MS } from '@kyso/lib/protocol';
import { closeHeldSession, type SigningSession } from './digestSigning.js';
import type { PresentToken } from './tokenInventory.js';

function onToken(s: SigningSession, token: PresentToken): boolean {
  return s.token.module === token.module && Buffer.from(s.token.slot).equals(Buffer.from(token.slot));
}

interface Held {
  session: SigningSession;
  timer: ReturnType<typeof setTimeout>;
}

export interface PreparedSignsOptions {
  ttlMs?: number;
  max?: number;
}

export class PreparedSigns {
  private readonly held = new Map<string, Held>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(options: PreparedSignsOptions = {}) {
    this.ttlMs = options.ttlMs ?? PREPARED_SIGN_TTL_MS;
    this.max = options.max ?? MAX_PREPARED_SIGNS;
  }

  get size(): number {
    return this.held.size;
  }

  /** Holds `session` for `id`; an earlier session of the same id is closed. */
  hold(id: string, session: SigningSession): void {
    this.release(id);
    const timer = setTimeout(() => this.release(id), this.ttlMs);
    timer.unref?.();
    this.held.set(id, { session, timer });
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.max) break;
      this.release(oldest);
    }
  }

  /** Hands the session of `id` over to the caller (who must close it); undefined if not held. */
  take(id: string): SigningSession | undefined {
    const h = this.held.get(id);
    if (!h) return undefined;
    this.held.delete(id);
    clearTimeout(h.timer);
    return h.session;
  }

  /** Closes the session of `id`; false when none was held. */
  release(id: string): boolean {
    const session = this.take(id);
    if (!session) return false;
    closeHeldSession(session);
    return true;
  }

  /** How many sessions are held on this token (same module and slot). */
  heldOn(token: PresentToken): number {
    let n = 0;
    for (const h of this.held.values()) if (onToken(h.session, token)) n++;
    return n;
  }

  /**
   * Drops, without closing, every session held on this token: its slot's sessions were all
   * closed (a failed logout), and a handle closed there may already name someone else's session.
   */
  forgetToken(token: PresentToken): void {
    for (const [id, h] of [...this.held]) {
      if (!onToken(h.session, token)) continue;
      clearTimeout(h.timer);
      this.held.delete(id);
    }
  }

  releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
  }
}
