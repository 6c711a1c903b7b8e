/**
 * Progress of a `sign` of many digests, thinned out so reporting costs the
 * signing loop (and the browser, which redraws on every event) nothing
 * noticeable: at most one event every `SIGN_PROGRESS_MS`, never for the last
 * digest (the reply itself says the work is done). A USB token taking 100 ms
 * or more per RSA signature gets one event per digest; a fast token a few per batch.
 */
import { SIGN_PROGRESS_MS, type SignProgress } from '@kyso/lib/protocol';

/** Called by the signing loop after each signature, with the signatures made so far. */
export type OnSigned = (done: number, total: number, signatures: readonly string[]) => void;

/** Whether an event is due after `done` of `total` digests. */
function progressGate(clock: () => number): (done: number, total: number) => boolean {
  let lastAt = clock();
  return (done, total) => {
    if (done >= total) return false;
    const now = clock();
    if (now - lastAt < SIGN_PROGRESS_MS) return false;
    lastAt = now;
    return true;
  };
}

export function throttledProgress(
  emit: (progress: SignProgress) => void,
  clock: () => number = () => performance.now(),
): (done: number, total: number) => void {
  const due = progressGate(clock);
  return (done, total) => {
    if (due(done, total)) emit({ done, total });
  };
}

/**
 * The same events for a streamed `sign` (`SignParams.stream`): each also carries the signatures
 * made since the previous event, so the browser takes most of a large reply while the token is
 * still signing. `sent()` is how many went out in events: the reply holds the rest, from there.
 */
export function streamedProgress(
  emit: (progress: SignProgress) => void,
  clock: () => number = () => performance.now(),
): { onSigned: OnSigned; sent(): number } {
  const due = progressGate(clock);
  let sent = 0;
  return {
    onSigned: (done, total, signatures) => {
      if (!due(done, total)) return;
      emit({ done, total, signatures: signatures.slice(sent, done) });
      sent = done;
    },
    sent: () => sent,
  };
}
