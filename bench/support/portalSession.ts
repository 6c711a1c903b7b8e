/**
 * A browser-like JSON client of the portal API over real HTTP (fetch/undici): keeps the `kyso_sid`
 * cookie and sends the session's CSRF token on every POST, as docs/demo-server.md prescribes.
 */
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

  private keepCookie(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const m = /^kyso_sid=([^;]*)/.exec(c);
      if (m) this.cookie = `kyso_sid=${m[1]}`;
    }
  }

  async start(): Promise<this> {
    const res = await fetch(`${this.baseUrl}/api/session`, { headers: { accept: 'application/json' } });
    this.keepCookie(res);
    this.csrf = String(((await res.json()) as { csrfToken: unknown }).csrfToken);
    return this;
  }

  async post(path: string, payload: Record<string, unknown>): Promise<JsonAnswer> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': this.csrf,
        cookie: this.cookie,
      },
      body: JSON.stringify(payload),
    });
    this.keepCookie(res);
    const body = (await res.json()) as Record<string, unknown>;
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
