/**
 * A browser-like JSON client of the portal API over real HTTP: keeps the `kyso_sid` cookie and sends the
 * session's CSRF token on every POST, as docs/demo-server.md prescribes. Requests go through the benches'
 * lean keep-alive client (keepAliveClient.ts): the load generator shares the two cores with the portal it
 * measures.
 */
import { exchange } from './keepAliveClient.js';

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
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
