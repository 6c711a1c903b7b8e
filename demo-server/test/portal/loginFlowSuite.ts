/**
 * Flow-API suite for password + OTP login, throttles and lockouts, and the account API (profile,
 * sessions with sign-out, audit log); run on SQLite and, when available, on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import { hashPassword } from '../../src/portal/security/passwordHash.js';
import {
  ApiClient,
  insertCitizenAccount,
  lastOtp,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { THU } from './registrationFlowSuite.js';

const PASSWORD = 'Biển#Xanh42';
const LIMITS = { loginFailuresPerAccount: 3, loginFailuresPerIp: 6 };

type Json = {
  id: string;
  state: string;
  messages: { code: string; text: string }[];
  session?: { csrfToken: string };
};

export function loginFlowSuite(kind: 'sqlite' | 'postgres') {
  let simulators: Simulators;
  let h: PortalHarness;
  let accountId: string;

  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await h?.close();
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    h = await startPortalHarness(simulators, {
      kind,
      instances: kind === 'postgres' ? 2 : 1,
      config: { limits: { ...DEFAULT_LIMITS, ...LIMITS } },
    });
    accountId = randomUUID();
    await insertCitizenAccount(h.db, THU, {
      id: accountId,
      passwordHash: await hashPassword(PASSWORD, h.config.pepper),
      createdAt: h.clock(),
    });
  });

  async function client(instance = 0) {
    return new ApiClient(h.instances[instance]!).start();
  }

  async function attempt(c: ApiClient, username: string, password: string) {
    const flow = (await c.post('/api/login/flows')).json() as Json;
    const r = await c.post(`/api/login/flows/${flow.id}`, { username, password, captcha: 'kiemthu' });
    return { id: flow.id, status: r.statusCode, json: r.json() as Json };
  }

  const codes = (j: Json) => j.messages.map((m) => m.code);

  describe(`password + OTP login (${kind})`, () => {
    it('signs in with password and SMS OTP, rotates the session, and shows the account', async () => {
      const c = await client();
      const cookieBefore = c.cookie;
      const r1 = await attempt(c, THU.idNumber, PASSWORD);
      expect([r1.status, r1.json.state]).toEqual([200, 'otp']);
      if (kind === 'postgres') c.app = h.instances[1]!;
      const r2 = await c.post(`/api/login/flows/${r1.id}`, { otp: await lastOtp(simulators, THU.phone) });
      const body = r2.json() as Json;
      expect(body.state).toBe('complete');
      expect(c.cookie).not.toBe(cookieBefore);
      expect(body.session?.csrfToken).toBeTruthy();
      expect(body.session?.csrfToken).not.toBe(c.csrf);
      c.csrf = body.session!.csrfToken;
      const account = await c.get('/api/account');
      expect(account.statusCode).toBe(200);
      const view = account.json();
      expect(view.account).toMatchObject({
        username: THU.idNumber,
        fullName: THU.fullName,
        verificationLevel: 2,
      });
      expect(view.account.passwordHash).toBeUndefined();
      expect(view.sessions).toHaveLength(1);
      expect(view.audit.map((e: { event: string }) => e.event)).toEqual([
        'login.succeeded',
        'login.password_ok',
      ]);
      // The old session cookie no longer works.
      const old = new ApiClient(h.instances[0]!);
      old.cookie = cookieBefore;
      expect((await old.get('/api/account')).statusCode).toBe(401);
    });

    it('wrong password and unknown account get the same generic answer', async () => {
      const c = await client();
      const wrong = await attempt(c, THU.idNumber, 'Sai#Matkhau1');
      const unknown = await attempt(c, '001099000404', 'Sai#Matkhau1');
      expect([wrong.status, wrong.json.messages]).toEqual([unknown.status, unknown.json.messages]);
      expect(codes(wrong.json)).toEqual(['LOGIN_FAILED']);
    });

    it('account lockout: threshold-1 failures still allow sign-in; the threshold locks, for known and unknown names alike', async () => {
      const c = await client();
      for (let i = 0; i < LIMITS.loginFailuresPerAccount - 1; i++)
        await attempt(c, THU.idNumber, 'Sai#Matkhau1');
      expect((await attempt(c, THU.idNumber, PASSWORD)).json.state).toBe('otp');
      for (let i = 0; i < LIMITS.loginFailuresPerAccount; i++) await attempt(c, THU.idNumber, 'Sai#Matkhau1');
      const locked = await attempt(c, THU.idNumber, PASSWORD);
      expect(codes(locked.json)).toEqual(['RATE_LIMITED']);
      for (let i = 0; i < LIMITS.loginFailuresPerAccount; i++)
        await attempt(c, '001099000404', 'Sai#Matkhau1');
      expect((await attempt(c, '001099000404', 'Sai#Matkhau1')).json.messages).toEqual(locked.json.messages);
      // The lock is temporary: 1 ms before its end still locked, at its end open again.
      h.clock.advance(DEFAULT_LIMITS.lockoutBaseMs - 1);
      expect(codes((await attempt(c, THU.idNumber, PASSWORD)).json)).toEqual(['RATE_LIMITED']);
      h.clock.advance(1);
      expect((await attempt(c, THU.idNumber, PASSWORD)).json.state).toBe('otp');
    });

    it('per-IP throttle: failures on many names from one address lock the address', async () => {
      const c = await client();
      for (let i = 0; i < LIMITS.loginFailuresPerIp; i++)
        await attempt(c, `00109900${1000 + i}`, 'Sai#Matkhau1');
      expect(codes((await attempt(c, THU.idNumber, PASSWORD)).json)).toEqual(['RATE_LIMITED']);
    });

    it('wrong OTPs count against the account and end in a lock', async () => {
      const c = await client();
      const r = await attempt(c, THU.idNumber, PASSWORD);
      const good = await lastOtp(simulators, THU.phone);
      const wrong = good === '000000' ? '111111' : '000000';
      const first = (await c.post(`/api/login/flows/${r.id}`, { otp: wrong })).json() as Json;
      expect(codes(first)).toEqual(['OTP_EXPIRED']);
      const failures = await h.db
        .selectFrom('lockouts')
        .select('failures')
        .where('key', '=', `acct:${THU.idNumber}`)
        .executeTakeFirst();
      expect(failures?.failures).toBe(1);
      // The account threshold (3) is below the per-code limit here, so the account locks first.
      await c.post(`/api/login/flows/${r.id}`, { otp: wrong });
      await c.post(`/api/login/flows/${r.id}`, { otp: wrong });
      const after = (await c.post(`/api/login/flows/${r.id}`, { otp: good })).json() as Json;
      expect(codes(after)).toEqual(['RATE_LIMITED']);
    });

    it('account page: another session can be signed out; the audit log records it', async () => {
      const a = await client();
      const b = await client(kind === 'postgres' ? 1 : 0);
      for (const c of [a, b]) {
        const r = await attempt(c, THU.idNumber, PASSWORD);
        const done = (
          await c.post(`/api/login/flows/${r.id}`, { otp: await lastOtp(simulators, THU.phone) })
        ).json() as Json;
        c.csrf = done.session!.csrfToken;
        h.clock.advance(DEFAULT_LIMITS.otpResendCooldownMs);
      }
      const view = (await a.get('/api/account')).json();
      expect(view.sessions).toHaveLength(2);
      const other = view.sessions.find((s: { current: boolean }) => !s.current);
      expect(
        (await a.post(`/api/account/sessions/${other.idHash}/revoke`, {}, { csrf: null })).statusCode,
      ).toBe(403);
      expect((await a.post(`/api/account/sessions/${other.idHash}/revoke`)).json()).toEqual({
        revoked: true,
      });
      expect((await b.get('/api/account')).statusCode).toBe(401);
      const audit = (await a.get('/api/account')).json().audit.map((e: { event: string }) => e.event);
      expect(audit[0]).toBe('session.revoked');
      const logout = await a.post('/api/logout');
      expect(logout.json().signedOut).toBe(true);
      expect((await a.get('/api/account')).statusCode).toBe(401);
    });

    it('sessions idle out after 30 minutes of inactivity', async () => {
      const c = await client();
      const r = await attempt(c, THU.idNumber, PASSWORD);
      const done = (
        await c.post(`/api/login/flows/${r.id}`, { otp: await lastOtp(simulators, THU.phone) })
      ).json() as Json;
      c.csrf = done.session!.csrfToken;
      h.clock.advance(DEFAULT_LIMITS.sessionIdleMs - 1);
      expect((await c.get('/api/account')).statusCode).toBe(200);
      h.clock.advance(DEFAULT_LIMITS.sessionIdleMs);
      expect((await c.get('/api/account')).statusCode).toBe(401);
    });
  });
}
