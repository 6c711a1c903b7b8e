/**
 * A browser-like JSON client of the portal API over real HTTP: keeps the `kyso_sid` cookie and sends the
 * session's CSRF token on every POST, as docs/demo-server.md prescribes. It uses node:http with one
 * keep-alive agent per portal instead of fetch: the load generator shares the two cores with the portal it
 * measures, and fetch (undici over WHATWG streams) cost several times more CPU per request.
 */
import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

const agents = new Map<string, Agent>();

function agentFor(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 256 });
    agents.set(origin, agent);
  }
  return agent;
}

/** Closes the kept-alive connections (end of a bench). */
export function closePortalConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

interface RawAnswer {
  status: number;
  setCookie: string[];
  text: string;
}

function exchange(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method,
        agent: agentFor(u.origin),
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            setCookie: res.headers['set-cookie'] ?? [],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export class PortalSession {
  private cookie = '';
  private csrf = '';
  constructor(private baseUrl: string) {}

  /** Points later requests at another instance (several instances share one database). */
  moveTo(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  private keepCookie(setCookie: readonly string[]): void {
    for (const c of setCookie) {
      const m = /^kyso_sid=([^;]*)/.exec(c);
      if (m) this.cookie = `kyso_sid=${m[1]}`;
    }
  }

  async start(): Promise<this> {
    const res = await exchange(`${this.baseUrl}/api/session`, 'GET', { accept: 'application/json' });
    this.keepCookie(res.setCookie);
    this.csrf = String((JSON.parse(res.text) as { csrfToken: unknown }).csrfToken);
    return this;
  }

  async post(path: string, payload: Record<string, unknown>): Promise<JsonAnswer> {
    const res = await exchange(
      `${this.baseUrl}${path}`,
      'POST',
      {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': this.csrf,
        cookie: this.cookie,
      },
      JSON.stringify(payload),
    );
    this.keepCookie(res.setCookie);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    const session = body.session as { csrfToken?: unknown } | undefined;
    if (typeof session?.csrfToken === 'string') this.csrf = session.csrfToken;
    return { status: res.status, body };
  }
}

/** Flow fields the benches read. */
export function flowOf(a: JsonAnswer): { id: string; state: string; codes: string[]; nonce?: string } {
  const b = a.body as {
    id?: unknown;
    state?: unknown;
    messages?: { code: string }[];
    ui?: { nonce?: unknown };
    error?: { code?: string };
  };
  return {
    id: String(b.id),
    state: String(b.state ?? b.error?.code),
    codes: (b.messages ?? []).map((m) => m.code),
    ...(typeof b.ui?.nonce === 'string' ? { nonce: b.ui.nonce } : {}),
  };
}
