/**
 * Setting a password checks its limits before the argon2 hash: the per-account limit on starts (as many as
 * OTPs a phone may get in the window) and the OTP's own per-phone limits. A refused start costs no hash and
 * sends no SMS; POST /tai-khoan/mat-khau answers it with 429 and Retry-After, and with 503 + Retry-After
 * (SERVER_BUSY) when no argon2 turn comes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PASSWORD_SETTING_BUCKET,
  startPasswordSetting,
} from '../../src/ministry/accounts/passwordSetting.js';
import { type MinistryDb, openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import { loadMinistryConfig } from '../../src/ministry/ministryConfig.js';
import { createMinistryContext, type MinistryContext } from '../../src/ministry/ministryContext.js';
import { manualClock } from '../../src/portal/clock.js';
import { argon2Slots } from '../../src/portal/security/argon2Slots.js';
import {
  codesOf,
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from './ministryTestKit.js';

const PHONE = '0912000444';
const ACCOUNT = {
  id: 'b0000000-0000-4000-8000-000000000001',
  idNumber: '001099004004',
  passwordHash: null,
  nationalClaims: JSON.stringify({
    LoaiTaiKhoan: '1',
    SoDinhDanh: '001099004004',
    HoVaTen: 'Phạm Văn Sơn',
    SoDienThoai: PHONE,
  }),
};
const INPUT = { password: 'Sông#Hồng2026', confirm: 'Sông#Hồng2026' };

let db: MinistryDb;
let ctx: MinistryContext;
const clock = manualClock(Date.UTC(2026, 10, 27, 9));
const sms: string[] = [];

beforeAll(async () => {
  db = await openMinistryDatabase({ sqlitePath: ':memory:' });
  const config = loadMinistryConfig({ NODE_ENV: 'test', KYSO_SIMULATORS_URL: 'http://127.0.0.1:9' });
  ctx = createMinistryContext({
    config: { ...config, limits: { ...config.limits, otpSendsPerPhone: 3, otpResendCooldownMs: 0 } },
    db,
    clock,
    sms: {
      async sendSms(to) {
        sms.push(to);
        return { ok: true, value: true };
      },
    },
    email: { send: async () => true },
    trust: undefined,
  });
});
afterAll(async () => {
  await db?.destroy();
});

describe('password setting: limits before the hash', () => {
  it('per account: the starts past the limit are refused with a Retry-After, with no hash and no SMS', async () => {
    const hashes = vi.spyOn(argon2Slots(), 'run');
    for (let i = 0; i < 3; i++) {
      const r = await startPasswordSetting(ctx, ACCOUNT, `session-${i}`, INPUT);
      expect(r.ok).toBe(true);
    }
    expect(hashes).toHaveBeenCalledTimes(3);
    expect(sms).toEqual([PHONE, PHONE, PHONE]);
    const refused = await startPasswordSetting(ctx, ACCOUNT, 'session-x', INPUT);
    expect(refused).toMatchObject({ ok: false, code: 'OTP_SEND_LIMIT', ended: false });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(hashes).toHaveBeenCalledTimes(3);
    expect(sms).toHaveLength(3);
    const counter = await db
      .selectFrom('rateLimits')
      .select('count')
      .where('bucket', '=', PASSWORD_SETTING_BUCKET)
      .where('key', '=', ACCOUNT.id)
      .executeTakeFirstOrThrow();
    expect(counter.count).toBe(3);
    hashes.mockRestore();
  });

  it("the OTP's per-phone limit also comes before the hash (another account, same phone)", async () => {
    clock.advance(ctx.config.limits.otpSendWindowMs);
    // Three sends to the phone in a new window from other sessions of a second account.
    const other = { ...ACCOUNT, id: 'b0000000-0000-4000-8000-000000000002' };
    for (let i = 0; i < 3; i++)
      expect((await startPasswordSetting(ctx, other, `o-${i}`, INPUT)).ok).toBe(true);
    const hashes = vi.spyOn(argon2Slots(), 'run');
    const r = await startPasswordSetting(ctx, ACCOUNT, 'session-y', INPUT);
    expect(r).toMatchObject({ ok: false, code: 'OTP_SEND_LIMIT' });
    expect(hashes).not.toHaveBeenCalled();
    expect(
      await db
        .selectFrom('passwordSettings')
        .select('sessionIdHash')
        .where('sessionIdHash', '=', 'session-y')
        .execute(),
    ).toEqual([]);
    hashes.mockRestore();
  });
});

describe('POST /tai-khoan/mat-khau answers', () => {
  let h: MinistryHarness;
  let c: MinistryClient;
  const account = { ...ACCOUNT, id: 'b0000000-0000-4000-8000-000000000003' };

  beforeAll(async () => {
    h = await startMinistryHarness(ministryTestConfig('http://127.0.0.1:9'));
    await h.db
      .insertInto('accounts')
      .values({
        id: account.id,
        subject: 'congDan',
        idNumber: account.idNumber,
        fullName: 'Phạm Văn Sơn',
        dateOfBirth: null,
        gender: null,
        address: null,
        phone: PHONE,
        email: null,
        passwordHash: null,
        nationalClaims: account.nationalClaims,
        origin: 'dvcqg',
        createdAt: h.clock(),
      })
      .execute();
    const { token } = await h.ctx.sessions.create('127.0.0.1', 'test', account.id);
    c = new MinistryClient(h.app);
    c.cookie = `kyso_bca_sid=${token}`;
    expect((await c.get('/tai-khoan/mat-khau')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('429 with Retry-After past the per-account limit (no hash, no SMS)', async () => {
    const { otpSendsPerPhone, otpSendWindowMs } = h.ctx.config.limits;
    await h.db
      .insertInto('rateLimits')
      .values({
        bucket: PASSWORD_SETTING_BUCKET,
        key: account.id,
        windowStart: h.clock(),
        count: otpSendsPerPhone,
      })
      .execute();
    const hashes = vi.spyOn(argon2Slots(), 'run');
    const r = await c.post('/tai-khoan/mat-khau', INPUT);
    expect(hashes).not.toHaveBeenCalled();
    hashes.mockRestore();
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe(String(Math.ceil(otpSendWindowMs / 1000)));
    expect(codesOf(r.body)).toContain('OTP_SEND_LIMIT');
  });

  it('503 with Retry-After and SERVER_BUSY when no argon2 turn comes', async () => {
    await h.db.deleteFrom('rateLimits').execute();
    const slots = argon2Slots();
    let open!: () => void;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    const holders = Array.from({ length: slots.limit + slots.maxQueue }, () => slots.run(() => opened));
    // The SMS simulator is unreachable here: the OTP send fails before the hash unless it is reached.
    const sent = vi.spyOn(h.ctx.otp, 'send').mockImplementation(async (flowId, phone) => {
      const now = h.clock();
      await h.db
        .insertInto('otps')
        .values({ flowId, phone, codeDigest: 'x', issuedAt: now, expiresAt: now + 120_000, wrongAttempts: 0 })
        .execute();
      return { ok: true, expiresAt: now + 120_000, resendAt: now + 60_000 };
    });
    const r = await c.post('/tai-khoan/mat-khau', INPUT);
    expect(sent).toHaveBeenCalledTimes(1);
    sent.mockRestore();
    open();
    await Promise.all(holders);
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe(String(slots.retryAfterSeconds));
    expect(codesOf(r.body)).toEqual(['SERVER_BUSY']);
    expect(r.body).toContain('Hệ thống đang bận');
    // The OTP issued for the start that got no hash is withdrawn; no setting waits.
    expect(await h.db.selectFrom('otps').selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('passwordSettings').selectAll().execute()).toEqual([]);
  });
});
