/**
 * The page side of the page ⇄ extension protocol: `window.postMessage` on the
 * page's own window, an acknowledgement at once, then a result, an error or
 * progress events (DESIGN: page ↔ extension v1).
 */
import { PAGE_PROTOCOL_VERSION, type PageMethod } from '../protocol/pageMessages.js';
import { sdkError, sdkErrorFromWire } from './sdkErrors.js';

export interface BridgeCallOptions {
  /** Time for the whole call, user interaction included. */
  timeoutMs?: number;
  onProgress?: (data: unknown) => void;
}

export interface PageBridgeOptions {
  /** How long to wait for the content script's acknowledgement. Default 1000 ms. */
  ackTimeoutMs?: number;
  /** Default time for a call without user interaction. Default 30 s. */
  timeoutMs?: number;
}

interface Reply {
  kyso?: unknown;
  id?: unknown;
  ack?: unknown;
  result?: unknown;
  error?: unknown;
  event?: unknown;
  data?: unknown;
}

let counter = 0;
function newId(): string {
  counter += 1;
  const rand = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  return `${rand}-${counter}`;
}

export class PageBridge {
  private readonly ackTimeoutMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly win: Window,
    options: PageBridgeOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  call(
    method: PageMethod,
    params?: Record<string, unknown>,
    options: BridgeCallOptions = {},
  ): Promise<unknown> {
    const id = newId();
    const win = this.win;
    return new Promise((resolve, reject) => {
      let acked = false;
      const finish = () => {
        win.removeEventListener('message', onMessage);
        clearTimeout(ackTimer);
        clearTimeout(callTimer);
      };
      const onMessage = (event: MessageEvent) => {
        if (event.source !== win) return;
        const m = event.data as Reply;
        if (typeof m !== 'object' || m === null || m.kyso !== PAGE_PROTOCOL_VERSION || m.id !== id) return;
        if ('method' in m) return; // our own request
        if (m.ack === true) {
          acked = true;
          clearTimeout(ackTimer);
          return;
        }
        if (m.event === 'progress') {
          options.onProgress?.(m.data);
          return;
        }
        if (m.error !== undefined) {
          finish();
          reject(sdkErrorFromWire(m.error));
          return;
        }
        if ('result' in m) {
          finish();
          resolve(m.result);
        }
      };
      const ackTimer = setTimeout(() => {
        if (acked) return;
        finish();
        reject(sdkError('EXTENSION_UNAVAILABLE'));
      }, this.ackTimeoutMs);
      const callTimer = setTimeout(() => {
        finish();
        reject(sdkError('TIMEOUT'));
      }, options.timeoutMs ?? this.timeoutMs);
      win.addEventListener('message', onMessage);
      const request =
        params === undefined
          ? { kyso: PAGE_PROTOCOL_VERSION, id, method }
          : { kyso: PAGE_PROTOCOL_VERSION, id, method, params };
      win.postMessage(request, win.location.origin === 'null' ? '*' : win.location.origin);
    });
  }
}
