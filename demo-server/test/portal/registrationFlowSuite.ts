/**
 * Flow-API suite for registration (methods Thuê bao di động and Bảo hiểm xã hội) against the real
 * simulators; run on SQLite and, when available, on PostgreSQL with two portal instances.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import { MESSAGES } from '../../src/portal/i18n/messages.js';
import {
  ApiClient,
  lastOtp,
  type PortalHarness,
  type Simulators,
  smsCount,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';

export const AN = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '15/03/1990',
  phone: '0912345678',
};
export const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};
const MAI = {
  idNumber: '034183009988',
  fullName: 'Phan Thị Mai',
  dateOfBirth: '27/10/1983',
  phone: '0945678123',
};
const TAI = {
  idNumber: '022096004455',
  fullName: 'Lương Văn Tài',
  dateOfBirth: '03/03/1996',
  phone: '0356789012',
};
const DUNG = {
  idNumber: '048192004567',
  bhxhCode: '4892004567',
  fullName: 'Phạm Thị Dung',
  dateOfBirth: '09/01/1992',
  phone: '0935123456',
};
const GOOD_PASSWORD = 'Sông#Hồng7x';
const CAPTCHA = { captcha: 'kiemthu' };

type Json = {
  id: string;
  state: string;
  messages: { code: string; field?: string; text: string }[];
  result?: { username: string };
  ui: { captchaSvg?: string };
};

export function registrationFlowSuite(kind: 'sqlite' | 'postgres') {
  let simulators: Simulators;
  let h: PortalHarness;
  const twoInstances = kind === 'postgres';

  beforeAll(async () => {
    simulators = await startTestSimulators();
  });
  afterAll(async () => {
    await simulators.close();
  });
  beforeEach(async () => {
    await h?.close();
    h = await startPortalHarness(simulators, { kind, instances: twoInstances ? 2 : 1 });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function client() {
    return new ApiClient(h.instances[0]!).start();
  }

  async function begin(c: ApiClient, method = 'thueBaoDiDong', subject = 'congDan') {
    const r = await c.post('/api/registration/flows', { subject, method });
    expect(r.statusCode).toBe(201);
    return r.json() as Json;
  }

  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    const r = await c.post(`/api/registration/flows/${id}`, body);
    return { status: r.statusCode, json: r.json() as Json };
  }

  function codes(j: Json) {
    return j.messages.map((m) => m.code);
  }

  async function toPassword(c: ApiClient, person: Record<string, string>, method = 'thueBaoDiDong') {
    const flow = await begin(c, method);
    const r1 = await submit(c, flow.id, { ...person, ...CAPTCHA });
    expect(r1.json.state, JSON.stringify(r1.json.messages)).toBe('otp');
    const r2 = await submit(c, flow.id, { otp: await lastOtp(simulators, person.phone!) });
    expect(r2.json.state).toBe('password');
    return flow.id;
  }

  describe(`registration by mobile subscriber (${kind}${twoInstances ? ', two instances' : ''})`, () => {
    it('registers a citizen: form → carrier → population → SMS OTP → password → account (username = CCCD)', async () => {
      const c = await client();
      const flow = await begin(c);
      expect(flow.state).toBe('collect');
      expect(flow.ui.captchaSvg).toMatch(/^<svg/);
      const r1 = await submit(c, flow.id, { ...AN, ...CAPTCHA });
      expect(r1.status).toBe(200);
      expect(r1.json.state).toBe('otp');
      expect(codes(r1.json)).toEqual(['OTP_SENT']);
      // The flow can be finished on another instance sharing the database.
      if (twoInstances) c.app = h.instances[1]!;
      const r2 = await submit(c, flow.id, { otp: await lastOtp(simulators, AN.phone) });
      expect(r2.json.state).toBe('password');
      const r3 = await submit(c, flow.id, { password: GOOD_PASSWORD, passwordConfirm: GOOD_PASSWORD });
      expect(r3.status).toBe(200);
      expect(r3.json.state).toBe('complete');
      expect(r3.json.result).toEqual({ username: AN.idNumber });
      const account = await h.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', AN.idNumber)
        .executeTakeFirstOrThrow();
      expect(account).toMatchObject({
        fullName: AN.fullName,
        phone: AN.phone,
        verificationLevel: 2,
        registrationMethod: 'thueBaoDiDong',
      });
      expect(account.passwordHash).toMatch(/^\$argon2id\$/);
      expect(account.passwordHash).not.toContain(GOOD_PASSWORD);
      const audit = await h.db
        .selectFrom('auditLog')
        .select('event')
        .where('accountId', '=', account.id)
        .execute();
      expect(audit.map((a) => a.event)).toEqual(['registration.completed']);
      // A completed flow takes no more submissions.
      expect((await c.post(`/api/registration/flows/${flow.id}`, {})).statusCode).toBe(409);
    });

    it('refuses a second account for the same CCCD with the portal notice', async () => {
      const c = await client();
      const id = await toPassword(c, AN);
      await submit(c, id, { password: GOOD_PASSWORD, passwordConfirm: GOOD_PASSWORD });
      const again = await begin(c);
      const r = await submit(c, again.id, { ...AN, ...CAPTCHA });
      expect(r.status).toBe(400);
      expect(r.json.state).toBe('collect');
      expect(r.json.messages).toEqual([
        { code: 'ACCOUNT_EXISTS', type: 'error', field: 'idNumber', text: MESSAGES.ACCOUNT_EXISTS.vi },
      ]);
    });

    it("a SIM still registered with a 9-digit CMND gets the seed's message", async () => {
      const c = await client();
      const flow = await begin(c);
      const before = await smsCount(simulators, MAI.phone);
      const r = await submit(c, flow.id, { ...MAI, ...CAPTCHA });
      expect(r.status).toBe(400);
      expect(r.json.messages[0]).toMatchObject({
        code: 'CARRIER_CMND_SIM',
        text: MESSAGES.CARRIER_CMND_SIM.vi,
      });
      expect(r.json.messages[0]!.text).toContain('CMND 9 số');
      expect(await smsCount(simulators, MAI.phone)).toBe(before);
    });

    it('a SIM that is not "chính chủ" gets the carrier-mismatch message', async () => {
      const c = await client();
      const flow = await begin(c);
      const r = await submit(c, flow.id, { ...TAI, ...CAPTCHA });
      expect(r.json.messages[0]).toMatchObject({
        code: 'CARRIER_MISMATCH',
        text: 'Thông tin đăng ký không khớp với thông tin thuê bao tại nhà mạng, vui lòng kiểm tra/đăng ký lại với nhà mạng',
      });
    });

    it('a phone of someone else, or unknown to the carriers, is a carrier mismatch', async () => {
      const c = await client();
      const r1 = await submit(c, (await begin(c)).id, { ...THU, phone: AN.phone, ...CAPTCHA });
      expect(codes(r1.json)).toEqual(['CARRIER_MISMATCH']);
      const r2 = await submit(c, (await begin(c)).id, { ...THU, phone: '0969000404', ...CAPTCHA });
      expect(codes(r2.json)).toEqual(['CARRIER_MISMATCH']);
    });

    it('carrier unavailable and timing out give their own messages', async () => {
      const c = await client();
      const r1 = await submit(c, (await begin(c)).id, { ...THU, phone: '0969000503', ...CAPTCHA });
      expect(codes(r1.json)).toEqual(['REGISTRY_UNAVAILABLE']);
      expect(r1.json.messages[0]!.text).toBe('Hệ thống đang bảo trì. Vui lòng thử lại sau');
      const r2 = await submit(c, (await begin(c)).id, { ...THU, phone: '0969000504', ...CAPTCHA });
      expect(codes(r2.json)).toEqual(['REGISTRY_TIMEOUT']);
    });

    it('a population-database mismatch does not say which field differed', async () => {
      const c = await client();
      const before = await smsCount(simulators, THU.phone);
      for (const wrong of [{ dateOfBirth: '20/12/1997' }, { fullName: 'Hồ Thị Thư' }]) {
        const r = await submit(c, (await begin(c)).id, { ...THU, ...wrong, ...CAPTCHA });
        expect(r.json.messages).toEqual([
          { code: 'POPULATION_MISMATCH', type: 'error', text: MESSAGES.POPULATION_MISMATCH.vi },
        ]);
      }
      expect(await smsCount(simulators, THU.phone)).toBe(before);
    });

    it('checks the form: each bad field gets its own message; a wrong captcha is refused', async () => {
      const c = await client();
      const flow = await begin(c);
      const r = await submit(c, flow.id, {
        idNumber: '12345',
        fullName: 'An',
        dateOfBirth: '1990-03-15',
        phone: '12345',
        ...CAPTCHA,
      });
      expect(r.json.messages.map((m) => [m.code, m.field])).toEqual([
        ['ID_NUMBER_INVALID', 'idNumber'],
        ['FULL_NAME_INVALID', 'fullName'],
        ['DATE_OF_BIRTH_INVALID', 'dateOfBirth'],
        ['PHONE_INVALID', 'phone'],
      ]);
      const r2 = await submit(c, flow.id, { ...AN, captcha: 'sai-roi' });
      expect(codes(r2.json)[0]).toBe('CAPTCHA_WRONG');
      expect(r2.json.state).toBe('collect');
      expect(r2.json.ui.captchaSvg).not.toBe(r.json.ui.captchaSvg);
    });

    it('OTP: a wrong code gets the portal text; the 5th wrong entry burns the code', async () => {
      const c = await client();
      const flow = await begin(c);
      await submit(c, flow.id, { ...AN, ...CAPTCHA });
      const good = await lastOtp(simulators, AN.phone);
      const wrong = good === '000000' ? '111111' : '000000';
      const r1 = await submit(c, flow.id, { otp: wrong });
      expect(r1.status).toBe(400);
      expect(r1.json.messages[0]).toMatchObject({ code: 'OTP_FAILED', field: 'otp' });
      expect(r1.json.messages[0]!.text).toMatch(/^Xác nhận mã OTP thất bại do các nguyên nhân sau:/);
      for (let i = 2; i < DEFAULT_LIMITS.otpMaxAttemptsPerCode; i++) await submit(c, flow.id, { otp: wrong });
      expect(codes((await submit(c, flow.id, { otp: wrong })).json)).toEqual(['OTP_TOO_MANY']);
      const r2 = await submit(c, flow.id, { otp: good });
      expect(codes(r2.json)).toEqual(['OTP_TOO_MANY']);
      expect(r2.json.state).toBe('otp');
    });

    it('OTP: valid just before 2 minutes, expired at 2 minutes; resend after the cooldown sends a new code', async () => {
      const c = await client();
      const flow = await begin(c);
      const before = await smsCount(simulators, AN.phone);
      await submit(c, flow.id, { ...AN, ...CAPTCHA });
      const first = await lastOtp(simulators, AN.phone);
      expect(codes((await submit(c, flow.id, { action: 'resend' })).json)).toEqual(['OTP_RESEND_COOLDOWN']);
      h.clock.advance(DEFAULT_LIMITS.otpTtlMs);
      expect(codes((await submit(c, flow.id, { otp: first })).json)).toEqual(['OTP_EXPIRED']);
      const resent = await submit(c, flow.id, { action: 'resend' });
      expect(codes(resent.json)).toEqual(['OTP_SENT']);
      expect(await smsCount(simulators, AN.phone)).toBe(before + 2);
      h.clock.advance(DEFAULT_LIMITS.otpTtlMs - 1);
      const ok = await submit(c, flow.id, { otp: await lastOtp(simulators, AN.phone) });
      expect(ok.json.state).toBe('password');
    });

    it('refuses weak passwords with the rule that failed, and a wrong confirmation', async () => {
      const c = await client();
      const id = await toPassword(c, AN);
      const cases: [string, string][] = [
        ['Abc@123', 'PASSWORD_RULE'],
        ['abcdefgh1!', 'PASSWORD_RULE'],
        ['Aa@123456', 'PASSWORD_COMMON'],
        [`Xy#${AN.idNumber}`, 'PASSWORD_CONTAINS_PERSONAL'],
        [`Xy#${AN.phone}`, 'PASSWORD_CONTAINS_PERSONAL'],
        [`Kq#4${'x'.repeat(125)}`, 'PASSWORD_TOO_LONG'],
      ];
      for (const [password, code] of cases) {
        const r = await submit(c, id, { password, passwordConfirm: password });
        expect([r.status, codes(r.json)], password).toEqual([400, [code]]);
      }
      const r = await submit(c, id, { password: GOOD_PASSWORD, passwordConfirm: `${GOOD_PASSWORD}x` });
      expect(codes(r.json)).toEqual(['PASSWORD_CONFIRM_MISMATCH']);
      expect(await h.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
    });

    it('CSRF: a submission without the token, with a wrong one, or without a session is refused', async () => {
      const c = await client();
      const flow = await begin(c);
      for (const csrf of [null, 'wrong-token']) {
        const r = await c.post(`/api/registration/flows/${flow.id}`, { ...AN, ...CAPTCHA }, { csrf });
        expect(r.statusCode).toBe(403);
        expect(r.json().error.code).toBe('CSRF_INVALID');
      }
      const stranger = new ApiClient(h.instances[0]!);
      const r = await stranger.post(
        '/api/registration/flows',
        { subject: 'congDan', method: 'thueBaoDiDong' },
        { csrf: c.csrf },
      );
      expect(r.statusCode).toBe(403);
      expect((await submit(c, flow.id, { ...AN, ...CAPTCHA })).json.state).toBe('otp');
    });

    it("flows expire, belong to their session, and methods follow the subject's list", async () => {
      const c = await client();
      const flow = await begin(c);
      const other = await client();
      expect((await other.get(`/api/registration/flows/${flow.id}`)).statusCode).toBe(404);
      h.clock.advance(DEFAULT_LIMITS.flowTtlMs - 1);
      expect((await c.get(`/api/registration/flows/${flow.id}`)).statusCode).toBe(200);
      h.clock.advance(1);
      // The session itself idles out after 30 minutes; the flow's 15 minutes come first.
      const expired = await c.get(`/api/registration/flows/${flow.id}`);
      expect([expired.statusCode, expired.json().error.code]).toEqual([410, 'FLOW_EXPIRED']);
      const r = await c.post('/api/registration/flows', { subject: 'doanhNghiep', method: 'thueBaoDiDong' });
      expect([r.statusCode, r.json().error.code]).toEqual([400, 'METHOD_NOT_AVAILABLE']);
    });
  });

  describe(`registration by social-insurance code (${kind})`, () => {
    it('registers a citizen whose BHXH record matches', async () => {
      const c = await client();
      const id = await toPassword(c, DUNG, 'baoHiemXaHoi');
      const r = await submit(c, id, { password: GOOD_PASSWORD, passwordConfirm: GOOD_PASSWORD });
      expect(r.json.state).toBe('complete');
      const a = await h.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', DUNG.idNumber)
        .executeTakeFirstOrThrow();
      expect(a).toMatchObject({ bhxhCode: DUNG.bhxhCode, registrationMethod: 'baoHiemXaHoi' });
    });

    it('a BHXH mismatch says the account cannot be registered, without naming the field', async () => {
      const c = await client();
      const r = await submit(c, (await begin(c, 'baoHiemXaHoi')).id, {
        ...DUNG,
        bhxhCode: '4892004568',
        ...CAPTCHA,
      });
      expect(r.json.messages).toEqual([
        { code: 'BHXH_MISMATCH', type: 'error', text: MESSAGES.BHXH_MISMATCH.vi },
      ]);
    });

    it('BHXH unavailable and timing out; a malformed code is a field error', async () => {
      const c = await client();
      const r1 = await submit(c, (await begin(c, 'baoHiemXaHoi')).id, {
        ...DUNG,
        bhxhCode: '0199000503',
        ...CAPTCHA,
      });
      expect(codes(r1.json)).toEqual(['REGISTRY_UNAVAILABLE']);
      const r2 = await submit(c, (await begin(c, 'baoHiemXaHoi')).id, {
        ...DUNG,
        bhxhCode: '0199000504',
        ...CAPTCHA,
      });
      expect(codes(r2.json)).toEqual(['REGISTRY_TIMEOUT']);
      const r3 = await submit(c, (await begin(c, 'baoHiemXaHoi')).id, {
        ...DUNG,
        bhxhCode: '12345',
        ...CAPTCHA,
      });
      expect(r3.json.messages.map((m) => [m.code, m.field])).toEqual([['BHXH_CODE_INVALID', 'bhxhCode']]);
    });
  });
}
