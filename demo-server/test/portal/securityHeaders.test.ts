/** The security headers built once per portal: the same CSP on pages, API answers and errors; HSTS only under https. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/portal/web/securityHeaders.js';

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
});
