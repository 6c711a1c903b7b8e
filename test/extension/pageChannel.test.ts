/**
 * The page port in the background: the origin comes from the browser's sender, replies go back
 * on the same port, and only this extension's content scripts in a tab are served.
 */

import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { servePagePort } from '../../extension/src/background/pageChannel.js';
import type { OperationContext, PageOperations } from '../../extension/src/background/pageOperations.js';

const EXTENSION_ID = 'kyso@kyso.vn';

function fakePort(sender: Record<string, unknown>) {
  const posted: unknown[] = [];
  let onMessage: ((m: unknown) => void) | undefined;
  const port = {
    name: 'kyso-page',
    sender,
    postMessage: (m: unknown) => posted.push(m),
    onMessage: { addListener: (cb: (m: unknown) => void) => (onMessage = cb) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => undefined,
  } as unknown as Runtime.Port;
  return { port, posted, send: (m: unknown) => onMessage?.(m) };
}

/** Operations that answer at once; records the context they were given. */
function signingOperations(seen: OperationContext[]): PageOperations {
  return {
    handle: async (_method: string, _params: unknown, ctx: OperationContext) => {
      seen.push(ctx);
      return { signature: 'c2ln' };
    },
  } as unknown as PageOperations;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const SENDER = { id: EXTENSION_ID, tab: { id: 3 }, origin: 'https://dichvucong.gov.vn' };
const REQUEST = { kyso: 1, id: 'r1', method: 'sign', params: {} };

describe('servePagePort', () => {
  it('passes the sender origin and tab, and answers on the same port', async () => {
    const seen: OperationContext[] = [];
    const { port, posted, send } = fakePort(SENDER);
    servePagePort(port, signingOperations(seen), EXTENSION_ID);
    send(REQUEST);
    await settle();
    expect(seen[0]).toMatchObject({ origin: 'https://dichvucong.gov.vn', tabId: 3 });
    expect(posted).toEqual([{ kyso: 1, id: 'r1', result: { signature: 'c2ln' } }]);
  });

  it('refuses ports that are not this extension content script in a tab', () => {
    let disconnected = 0;
    for (const sender of [
      { ...SENDER, id: 'other@example' },
      { id: EXTENSION_ID, origin: SENDER.origin },
    ]) {
      const { port } = fakePort(sender);
      port.disconnect = () => void disconnected++;
      servePagePort(port, signingOperations([]), EXTENSION_ID);
    }
    expect(disconnected).toBe(2);
  });
});
