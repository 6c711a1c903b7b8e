/**
 * A portal session that ends without a sign-out — idle too long or past its absolute lifetime — ends its
 * provider session with back-channel logout, exactly once, by the periodic sweep started with the portal
 * (manual clock; the sweep runs every 20 ms of real time). Live sessions are left alone; a sign-out after
 * the sweep sends nothing more.
 */
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS, DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { type Simulators, testDatabase } from '../portalTestKit.js';
import {
  authorizationRequest,
  passwordLogin,
  type RpEndpoint,
  redeem,
  relyingParty,
  type SsoBrowser,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  signInThroughSso,
  startRpEndpoint,
  startSsoPortal,
  startSsoWorld,
  testMinistryClient,
} from './ssoTestKit.js';

const THU = { idNumber: '075197002233', fullName: 'Hồ Thị Thu', phone: '0708123456' };
const clock = manualClock(Date.now());

let world: SsoWorld;
let simulators: Simulators;
let rp: RpEndpoint;
let portal: SsoPortal;
let ministry: OidcClientMetadata;
let thuId: string;

beforeAll(async () => {
  world = await startSsoWorld({ clock, endedSessionSweepMs: 20 });
  ({ simulators, rp, portal, ministry } = world);
  thuId = await seedAccount(portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
});

afterAll(async () => {
  await world?.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (real time, at most 10 s) until the relying party has received `count` logout tokens. */
async function logoutTokens(count: number): Promise<string[]> {
  for (let i = 0; i < 500 && rp.logoutTokens.length < count; i++) await pause(20);
  return rp.logoutTokens;
}

/** A browser signed in on the portal through an authorization of the ministry; its ID token's sid. */
async function signedInThroughSso(
  on: SsoPortal = portal,
  client: OidcClientMetadata = ministry,
): Promise<{ b: SsoBrowser; sid: string }> {
  const { b, config, start, callback } = await signInThroughSso(on, simulators, client, THU);
  const { idToken } = await redeem(config, start, callback);
  return { b, sid: String(idToken.sid) };
}

async function verifiedLogout(token: string) {
  const jwks = jose.createRemoteJWKSet(new URL(`${portal.issuer}/oauth2/jwks`));
  const { payload } = await jose.jwtVerify(token, jwks, {
    issuer: portal.issuer,
    audience: ministry.client_id,
  });
  return payload;
}

describe('provider sessions of portal sessions that end without a sign-out', () => {
  it('an idle portal session ends its provider session with one back-channel logout', async () => {
    const before = rp.logoutTokens.length;
    const { b, sid } = await signedInThroughSso();
    // Still live: the sweep leaves it alone.
    await pause(150);
    expect(rp.logoutTokens.length).toBe(before);

    clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
    const tokens = await logoutTokens(before + 1);
    expect(tokens.length).toBe(before + 1);
    expect(await verifiedLogout(tokens.at(-1) ?? '')).toMatchObject({
      sub: thuId,
      sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    // Exactly once: later sweeps find nothing more to do.
    await pause(200);
    expect(rp.logoutTokens.length).toBe(before + 1);
    // The provider session is gone: a new authorization starts with the login page again.
    const again = await authorizationRequest(await relyingParty(portal.issuer, ministry), ministry);
    expect((await b.go(again.url.href)).url).toContain('/dang-nhap/luong/');
  });

  it('a portal session past its absolute lifetime (however active) does the same; a sign-out afterwards sends nothing more', async () => {
    const before = rp.logoutTokens.length;
    const { b, sid } = await signedInThroughSso();
    // Active all along: a request every 20 minutes (less than the idle timeout) for the whole lifetime.
    const step = 20 * 60_000;
    for (let t = 0; t < DEFAULT_LIMITS.sessionAbsoluteMs - step; t += step) {
      clock.advance(step);
      expect((await b.go(`${portal.issuer}/tai-khoan`)).url).toContain('/tai-khoan');
    }
    await pause(100);
    expect(rp.logoutTokens.length).toBe(before);
    clock.advance(2 * step);
    const tokens = await logoutTokens(before + 1);
    expect(tokens.length).toBe(before + 1);
    expect(await verifiedLogout(tokens.at(-1) ?? '')).toMatchObject({ sub: thuId, sid });
    // The browser's sign-out (its session already ended) sends no second logout.
    const home = await b.go(`${portal.issuer}/`);
    await b.submit(home, '/dang-xuat', {});
    await pause(100);
    expect(rp.logoutTokens.length).toBe(before + 1);
  });

  it('"Đăng nhập lại" (prompt=login) while the sweep runs: no logout, the authorization completes', async () => {
    const before = rp.logoutTokens.length;
    const { b } = await signedInThroughSso();
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, { prompt: 'login' });
    const relogin = await b.go(start.url.href);
    expect(relogin.html).toContain('data-page="sso-step-up"');
    const login = await b.submit(relogin, relogin.url, { action: 'relogin' });
    expect(login.url).toContain('/dang-nhap/luong/');
    // The portal session was replaced; several sweeps run while the citizen signs in again.
    await pause(200);
    expect(rp.logoutTokens.length).toBe(before);
    const back = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
    const done = back.left ? back : await b.submit(back, back.url, { action: 'allow' });
    expect(done.left).toBe(true);
    expect((await redeem(config, start, done.url)).idToken.sub).toBe(thuId);
    await pause(200);
    expect(rp.logoutTokens.length).toBe(before);
    // The new portal session carries the provider session: its idle timeout still ends it, once.
    clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
    expect((await logoutTokens(before + 1)).length).toBe(before + 1);
  });

  it('a sign-out before the expiry sends one logout, and the sweep none after it', async () => {
    const before = rp.logoutTokens.length;
    const { b } = await signedInThroughSso();
    const account = await b.go(`${portal.issuer}/tai-khoan`);
    await b.submit(account, '/dang-xuat', {});
    expect(rp.logoutTokens.length).toBe(before + 1);
    clock.advance(DEFAULT_LIMITS.sessionAbsoluteMs + 1000);
    await pause(200);
    expect(rp.logoutTokens.length).toBe(before + 1);
  });

  it('the sweep stops when the portal closes', async () => {
    const otherRp = await startRpEndpoint();
    const client = testMinistryClient(otherRp);
    const db = await testDatabase('sqlite');
    const other = await startSsoPortal(simulators, [client], { db, clock, endedSessionSweepMs: 10 });
    try {
      await seedAccount(db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
      await signedInThroughSso(other, client);
      await other.close();
      // The database and the relying party are still there: a sweep left running would send a logout.
      clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
      await pause(200);
      expect(otherRp.logoutTokens).toEqual([]);
      expect(
        await db.selectFrom('oidcPayloads').select('id').where('model', '=', 'PortalSessionLink').execute(),
      ).toHaveLength(1);
    } finally {
      await db.destroy();
      await otherRp.close();
    }
  });
});
