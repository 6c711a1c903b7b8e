/**
 * The runtime port a content script opens for its frame. The origin is read
 * once from the port's sender (the browser's word), requests are re-checked,
 * and every reply goes back on the same port, so to the same frame.
 */
import type { Runtime } from 'webextension-polyfill';
import { isPageRequest, KysoError, PAGE_PROTOCOL_VERSION } from '../../../lib/src/protocol/index.js';
import { asKysoError } from './hostErrors.js';
import { originFromSender } from './originPolicy.js';
import type { PageOperations } from './pageOperations.js';

export const PAGE_PORT_NAME = 'kyso-page';

export function servePagePort(port: Runtime.Port, operations: PageOperations, extensionId: string): void {
  const sender = port.sender;
  const tabId = sender?.tab?.id;
  let origin: string | undefined;
  let refusal: KysoError | undefined;
  if (!sender || sender.id !== extensionId || tabId === undefined) {
    port.disconnect();
    return;
  }
  try {
    origin = originFromSender(sender as Parameters<typeof originFromSender>[0]);
  } catch (e) {
    refusal = asKysoError(e);
  }
  let open = true;
  const frameGone = new AbortController();
  port.onDisconnect.addListener(() => {
    open = false;
    frameGone.abort();
  });
  const post = (message: unknown) => {
    if (open) port.postMessage(message);
  };
  port.onMessage.addListener((message: unknown) => {
    if (!isPageRequest(message)) return;
    const id = message.id;
    // Signatures sent ahead with progress events (a batch): the result then carries the rest.
    const ahead: string[] = [];
    const reply = (p: Promise<unknown>) =>
      p.then(
        (result) => post(resultMessage(id, result, ahead)),
        (e: unknown) => post({ kyso: PAGE_PROTOCOL_VERSION, id, error: asKysoError(e).toWire() }),
      );
    if (refusal || origin === undefined) {
      void reply(Promise.reject(refusal ?? new KysoError('INSECURE_ORIGIN')));
      return;
    }
    void reply(
      operations.handle(message.method, message.params, {
        origin,
        tabId,
        signal: frameGone.signal,
        onProgress: (data, part) => {
          if (!part || part.length === 0) {
            post({ kyso: PAGE_PROTOCOL_VERSION, id, event: 'progress', data });
            return;
          }
          ahead.push(...part);
          post({ kyso: PAGE_PROTOCOL_VERSION, id, event: 'progress', data, part });
        },
      }),
    );
  });
}

/**
 * The result message for the content script. When signatures went ahead with the progress events
 * (`ahead`), the result holds only the rest and `from` their count; the content script puts the
 * page's result back together (`content/streamedResult.ts`). A result that does not start with
 * the signatures sent ahead is an INTERNAL error.
 */
export function resultMessage(id: string, result: unknown, ahead: readonly string[]): unknown {
  if (ahead.length === 0) return { kyso: PAGE_PROTOCOL_VERSION, id, result };
  const signatures = (result as { signatures?: unknown } | null)?.signatures;
  if (
    !Array.isArray(signatures) ||
    signatures.length < ahead.length ||
    ahead.some((s, i) => signatures[i] !== s)
  )
    return {
      kyso: PAGE_PROTOCOL_VERSION,
      id,
      error: new KysoError('INTERNAL', 'the batch result does not follow its streamed signatures').toWire(),
    };
  return {
    kyso: PAGE_PROTOCOL_VERSION,
    id,
    result: { ...(result as object), signatures: signatures.slice(ahead.length) },
    from: ahead.length,
  };
}
