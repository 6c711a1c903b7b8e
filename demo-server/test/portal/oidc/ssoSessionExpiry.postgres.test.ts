/**
 * Two portal instances on one PostgreSQL database, both sweeping ended portal sessions every 10 ms: each
 * idle session's provider session ends with exactly one back-channel logout (the link is claimed with
 * `DELETE … RETURNING`, the provider session row is deleted by one caller only).
 */
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { type Simulators, startTestSimulators, testDatabase } from '../portalTestKit.js';
import {
  authorizationRequest,
  passwordLogin,
  type RpEndpoint,
  redeem,
  relyingParty,
  SsoBrowser,
  type SsoPortal,
  seedAccount,
  startRpEndpoint,
  startSsoPortal,
  testMinistryClient,
} from './ssoTestKit.js';

const THU = { idNumber: '075197002233', fullName: 'Hồ Thị Thu', phone: '0708123456' };
const SESSIONS = 4;

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)(
  'ended portal sessions, two instances on PostgreSQL',
  () => {
    const clock = manualClock(Date.now());
    let simulators: Simulators;
    let rp: RpEndpoint;
    let portal: SsoPortal;
    let ministry: OidcClientMetadata;

    beforeAll(async () => {
      simulators = await startTestSimulators();
      rp = await startRpEndpoint();
      ministry = testMinistryClient(rp);
      const db = await testDatabase('postgres', 'kyso_portal_sso_expiry_test');
      for (const t of ['oidcPayloads', 'sessionSignIns'] as const) await db.deleteFrom(t).execute();
      portal = await startSsoPortal(simulators, [ministry], {
        instances: 2,
        db,
        clock,
        endedSessionSweepMs: 10,
      });
      await seedAccount(db, { subject: 'congDan', ...THU }, 'kyso-demo-pepper-not-for-production');
    });

    afterAll(async () => {
      await portal?.close();
      await portal?.db.destroy();
      await rp?.close();
      await simulators?.close();
    });

    it('sends one back-channel logout per idle session, whichever instance sweeps first', async () => {
      const sids: string[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const b = new SsoBrowser(portal.issuer);
        // The code is redeemed on either instance.
        const config = await relyingParty(portal.issuer, ministry, portal.origins[i % 2]);
        const start = await authorizationRequest(config, ministry);
        const login = await b.go(start.url.href);
        const consent = await passwordLogin(b, login, simulators, {
          username: THU.idNumber,
          phone: THU.phone,
        });
        const back = await b.submit(consent, consent.url, { action: 'allow' });
        sids.push(String((await redeem(config, start, back.url)).idToken.sid));
      }
      expect(new Set(sids).size).toBe(SESSIONS);
      expect(rp.logoutTokens).toHaveLength(0);

      clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
      for (let i = 0; i < 500 && rp.logoutTokens.length < SESSIONS; i++)
        await new Promise((r) => setTimeout(r, 20));
      // Both instances keep sweeping a while longer: nothing is sent twice.
      await new Promise((r) => setTimeout(r, 300));
      expect(rp.logoutTokens).toHaveLength(SESSIONS);
      const jwks = jose.createRemoteJWKSet(new URL(`${portal.issuer}/oauth2/jwks`));
      const logged: string[] = [];
      for (const token of rp.logoutTokens) {
        const { payload } = await jose.jwtVerify(token, jwks, {
          issuer: portal.issuer,
          audience: ministry.client_id,
        });
        logged.push(String(payload.sid));
      }
      expect(logged.sort()).toEqual([...sids].sort());
    });
  },
);
