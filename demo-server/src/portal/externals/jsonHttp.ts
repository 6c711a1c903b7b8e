/**
 * JSON over HTTP(S) to the national systems with node:http and keep-alive agents. fetch (undici over WHATWG
 * streams) cost the portal about 5 % of its CPU under login load for the one SMS per password login; a plain
 * request on a kept-alive connection costs a fraction of it. The whole exchange (connect, send, read the
 * body) must finish within `timeoutMs`.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface JsonExchange {
  status: number;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
}

/** Why an exchange produced no answer. */
export class JsonHttpError extends Error {
  constructor(readonly failure: 'timeout' | 'unavailable') {
    super(failure === 'timeout' ? 'request timed out' : 'request failed');
    this.name = 'JsonHttpError';
  }
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

/** Largest answer read (the national systems answer with a few kilobytes at most). */
const MAX_BODY_BYTES = 1024 * 1024;

export function jsonRequest(
  url: string,
  options: { method: 'GET' | 'POST'; body?: unknown; timeoutMs: number },
): Promise<JsonExchange> {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = { accept: 'application/json' };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) req.destroy(new JsonHttpError('unavailable'));
        else chunks.push(c);
      });
      res.on('end', () =>
        finish(() => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        }),
      );
      res.on('error', (e) => finish(() => reject(asFailure(e))));
    };
    const req = (https ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: options.method,
        headers,
        agent: https ? httpsAgent : httpAgent,
      },
      onAnswer,
    );
    const timer = setTimeout(() => req.destroy(new JsonHttpError('timeout')), options.timeoutMs);
    req.on('error', (e) => finish(() => reject(asFailure(e))));
    req.end(payload);
  });
}

function asFailure(e: unknown): JsonHttpError {
  return e instanceof JsonHttpError ? e : new JsonHttpError('unavailable');
}
