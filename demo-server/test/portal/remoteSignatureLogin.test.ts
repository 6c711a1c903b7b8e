/**
 * Login by SIM signature (SIM ký số, simulated MSSP and phone) and by personal remote signature (Chữ ký số
 * cá nhân, simulated provider and app): request → approval → signature and certificate checked → account
 * found by the certificate's CCCD/MST → session; cancellations, unknown numbers and missing accounts; the
 * login throttles.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import { RS_APP_PIN, SIM_PIN } from '../../src/simulators/index.js';
import { demoPkiPortalSuite } from './demoPkiSuite.js';
import { ApiClient, startPortalHarness } from './portalTestKit.js';

/** Nguyễn Văn An: CCCD on the SIM certificate of 0912345678. */
const AN = '001090012345';
const AN_PHONE = '0912345678';
/** Phạm Thị Dung: CCCD with a remote-signing credential. */
const DUNG = '048192004567';
/** The provider's magic CCCD without any credential. */
const NO_CREDENTIAL = '001099000404';

type Json = {
  id: string;
  state: string;
  method: string;
  messages: { code: string; field?: string; text: string }[];
  ui: { fields: string[]; verificationCode?: string };
};

describe('login by SIM signature and by remote signature', () => {
  const s = demoPkiPortalSuite({
    government: true,
    instances: 2,
    config: { limits: { ...DEFAULT_LIMITS, loginFailuresPerAccount: 2 } },
  });

  async function account(username: string, id = `acct-${username}`) {
    await s.h.db
      .insertInto('accounts')
      .values({
        id,
        username,
        subject: 'congDan',
        idNumber: username,
        fullName: 'Tên Thử Nghiệm',
        dateOfBirth: null,
        phone: null,
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 3,
        registrationMethod: 'usbKySo',
        createdAt: s.h.clock(),
      })
      .execute();
    return id;
  }
  async function begin(c: ApiClient, method: 'simKySo' | 'chuKySoCaNhan') {
    const r = await c.post('/api/login/flows', { method });
    expect(r.statusCode).toBe(201);
    const flow = r.json() as Json;
    expect([flow.method, flow.state]).toEqual([method, method === 'simKySo' ? 'phone' : 'identifier']);
    return flow;
  }
  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    const r = await c.post(`/api/login/flows/${id}`, body);
    return { status: r.statusCode, json: r.json() as Json };
  }
  const codes = (j: Json) => j.messages.map((m) => m.code);
  async function pending(
    flowId: string,
  ): Promise<{ sim?: { msspTransId: string }; remote?: { transactionId: string } }> {
    const row = await s.h.db
      .selectFrom('flows')
      .select('data')
      .where('id', '=', flowId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.data);
  }
  async function press(url: string, transactionId: string, pin: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId, pin }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    // The simulator issues the certificate on first use, "now": the portal's test clock catches up.
    s.h.clock.set(Date.now() + 1000);
  }
  async function onPhone(flowId: string, phone: string, action: 'approve' | 'reject') {
    const data = await pending(flowId);
    await press(`${s.simulators.url}/phone/84${phone.slice(1)}/${action}`, data.sim!.msspTransId, SIM_PIN);
  }
  async function inApp(flowId: string, userId: string, action: 'approve' | 'reject') {
    const data = await pending(flowId);
    await press(`${s.simulators.url}/rs/app/${userId}/${action}`, data.remote!.transactionId, RS_APP_PIN);
  }
  async function signedInAs(c: ApiClient): Promise<string | undefined> {
    const r = await c.get('/api/account');
    return r.statusCode === 200
      ? (r.json() as { account: { username: string } }).account.username
      : undefined;
  }

  it('SIM: phone → approve on the phone → signed in to the account of the certificate’s CCCD', async () => {
    const id = await account(AN);
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'simKySo');
    const sent = await submit(c, flow.id, { phone: AN_PHONE });
    expect([sent.json.state, codes(sent.json)]).toEqual(['waiting', ['SIM_LOGIN_REQUEST_SENT']]);
    expect(sent.json.ui.verificationCode).toMatch(/^\d{4}$/);
    const early = await submit(c, flow.id, { action: 'poll' });
    expect([early.json.state, codes(early.json)]).toEqual(['waiting', ['SIM_WAITING']]);
    expect(await signedInAs(c)).toBeUndefined();
    await onPhone(flow.id, AN_PHONE, 'approve');
    // Finished on the other portal instance (same database), as behind a load balancer.
    const other = Object.assign(new ApiClient(s.h.instances[1]!), { cookie: c.cookie, csrf: c.csrf });
    const done = await submit(other, flow.id, { action: 'poll' });
    expect([done.status, done.json.state]).toEqual([200, 'complete']);
    expect(await signedInAs(other)).toBe(AN);
    const audit = await s.h.db
      .selectFrom('auditLog')
      .select(['event', 'detail'])
      .where('accountId', '=', id)
      .execute();
    expect(audit.map((a) => [a.event, JSON.parse(a.detail).method])).toEqual([
      ['login.succeeded', 'simKySo'],
    ]);
    // The SIM's certificate is bound to the account on first use.
    const bound = await s.h.db.selectFrom('accountCertificates').select(['accountId', 'issuer']).execute();
    expect(bound).toMatchObject([{ accountId: id }]);
  });

  it('SIM: cancelled on the phone, unknown number, no account: refused, not signed in', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const cancelled = await begin(c, 'simKySo');
    await submit(c, cancelled.id, { phone: AN_PHONE });
    await onPhone(cancelled.id, AN_PHONE, 'reject');
    const r1 = await submit(c, cancelled.id, { action: 'poll' });
    expect([r1.status, r1.json.state, codes(r1.json)]).toEqual([400, 'phone', ['SIM_USER_CANCEL']]);
    // A number without SIM signature service gets the generic answer.
    const unknown = await begin(c, 'simKySo');
    const r2 = await submit(c, unknown.id, { phone: '0969000105' });
    expect([r2.json.state, codes(r2.json)]).toEqual(['phone', ['SIGNATURE_LOGIN_FAILED']]);
    // A valid SIM signature whose CCCD has no account.
    const noAccount = await begin(c, 'simKySo');
    await submit(c, noAccount.id, { phone: AN_PHONE });
    await onPhone(noAccount.id, AN_PHONE, 'approve');
    const r3 = await submit(c, noAccount.id, { action: 'poll' });
    expect([r3.json.state, codes(r3.json)]).toEqual(['phone', ['CERT_NO_ACCOUNT']]);
    expect(await signedInAs(c)).toBeUndefined();
    // Two failures for this number lock it (loginFailuresPerAccount = 2) even once an account exists.
    await account(AN);
    const locked = await begin(c, 'simKySo');
    expect(codes((await submit(c, locked.id, { phone: AN_PHONE })).json)).toEqual(['RATE_LIMITED']);
  });

  it('remote signature: CCCD → approve in the app → signed in; the waiting page links to the app', async () => {
    await account(DUNG);
    const c = await new ApiClient(s.h.instances[0]!).start();
    const loginPage = (await c.get((await c.get('/dang-nhap')).headers.location as string)).body;
    expect(loginPage).toContain('href="/dang-nhap/sim-ky-so"');
    expect(loginPage).toContain('href="/dang-nhap/chu-ky-so-ca-nhan"');
    const simStart = await c.get('/dang-nhap/sim-ky-so');
    expect((await c.get(simStart.headers.location as string)).body).toContain('data-flow-state="phone"');
    const start = await c.get('/dang-nhap/chu-ky-so-ca-nhan');
    const url = start.headers.location as string;
    expect((await c.get(url)).body).toContain('data-flow-state="identifier"');
    const flowId = url.split('/').pop()!;
    const sent = await submit(c, flowId, { idNumber: DUNG });
    expect([sent.json.state, codes(sent.json)]).toEqual(['waiting', ['RS_LOGIN_REQUEST_SENT']]);
    const page = (await c.get(url)).body;
    expect(page).toContain(`<b data-field="simVerificationCode">${sent.json.ui.verificationCode}</b>`);
    expect(page).toContain(`href="${s.simulators.url}/rs/app/${DUNG}"`);
    await inApp(flowId, DUNG, 'approve');
    const done = await submit(c, flowId, { action: 'poll' });
    expect(done.json.state).toBe('complete');
    expect(await signedInAs(c)).toBe(DUNG);
  });

  it('remote signature: rejected in the app, no credential, no account: refused, not signed in', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const rejected = await begin(c, 'chuKySoCaNhan');
    await submit(c, rejected.id, { idNumber: DUNG });
    await inApp(rejected.id, DUNG, 'reject');
    const r1 = await submit(c, rejected.id, { action: 'poll' });
    expect([r1.json.state, codes(r1.json)]).toEqual(['identifier', ['RS_REJECTED']]);
    const noCredential = await begin(c, 'chuKySoCaNhan');
    const r2 = await submit(c, noCredential.id, { idNumber: NO_CREDENTIAL });
    expect(codes(r2.json)).toEqual(['SIGNATURE_LOGIN_FAILED']);
    const noAccount = await begin(c, 'chuKySoCaNhan');
    await submit(c, noAccount.id, { idNumber: DUNG });
    await inApp(noAccount.id, DUNG, 'approve');
    const r3 = await submit(c, noAccount.id, { action: 'poll' });
    expect([r3.json.state, codes(r3.json)]).toEqual(['identifier', ['CERT_NO_ACCOUNT']]);
    expect(await signedInAs(c)).toBeUndefined();
    const bad = await submit(c, noAccount.id, { idNumber: '12' });
    expect(bad.json.messages).toMatchObject([{ code: 'ID_NUMBER_INVALID', field: 'idNumber' }]);
  });

  it('an unknown login method, and the certificate methods without a trust list, are refused', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const r = await c.post('/api/login/flows', { method: 'vneid' });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'METHOD_NOT_AVAILABLE']);
    const bare = await startPortalHarness(s.simulators);
    const b = await new ApiClient(bare.instances[0]!).start();
    for (const method of ['simKySo', 'chuKySoCaNhan'])
      expect((await b.post('/api/login/flows', { method })).statusCode).toBe(400);
    await bare.close();
  });
});
