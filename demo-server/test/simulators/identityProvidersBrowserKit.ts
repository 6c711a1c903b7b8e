/**
 * A minimal browser for the simulated identity providers: follows redirects by hand, keeps the provider's
 * cookies, submits the login page, and stops at the first URL outside the provider (the client's callback).
 */
export class IdentityProviderBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly providerOrigin: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.keep(res);
    return res;
  }

  /** GETs `url` and follows redirects while they stay on the provider; returns the last response and URL. */
  async follow(url: string, init: RequestInit = {}): Promise<{ res: Response; url: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location') ?? '', current).href;
      if (!next.startsWith(this.providerOrigin)) return { res, url: next };
      await res.arrayBuffer();
      current = next;
      res = await this.request(current);
    }
    return { res, url: current };
  }

  /**
   * From an authorization URL: opens the login page, submits `fields`, and returns where the provider
   * finally sends the browser (the redirect URI with code or error), or the page it shows instead.
   */
  async logIn(
    authorizationUrl: string,
    fields: Record<string, string>,
  ): Promise<{ redirect?: URL; page?: { status: number; html: string; url: string } }> {
    const login = await this.follow(authorizationUrl);
    const html = await login.res.text();
    if (!login.url.includes('/interaction/'))
      return { page: { status: login.res.status, html, url: login.url } };
    const done = await this.follow(login.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    if (done.res.status >= 300 && done.res.status < 400) return { redirect: new URL(done.url) };
    return { page: { status: done.res.status, html: await done.res.text(), url: done.url } };
  }
}
