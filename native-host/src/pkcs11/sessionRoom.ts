/**
 * Whether a token has room to keep one more session held for a later sign (a prepared sign),
 * from its `C_GetTokenInfo` session counts. A token may allow only a few sessions at once
 * (`ulMaxSessionCount`); a held session must never leave a sign without a session of its own.
 */
import type { PresentToken } from './tokenInventory.js';

/** `ulMaxSessionCount` of a token with no limit (PKCS#11 CK_EFFECTIVELY_INFINITE). */
const EFFECTIVELY_INFINITE = 0;
/** CK_UNAVAILABLE_INFORMATION, as pkcs11js hands it over (~0 in a 32- or 64-bit CK_ULONG). */
const UNAVAILABLE = 0xffff_ffff;

function known(count: number): boolean {
  return Number.isFinite(count) && count >= 0 && count < UNAVAILABLE;
}

export interface SessionCounts {
  /** `ulMaxSessionCount`. */
  maxSessionCount: number;
  /** `ulSessionCount`: sessions open now, the one about to be held included. */
  sessionCount: number;
}

/**
 * True when, with the session about to be held open, one more session (a sign's own) still
 * fits. `heldHere` is the number of sessions this host has open on the token, the new one
 * included: it stands in for `ulSessionCount` when the token does not report it.
 */
export function roomToHoldSession(counts: SessionCounts, heldHere: number): boolean {
  const max = counts.maxSessionCount;
  if (!known(max) || max === EFFECTIVELY_INFINITE) return true;
  const open = known(counts.sessionCount) ? Math.max(counts.sessionCount, heldHere) : heldHere;
  return open + 1 <= max;
}

/** The token's session counts now; undefined when it cannot tell (e.g. it was removed). */
export function sessionCountsOf(token: PresentToken): SessionCounts | undefined {
  try {
    const { maxSessionCount, sessionCount } = token.module.p11.C_GetTokenInfo(token.slot);
    return { maxSessionCount, sessionCount };
  } catch {
    return undefined;
  }
}
