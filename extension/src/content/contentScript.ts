/**
 * Content script: relays Kyso page requests to the background and the replies
 * back to this same window. Tiny on purpose; does nothing until a Kyso message
 * arrives, refuses messages from other windows and malformed ones.
 */
import type { ErrorCode } from '../../../lib/src/protocol/errorCodes.js';
import {
  EXTENSION_PRESENCE_ATTRIBUTE,
  EXTENSION_READY_EVENT,
  PAGE_PROTOCOL_VERSION,
} from '../../../lib/src/protocol/pageMessages.js';
import { isPageRequest } from '../../../lib/src/protocol/requestValidation.js';
import { type FromBackground, StreamedResults } from './streamedResult.js';

const PORT_NAME = 'kyso-page';
let port: chrome.runtime.Port | undefined;
const pending = new Set<string>();
const streamed = new StreamedResults();
const origin = window.location.origin === 'null' ? '*' : window.location.origin;

function toPage(message: object): void {
  window.postMessage({ kyso: PAGE_PROTOCOL_VERSION, ...message }, origin);
}

function fail(id: string, code: ErrorCode, message: string): void {
  toPage({ id, error: { code, message } });
}

function connect(): chrome.runtime.Port {
  if (port) return port;
  const p = chrome.runtime.connect({ name: PORT_NAME });
  p.onMessage.addListener((m: { kyso?: unknown; id?: unknown; event?: unknown }) => {
    if (m?.kyso !== PAGE_PROTOCOL_VERSION || typeof m.id !== 'string' || !pending.has(m.id)) return;
    if (m.event === undefined) pending.delete(m.id);
    window.postMessage(streamed.toPage(m as FromBackground), origin);
  });
  p.onDisconnect.addListener(() => {
    port = undefined;
    for (const id of pending) {
      streamed.drop(id);
      fail(id, 'EXTENSION_UNAVAILABLE', 'the Kyso extension restarted');
    }
    pending.clear();
  });
  port = p;
  return p;
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window) return;
  const data: unknown = event.data;
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { kyso?: unknown }).kyso !== PAGE_PROTOCOL_VERSION
  )
    return;
  const d = data as { id?: unknown; method?: unknown };
  if (d.method === undefined) return; // our own acks and replies
  if (!isPageRequest(data)) {
    if (typeof d.id === 'string' && d.id.length <= 128)
      fail(d.id, 'INVALID_REQUEST', 'malformed Kyso request');
    return;
  }
  if (pending.has(data.id)) return;
  toPage({ id: data.id, ack: true });
  pending.add(data.id);
  try {
    connect().postMessage({
      kyso: PAGE_PROTOCOL_VERSION,
      id: data.id,
      method: data.method,
      params: data.params,
    });
  } catch {
    pending.delete(data.id);
    fail(data.id, 'EXTENSION_UNAVAILABLE', 'the Kyso extension is not reachable');
  }
});

document.documentElement?.setAttribute(EXTENSION_PRESENCE_ATTRIBUTE, chrome.runtime.getManifest().version);
window.dispatchEvent(new Event(EXTENSION_READY_EVENT));
