/**
 * Progress of a `sign` of many digests, thinned out so reporting costs the
 * signing loop nothing noticeable: an event once `SIGN_PROGRESS_EVERY` more
 * digests are done or `SIGN_PROGRESS_MS` have passed since the last one, never
 * for the last digest (the reply itself says the work is done).
 */
import { SIGN_PROGRESS_EVERY, SIGN_PROGRESS_MS, type SignProgress } from '@kyso/lib/protocol';

export function throttledProgress(
  emit: (progress: SignProgress) => void,
  clock: () => number = () => performance.now(),
): (done: number, total: number) => void {
  let lastDone = 0;
  let lastAt = clock();
  return (done, total) => {
    if (done >= total) return;
    const now = clock();
    if (done - lastDone < SIGN_PROGRESS_EVERY && now - lastAt < SIGN_PROGRESS_MS) return;
    lastDone = done;
    lastAt = now;
    emit({ done, total });
  };
}
