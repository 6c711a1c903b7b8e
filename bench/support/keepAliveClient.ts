/**
 * The load generator's HTTP/1.1 client: one request at a time per kept-alive connection over node:net,
 * requests written as one buffer, answers read by Content-Length (or chunked). The benches' clients share
 * the two cores with the portal they measure, so what the generator spends per request is taken from the
 * portal: measured on this machine with 50 clients against a Fastify route, node:http's client cost
 * 0.27–0.38 ms of CPU per request, undici's `request` 0.30–0.54 ms, this one 0.11–0.16 ms. It speaks only
 * what the portal answers (no redirects, no 1xx, no compression); anything else rejects.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  /** Every Set-Cookie header, in order. */
  setCookie: string[];
  text: string;
}

/** An answer taking longer than this fails the request (a stuck bench is worse than a failed one). */
const ANSWER_TIMEOUT_MS = 60_000;
const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

const idle = new Map<string, Socket[]>();
const open = new Set<Socket>();

/** Closes every kept-alive connection (end of a bench). */
export function closeKeepAliveConnections(): void {
  for (const s of open) s.destroy();
  open.clear();
  idle.clear();
}

function socketFor(host: string, port: number): Socket {
  const free = idle.get(`${host}:${port}`);
  const reused = free?.pop();
  if (reused) return reused;
  const s = connect({ host, port, noDelay: true });
  open.add(s);
  s.once('close', () => {
    open.delete(s);
    const list = idle.get(`${host}:${port}`);
    const at = list?.indexOf(s) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  });
  // An idle socket the server closes is dropped by 'close'; errors on it must not crash the bench.
  s.on('error', () => {});
  return s;
}

interface Head {
  status: number;
  setCookie: string[];
  contentLength: number | undefined;
  chunked: boolean;
  close: boolean;
}

function parseHead(head: string): Head {
  const lines = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
  if (!Number.isInteger(status)) throw new Error(`not an HTTP/1.1 answer: ${lines[0]}`);
  const out: Head = { status, setCookie: [], contentLength: undefined, chunked: false, close: false };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'set-cookie') out.setCookie.push(value);
    else if (name === 'content-length') out.contentLength = Number(value);
    else if (name === 'transfer-encoding') out.chunked = value.toLowerCase().includes('chunked');
    else if (name === 'connection') out.close = value.toLowerCase() === 'close';
  }
  return out;
}

/** The body of a complete chunked message starting at `buf[0]`, or undefined while incomplete. */
function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isInteger(size) || size < 0) throw new Error('bad chunk size');
    const start = lineEnd + 2;
    if (size === 0) return buf.length >= start + 2 ? Buffer.concat(parts) : undefined;
    if (buf.length < start + size + 2) return undefined;
    parts.push(buf.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** One request on a kept-alive connection to `url`'s host. */
export function exchange(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  const u = new URL(url);
  const host = u.hostname;
  const port = Number(u.port || 80);
  let request = `${method} ${u.pathname}${u.search} HTTP/1.1\r\nhost: ${u.host}\r\n`;
  for (const [k, v] of Object.entries(headers)) request += `${k}: ${v}\r\n`;
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (payload) request += `content-length: ${payload.length}\r\n`;
  request += '\r\n';
  const bytes = payload
    ? Buffer.concat([Buffer.from(request, 'latin1'), payload])
    : Buffer.from(request, 'latin1');
  const socket = socketFor(host, port);
  return new Promise<RawAnswer>((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    let head: Head | undefined;
    let bodyStart = 0;
    const settle = (f: () => void, keep: boolean) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (keep) {
        const key = `${host}:${port}`;
        const list = idle.get(key);
        if (list) list.push(socket);
        else idle.set(key, [socket]);
      } else socket.destroy();
      f();
    };
    const fail = (e: Error) => settle(() => reject(e), false);
    const onClose = () => fail(new Error(`connection closed before the answer to ${method} ${url}`));
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      try {
        if (!head) {
          const end = buf.indexOf(HEADER_END);
          if (end < 0) return;
          head = parseHead(buf.subarray(0, end).toString('latin1'));
          bodyStart = end + 4;
        }
        let text: string | undefined;
        if (head.chunked) text = dechunk(buf.subarray(bodyStart))?.toString('utf8');
        else if (head.contentLength !== undefined) {
          if (buf.length - bodyStart >= head.contentLength)
            text = buf.subarray(bodyStart, bodyStart + head.contentLength).toString('utf8');
        } else throw new Error('an answer without Content-Length or chunked encoding');
        if (text === undefined) return;
        const { status, setCookie, close } = head;
        settle(() => resolve({ status, setCookie, text: text as string }), !close);
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const timer = setTimeout(
      () => fail(new Error(`no answer to ${method} ${url} within ${ANSWER_TIMEOUT_MS} ms`)),
      ANSWER_TIMEOUT_MS,
    );
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(bytes);
  });
}
