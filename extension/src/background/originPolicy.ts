/**
 * Where a request comes from, as the browser says — never as the page says —
 * and whether that origin may use Kyso at all (DESIGN principle 2).
 */
import { KysoError } from '../../../lib/src/protocol/index.js';

/** What the browser tells the background about the sender of a runtime message or port. */
export interface SenderInfo {
  /** Chromium and Firefox ≥ 126: the origin of the frame that opened the port. */
  origin?: string;
  /** URL of the frame that opened the port (the frame, not the top document). */
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * The origin of the calling frame. Taken from `sender.origin` when the browser
 * provides it, else from `sender.url`. A cross-origin iframe is its own origin,
 * because the content script runs in that frame and both fields describe it.
 */
export function originFromSender(sender: SenderInfo): string {
  const raw = sender.origin && sender.origin !== 'null' ? sender.origin : sender.url;
  if (!raw) throw new KysoError('INSECURE_ORIGIN', 'the browser did not report the sender origin');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new KysoError('INSECURE_ORIGIN', 'the sender origin is not a URL');
  }
  if (url.origin === 'null') throw new KysoError('INSECURE_ORIGIN', 'opaque origins are not served');
  return url.origin;
}

function isLocalDevelopmentHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname.endsWith('.localhost');
}

/** True for https: origins and the local development origins of DESIGN.md. */
export function isServedOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLocalDevelopmentHost(url.hostname);
}

/** Throws INSECURE_ORIGIN for anything but https: and the local development origins. */
export function requireServedOrigin(origin: string): void {
  if (!isServedOrigin(origin)) throw new KysoError('INSECURE_ORIGIN', `origin not served: ${origin}`);
}
