/**
 * How long a watching page (pageWatch.ts) waits after failed checks: the n-th failure in a row waits the
 * page's delay × 2ⁿ, at most MAX_BACKOFF_SECONDS — or the page's own delay when that is longer, so that a
 * back-off never checks more often than the page normally does.
 */

export const MAX_BACKOFF_SECONDS = 30;

/** Seconds to wait after the `failures`-th failed check in a row (0 failures: the delay itself). */
export function backOffSeconds(delaySeconds: number, failures: number): number {
  return Math.min(delaySeconds * 2 ** failures, Math.max(MAX_BACKOFF_SECONDS, delaySeconds));
}
