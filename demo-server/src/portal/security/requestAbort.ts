/**
 * An AbortSignal that fires when the client goes away before its answer is written (the connection closes
 * with the response unfinished), so that work queued for it (argon2 turns) is dropped, not done for nobody.
 */
import type { ServerResponse } from 'node:http';

export function abortSignalOfResponse(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
