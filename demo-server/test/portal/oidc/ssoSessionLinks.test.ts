/**
 * The link portal session → provider session follows the portal session when it is replaced, so the sweep
 * ends the provider session when — and only when — the browser's current portal session ends: an abandoned
 * "Đăng nhập lại" still ends (the anonymous session idles out), a sign-in again on a signed-in browser does
 * not log the relying party out while the browser is signed in, and a sign-in as another account ends the
 * first account's provider session at once. (Manual clock; the sweep runs every 20 ms of real time.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS, DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import { OidcAdapter } from '../../../src/portal/oidc/oidcAdapter.js';
import { tokenHash } from '../../../src/portal/security/secretDigest.js';
import { SESSION_COOKIE } from '../../../src/portal/web/requestContext.js';
import { lastOtp } from '../portalTestKit.js';
import {
  authorizationRequest,
  PASSWORD,
  redeem,
  relyingParty,
  type SsoBrowser,
  type SsoWorld,
  seedAccount,
  signInThroughSso,
  startSsoWorld,
} from './ssoTestKit.js';

const THU = { idNumber: '075197002233', fullName: 'Hồ Thị Thu', phone: '0708123456' };
const AN = { idNumber: '001090012345', fullName: 'Nguyễn Văn An', phone: '0912345678' };
const clock = manualClock(Date.now());

let world: SsoWorld;
let thuId: string;

beforeAll(async () => {
  world = await startSsoWorld({ clock, endedSessionSweepMs: 20 });
  thuId = await seedAccount(world.portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
  await seedAccount(world.portal.db, { subject: 'congDan', ...AN }, DEVELOPMENT_PEPPER);
});
afterAll(async () => {
  await world?.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (real time, at most 10 s) until the relying party has received `count` logout tokens. */
async function logoutTokens(count: number): Promise<number> {
  for (let i = 0; i < 500 && world.rp.logoutTokens.length < count; i++) await pause(20);
  return world.rp.logoutTokens.length;
}

async function signedInThroughSso(): Promise<SsoBrowser> {
  const { b, config, start, callback } = await signInThroughSso(
    world.portal,
    world.simulators,
    world.ministry,
    THU,
  );
  await redeem(config, start, callback);
  return b;
}

/** Signs in again through the portal's own API, on the browser's current (signed-in) session. */
async function apiLogin(b: SsoBrowser, who: { idNumber: string; phone: string }): Promise<void> {
  const { issuer } = world.portal;
  const s = (await (await b.request(`${issuer}/api/session`)).json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken };
  const post = (path: string, body: unknown) =>
    b.request(`${issuer}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const flow = (await (await post('/api/login/flows', { method: 'password' })).json()) as { id: string };
  clock.advance(61_000); // past the OTP resend cooldown of an earlier login
  const step1 = await post(`/api/login/flows/${flow.id}`, {
    username: who.idNumber,
    password: PASSWORD,
    captcha: 'kiemthu',
  });
  expect(step1.status).toBe(200);
  const step2 = await post(`/api/login/flows/${flow.id}`, {
    otp: await lastOtp(world.simulators, who.phone),
  });
  expect(((await step2.json()) as { session?: unknown }).session).toBeDefined();
}

describe('provider session links follow the portal session', () => {
  it('an abandoned "Đăng nhập lại" still ends the provider session when the new portal session idles out', async () => {
    const { rp, portal, ministry } = world;
    const b = await signedInThroughSso();
    const before = rp.logoutTokens.length;
    const again = await authorizationRequest(await relyingParty(portal.issuer, ministry), ministry, {
      prompt: 'login',
    });
    const relogin = await b.go(again.url.href);
    expect(relogin.html).toContain('data-page="sso-step-up"');
    const login = await b.submit(relogin, relogin.url, { action: 'relogin' });
    expect(login.url).toContain('/dang-nhap/luong/');
    // The citizen walks away. While the new (anonymous) session lives, nothing ends.
    await pause(150);
    expect(rp.logoutTokens.length).toBe(before);
    clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
    expect(await logoutTokens(before + 1)).toBe(before + 1);
    await pause(150);
    expect(rp.logoutTokens.length).toBe(before + 1);
  });

  it('a sign-in again on a signed-in browser keeps the relying party signed in until the new session ends', async () => {
    const { rp, portal, ministry } = world;
    const b = await signedInThroughSso();
    const before = rp.logoutTokens.length;
    await apiLogin(b, THU);
    expect((await b.go(`${portal.issuer}/tai-khoan`)).url).toContain('/tai-khoan');
    // Several sweeps: the old session is gone, the new one is live — no logout.
    await pause(200);
    expect(rp.logoutTokens.length).toBe(before);
    // The provider session is still there: a new authorization needs no login.
    const again = await authorizationRequest(await relyingParty(portal.issuer, ministry), ministry);
    expect((await b.go(again.url.href)).url).not.toContain('/dang-nhap/luong/');
    clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
    expect(await logoutTokens(before + 1)).toBe(before + 1);
  });

  it("a sign-in as another account on that browser ends the first account's provider session at once", async () => {
    const { rp } = world;
    const b = await signedInThroughSso();
    const before = rp.logoutTokens.length;
    await apiLogin(b, AN);
    expect(await logoutTokens(before + 1)).toBe(before + 1);
    const token = rp.logoutTokens.at(-1) ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
    };
    expect(payload.sub).toBe(thuId);
  });

  it('an ended portal session linked to a provider session that a live one still uses ends nothing', async () => {
    const { rp, portal } = world;
    const b = await signedInThroughSso();
    const before = rp.logoutTokens.length;
    const links = new OidcAdapter(portal.db, clock, 'PortalSessionLink');
    const live = await links.find(tokenHash(b.cookies.get(SESSION_COOKIE) ?? ''));
    expect(typeof live?.uid).toBe('string');
    // The browser's earlier portal session, ended but not swept yet, linked to the same provider session.
    await links.upsert('e'.repeat(64), { uid: live?.uid }, 3600);
    await pause(200);
    expect(await links.find('e'.repeat(64))).toBeUndefined();
    expect(rp.logoutTokens.length).toBe(before);
    clock.advance(DEFAULT_LIMITS.sessionIdleMs + 1000);
    expect(await logoutTokens(before + 1)).toBe(before + 1);
  });
});
