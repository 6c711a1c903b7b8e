/**
 * An HTTP fetcher for OCSP (POST) and CRL (GET) URLs, with a timeout and a size cap, for servers
 * and the CLI (pages may use it too; the extension and the host never fetch — DESIGN principle 6).
 */
import { toArrayBuffer } from '../encoding/binaryInput.js';
import { KysoError } from '../protocol/kysoError.js';
import type { RevocationFetch } from '../trust/validatePath.js';

export interface HttpRevocationFetchOptions {
  /** Per-request timeout in milliseconds (default 5,000). */
  timeoutMs?: number;
  /** Largest response accepted, in bytes (default 10 MiB: national CRLs can be large). */
  maxBytes?: number;
}

export function httpRevocationFetch(options: HttpRevocationFetchOptions = {}): RevocationFetch {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  return async (url, init) => {
    if (!/^https?:\/\//i.test(url))
      throw new KysoError('INVALID_REQUEST', `unsupported revocation URL: ${url}`);
    const res = await fetch(url, {
      method: init?.method ?? 'GET',
      ...(init?.headers ? { headers: init.headers } : {}),
      ...(init?.body ? { body: toArrayBuffer(init.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    if (!res.ok) throw new KysoError('INTERNAL', `${url} answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new KysoError('INTERNAL', `${url} sent more than ${maxBytes} bytes`);
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.length > maxBytes) throw new KysoError('INTERNAL', `${url} sent more than ${maxBytes} bytes`);
    return body;
  };
}
