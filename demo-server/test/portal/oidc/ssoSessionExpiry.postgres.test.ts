/**
 * Two portal instances on one PostgreSQL database, both sweeping ended portal sessions every 10 ms: each
 * idle session's provider session ends with exactly one back-channel logout (the link is claimed with
 * `DELETE … RETURNING`, the provider session row is deleted by one caller only).
 */
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS, DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import type { Simulators } from '../portalTestKit.js';
import {
  type RpEndpoint,
  redeem,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  signInThroughSso,
  startSsoWorld,
} from './ssoTestKit.js';

const THU = { idNumber: '075197002233', fullName: 'Hồ Thị Thu', phone: '0708123456' };
const SESSIONS = 4;

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)(
  'ended portal sessions, two instances on PostgreSQL',
  () => {
    const clock = manualClock(Date.now());
    let world: SsoWorld;
    let simulators: Simulators;
    let rp: RpEndpoint;
    let portal: SsoPortal;
    let ministry: OidcClientMetadata;

    beforeAll(async () => {
      world = await startSsoWorld({
        postgres: 'kyso_portal_sso_expiry_test',
        instances: 2,
        clock,
        endedSessionSweepMs: 10,
      });
      ({ simulators, rp, portal, ministry } = world);
      await seedAccount(portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
    });

    afterAll(async () => {
      await world?.close();
    });

    it('sends one back-channel logout per idle session, whichever instance sweeps first', async () => {
      const sids: string[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        // The code is redeemed on either instance.
        const signedIn = await signInThroughSso(portal, simulators, ministry, THU, portal.origins[i % 2]);
        sids.push(String((await redeem(signedIn.config, signedIn.start, signedIn.callback)).idToken.sid));
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
