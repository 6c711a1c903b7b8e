/**
 * The national portal's request logs never carry the secrets that travel in URLs on its OpenID endpoints
 * (an ID token as `id_token_hint` on /oauth2/logout, a code or state on a redirect), nor cookies or CSRF
 * headers — the path and the harmless parameters stay, so the log is still useful.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildPortalApp } from '../../src/portal/portalApp.js';
import { redactUrl } from '../../src/portal/web/logging.js';
import { testConfig } from './portalTestKit.js';
import { memoryDatabase } from './testDatabase.js';

describe('request log redaction', () => {
  it('masks code, state and ID tokens in logged URLs and keeps the rest', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const db = await memoryDatabase();
    const portal = await buildPortalApp({
      config: { ...testConfig('http://127.0.0.1:9'), logLevel: 'info' },
      db,
      logStream,
      openIdProvider: { clients: [], ministryOrigin: 'http://localhost:8081' },
    });
    try {
      await portal.app.inject({
        url: '/oauth2/logout?id_token_hint=IDTOKEN-SECRET-1&post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A8081%2F&lang=en',
      });
      await portal.app.inject({
        url: '/dang-nhap?code=CODE-SECRET-2&state=STATE-SECRET-3',
        headers: { cookie: 'kyso_sid=COOKIE-SECRET-4', 'x-csrf-token': 'CSRF-SECRET-5' },
      });
    } finally {
      await portal.app.close();
      await db.destroy();
    }
    const log = lines.join('');
    expect(log).toContain('/oauth2/logout?id_token_hint=%5Bredacted%5D');
    expect(log).toContain('lang=en');
    expect(log).toContain('/dang-nhap?code=%5Bredacted%5D&state=%5Bredacted%5D');
    for (const secret of [
      'IDTOKEN-SECRET-1',
      'CODE-SECRET-2',
      'STATE-SECRET-3',
      'COOKIE-SECRET-4',
      'CSRF-SECRET-5',
    ])
      expect(log).not.toContain(secret);
  });

  it('leaves URLs without secret parameters as they are', () => {
    expect(redactUrl('/dich-vu-cong?q=ho+chieu')).toBe('/dich-vu-cong?q=ho+chieu');
    expect(redactUrl('/tai-khoan')).toBe('/tai-khoan');
  });
});
