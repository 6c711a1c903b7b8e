/**
 * The SSO start without a reachable national portal, its per-IP throttle, and the purge of expired state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { purgeMinistryState } from '../../src/ministry/ministryApp.js';
import { type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import {
  codesOf,
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from './ministryTestKit.js';

describe('SSO start and state purge', () => {
  let simulators: Simulators;
  let h: MinistryHarness;
  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await h?.close();
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    // Port 9 (discard): nothing answers there, the national portal is "down".
    const config = ministryTestConfig(simulators.url, { nationalIssuer: 'http://127.0.0.1:9' });
    h = await startMinistryHarness({ ...config, limits: { ...config.limits, ssoStartsPerIp: 3 } });
  });

  it('says the national portal is unavailable, then throttles starts from one address', async () => {
    const c = new MinistryClient(h.app);
    for (let i = 0; i < 3; i++) {
      const r = await c.get('/dang-nhap/dvcqg');
      expect(r.statusCode).toBe(503);
      expect(codesOf(r.body)).toEqual(['NATIONAL_PORTAL_UNAVAILABLE']);
    }
    const throttled = await c.get('/dang-nhap/dvcqg');
    expect(throttled.statusCode).toBe(429);
    expect(codesOf(throttled.body)).toEqual(['TOO_MANY_REQUESTS']);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.db.selectFrom('ssoRequests').selectAll().execute()).toEqual([]);
  });

  it('purges expired sessions with their national sign-ins, flows, SSO requests and logout-token ids', async () => {
    const now = h.clock();
    const l = h.ctx.config.limits;
    await h.db
      .insertInto('sessions')
      .values([
        {
          idHash: 'a'.repeat(64),
          csrfToken: 'x',
          accountId: null,
          userAgent: '',
          ip: '',
          createdAt: now,
          lastSeenAt: now,
        },
        {
          idHash: 'b'.repeat(64),
          csrfToken: 'x',
          accountId: null,
          userAgent: '',
          ip: '',
          createdAt: now - l.sessionAbsoluteMs,
          lastSeenAt: now,
        },
      ])
      .execute();
    await h.db
      .insertInto('nationalLogins')
      .values([
        { sessionIdHash: 'a'.repeat(64), issuer: 'i', sid: 's', subject: 'u', idToken: 't', createdAt: now },
        { sessionIdHash: 'b'.repeat(64), issuer: 'i', sid: 's', subject: 'u', idToken: 't', createdAt: now },
      ])
      .execute();
    await h.db
      .insertInto('ssoRequests')
      .values([
        {
          state: 'live',
          sessionIdHash: 'a'.repeat(64),
          codeVerifier: 'v',
          nonce: 'n',
          returnTo: '/',
          expiresAt: now + 1,
        },
        {
          state: 'old',
          sessionIdHash: 'a'.repeat(64),
          codeVerifier: 'v',
          nonce: 'n',
          returnTo: '/',
          expiresAt: now - 1,
        },
      ])
      .execute();
    await h.db
      .insertInto('logoutTokens')
      .values([
        { issuer: 'i', jti: 'live', expiresAt: now + 1 },
        { issuer: 'i', jti: 'old', expiresAt: now - 1 },
      ])
      .execute();
    await purgeMinistryState(h.ctx);
    expect((await h.db.selectFrom('sessions').select('idHash').execute()).map((r) => r.idHash[0])).toEqual([
      'a',
    ]);
    expect(
      (await h.db.selectFrom('nationalLogins').select('sessionIdHash').execute()).map(
        (r) => r.sessionIdHash[0],
      ),
    ).toEqual(['a']);
    expect((await h.db.selectFrom('ssoRequests').select('state').execute()).map((r) => r.state)).toEqual([
      'live',
    ]);
    expect((await h.db.selectFrom('logoutTokens').select('jti').execute()).map((r) => r.jti)).toEqual([
      'live',
    ]);
  });
});
