/** The security headers built once per portal: the same CSP on pages, API answers and errors; HSTS only under https. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import {
  portalHelmetOptions,
  securityHeaderSet,
  securityHeaders,
} from '../../src/portal/web/securityHeaders.js';

async function headersOf(https: boolean, url: string) {
  const app = Fastify();
  app.addHook('onRequest', securityHeaders(https));
  app.get('/page', async (_req, reply) => reply.type('text/html').send('<p>x</p>'));
  app.get('/api/x', async () => ({ ok: true }));
  const res = await app.inject({ method: 'GET', url });
  await app.close();
  return res;
}

describe('securityHeaders', () => {
  it('sends a self-only CSP without inline script, no framing, nosniff, on pages and API answers alike', async () => {
    for (const url of ['/page', '/api/x', '/missing']) {
      const res = await headersOf(false, url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it("every header of helmet's defaults is sent, with helmet's values, on every request", async () => {
    for (const url of ['/page', '/api/x']) {
      const res = await headersOf(false, url);
      expect(res.headers).toMatchObject({
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('under https adds HSTS and upgrade-insecure-requests', async () => {
    const res = await headersOf(true, '/page');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  it('the set recorded once is what helmet itself sets on a live response with the same options', async () => {
    for (const https of [false, true]) {
      const perRequest = helmet(portalHelmetOptions(https));
      const server = createServer((req: IncomingMessage, res: ServerResponse) =>
        perRequest(req, res, () => res.end(JSON.stringify(res.getHeaders()))),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const live = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as Record<string, string>;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const recorded = Object.fromEntries(securityHeaderSet(https).map(([n, v]) => [n.toLowerCase(), v]));
      expect(recorded).toEqual(live);
      expect(Object.keys(recorded).length).toBeGreaterThanOrEqual(11);
    }
  });

  it('a header set on the raw response after the hook (the OpenID provider widening form-action) is kept', async () => {
    const app = Fastify();
    app.addHook('onRequest', securityHeaders(false));
    app.addHook('onRequest', async (_req, reply) => {
      const csp = String(reply.raw.getHeader('content-security-policy'));
      reply.raw.setHeader(
        'content-security-policy',
        csp.replace("form-action 'self'", "form-action 'self' https://bo.example"),
      );
    });
    app.get('/page', async () => 'x');
    const res = await app.inject({ method: 'GET', url: '/page' });
    await app.close();
    expect(res.headers['content-security-policy']).toContain("form-action 'self' https://bo.example");
  });
});
