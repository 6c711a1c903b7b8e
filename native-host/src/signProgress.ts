/**
 * Progress of a `sign` of many digests, thinned out so reporting costs the
 * signing loop (and the browser, which redraws on every event) nothing
 * noticeable: at most one event every `SIGN_PROGRESS_MS`, never for the last
 * digest (the reply itself says the work is done). A USB token taking 100 ms
 * or more per RSA signature gets one event per digest; a fast token a few per batch.
 */
import { SIGN_PROGRESS_MS, type SignProgress } from '@kyso/lib/protocol';

export function throttledProgress(
  emit: (progress: SignProgress) => void,
  clock: () => number = () => performance.now(),
): (done: number, total: number) => void {
  let lastAt = clock();
  return (done, total) => {
    if (done >= total) return;
    const now = clock();
    if (now - lastAt < SIGN_PROGRESS_MS) return;
    lastAt = now;
    emit({ done, total });
  };
}
