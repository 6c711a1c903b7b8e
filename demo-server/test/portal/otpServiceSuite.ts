/**
 * The OTP service's rules, shared by the SQLite and PostgreSQL runs (on PostgreSQL the per-phone count and
 * the stored code are one statement).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import type { PortalDb } from '../../src/portal/db/connect.js';
import type { NationalSystems } from '../../src/portal/externals/simulatorsClient.js';
import { OtpService } from '../../src/portal/security/otpService.js';

const FLOW = '00000000-0000-4000-8000-000000000001';
const PHONE = '0912345678';

function smsRecorder(fail = false) {
  const sent: { to: string; text: string }[] = [];
  const systems = {
    sendSms: async (to: string, text: string) => {
      if (fail) return { ok: false as const, failure: 'unavailable' as const };
      sent.push({ to, text });
      return { ok: true as const, value: true as const };
    },
  } as unknown as NationalSystems;
  return { sent, systems };
}

/** `fresh` gives a database with no codes and no counters, before each test. */
export function otpServiceSuite(label: string, fresh: () => Promise<PortalDb>): void {
  describe(`OTP service (${label})`, () => {
    let db: PortalDb;
    const clock = manualClock();
    beforeEach(async () => {
      db = await fresh();
    });
    const service = (systems: NationalSystems, limits = DEFAULT_LIMITS) =>
      new OtpService({ db, clock, limits, pepper: 'p'.repeat(32), systems, generate: () => '123456' });

    it('sends a 6-digit code and stores only a digest', async () => {
      const { sent, systems } = smsRecorder();
      const real = new OtpService({ db, clock, limits: DEFAULT_LIMITS, pepper: 'p'.repeat(32), systems });
      expect((await real.send(FLOW, PHONE)).ok).toBe(true);
      const code = /(\d{6})/.exec(sent[0]!.text)?.[1];
      expect(code).toMatch(/^\d{6}$/);
      const row = await db.selectFrom('otps').selectAll().executeTakeFirstOrThrow();
      expect(row.codeDigest).not.toContain(code);
      expect(await real.check(FLOW, code!)).toEqual({ ok: true });
      expect((await real.check(FLOW, code!)).ok).toBe(false); // single use
    });

    it('TTL: valid 1 ms before expiry, refused at expiry', async () => {
      const { systems } = smsRecorder();
      const s = service(systems);
      await s.send(FLOW, PHONE);
      clock.advance(DEFAULT_LIMITS.otpTtlMs - 1);
      expect(await s.check(FLOW, '123456')).toEqual({ ok: true });
      await s.send('00000000-0000-4000-8000-000000000002', PHONE);
      clock.advance(DEFAULT_LIMITS.otpTtlMs);
      expect(await s.check('00000000-0000-4000-8000-000000000002', '123456')).toEqual({
        ok: false,
        code: 'OTP_EXPIRED',
      });
    });

    it('wrong entries: 4 wrong then the right code succeeds (limit 5)', async () => {
      const s = service(smsRecorder().systems);
      await s.send(FLOW, PHONE);
      for (let i = 0; i < DEFAULT_LIMITS.otpMaxAttemptsPerCode - 1; i++)
        expect(await s.check(FLOW, '000000')).toMatchObject({ ok: false, code: 'OTP_FAILED' });
      expect(await s.check(FLOW, '123456')).toEqual({ ok: true });
    });

    it('wrong entries: the 5th wrong entry burns the code; the right code is then refused', async () => {
      const s = service(smsRecorder().systems);
      await s.send(FLOW, PHONE);
      for (let i = 0; i < DEFAULT_LIMITS.otpMaxAttemptsPerCode - 1; i++) await s.check(FLOW, '000000');
      expect(await s.check(FLOW, '000000')).toEqual({ ok: false, code: 'OTP_TOO_MANY' });
      expect(await s.check(FLOW, '123456')).toEqual({ ok: false, code: 'OTP_TOO_MANY' });
    });

    it('resend cooldown: refused 1 ms before, allowed at the cooldown; a resend resets attempts', async () => {
      const s = service(smsRecorder().systems);
      await s.send(FLOW, PHONE);
      await s.check(FLOW, '000000');
      clock.advance(DEFAULT_LIMITS.otpResendCooldownMs - 1);
      expect(await s.send(FLOW, PHONE)).toEqual({ ok: false, code: 'OTP_RESEND_COOLDOWN', retryAfterMs: 1 });
      clock.advance(1);
      expect((await s.send(FLOW, PHONE)).ok).toBe(true);
      const row = await db.selectFrom('otps').selectAll().executeTakeFirstOrThrow();
      expect(row.wrongAttempts).toBe(0);
    });

    it('per-phone send limit: the 5th send in the window passes, the 6th is refused and stores nothing', async () => {
      const sms = smsRecorder();
      const s = service(sms.systems, { ...DEFAULT_LIMITS, otpResendCooldownMs: 0 });
      const windowStart = clock();
      for (let i = 0; i < DEFAULT_LIMITS.otpSendsPerPhone; i++)
        expect((await s.send(FLOW, PHONE)).ok).toBe(true);
      clock.advance(1000);
      expect(await s.send(FLOW, PHONE)).toEqual({
        ok: false,
        code: 'OTP_SEND_LIMIT',
        retryAfterMs: DEFAULT_LIMITS.otpSendWindowMs - 1000,
      });
      expect(sms.sent).toHaveLength(DEFAULT_LIMITS.otpSendsPerPhone);
      const row = await db.selectFrom('otps').selectAll().executeTakeFirstOrThrow();
      expect(Number(row.issuedAt)).toBe(windowStart);
      // Another flow to the same phone is refused too (the limit is per phone), and stores no code.
      const other = '00000000-0000-4000-8000-000000000003';
      expect(await s.send(other, PHONE)).toMatchObject({ ok: false, code: 'OTP_SEND_LIMIT' });
      expect(await db.selectFrom('otps').select('flowId').where('flowId', '=', other).execute()).toEqual([]);
      // A new window: allowed again, the code replaced.
      clock.advance(DEFAULT_LIMITS.otpSendWindowMs);
      expect((await s.send(FLOW, PHONE)).ok).toBe(true);
      const renewed = await db.selectFrom('otps').selectAll().executeTakeFirstOrThrow();
      expect(Number(renewed.issuedAt)).toBe(clock());
    });

    it('concurrent sends to one phone: exactly the limit pass, and only those store a code', async () => {
      const sms = smsRecorder();
      const s = service(sms.systems, { ...DEFAULT_LIMITS, otpResendCooldownMs: 0 });
      const flows = Array.from(
        { length: 12 },
        (_, i) => `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
      );
      const results = await Promise.all(flows.map((f) => s.send(f, PHONE)));
      const passed = flows.filter((_, i) => results[i]?.ok);
      expect(passed).toHaveLength(DEFAULT_LIMITS.otpSendsPerPhone);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'OTP_SEND_LIMIT')).toBe(true);
      expect(sms.sent).toHaveLength(DEFAULT_LIMITS.otpSendsPerPhone);
      const stored = await db.selectFrom('otps').select('flowId').execute();
      expect(stored.map((r) => r.flowId).sort()).toEqual([...passed].sort());
    });

    it('a per-phone limit of 0 refuses the very first send, sends no SMS and stores no code', async () => {
      const sms = smsRecorder();
      const s = service(sms.systems, { ...DEFAULT_LIMITS, otpSendsPerPhone: 0 });
      expect(await s.send(FLOW, PHONE)).toMatchObject({ ok: false, code: 'OTP_SEND_LIMIT' });
      expect(sms.sent).toEqual([]);
      expect(await db.selectFrom('otps').selectAll().execute()).toEqual([]);
    });

    it('an SMS gateway failure leaves no usable code', async () => {
      const s = service(smsRecorder(true).systems);
      expect(await s.send(FLOW, PHONE)).toEqual({ ok: false, code: 'SMS_UNAVAILABLE' });
      expect(await db.selectFrom('otps').selectAll().execute()).toEqual([]);
    });

    it('a code for one flow does not work for another', async () => {
      const s = service(smsRecorder().systems);
      await s.send(FLOW, PHONE);
      expect((await s.check('00000000-0000-4000-8000-000000000009', '123456')).ok).toBe(false);
    });
  });
}
