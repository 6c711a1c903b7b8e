/**
 * Registration with a SIM signature (SIM ký số) through the simulated MSSP: request to the phone, approval on
 * the simulated phone page with the SIM PIN, signature and certificate checked by the portal.
 */
import { describe, expect, it } from 'vitest';
import { SIM_PIN } from '../../src/simulators/index.js';
import { demoPkiPortalSuite } from './demoPkiSuite.js';
import { ApiClient } from './portalTestKit.js';

type Json = {
  id: string;
  state: string;
  messages: { code: string; field?: string }[];
  ui: { simVerificationCode?: string; certificate?: { username: string; idType: string; fullName: string } };
  result?: { username: string };
};

describe('registration with a signing SIM', () => {
  const s = demoPkiPortalSuite();

  async function begin(c: ApiClient, subject = 'congDan') {
    const r = await c.post('/api/registration/flows', { subject, method: 'simKySo' });
    expect(r.statusCode).toBe(201);
    const flow = r.json() as Json;
    expect(flow.state).toBe('phone');
    return flow;
  }
  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    const r = await c.post(`/api/registration/flows/${id}`, body);
    return r.json() as Json;
  }
  const codes = (j: Json) => j.messages.map((m) => m.code);

  /** Presses a button on the simulated phone for the flow's pending request. */
  async function onPhone(flowId: string, phone: string, action: 'approve' | 'reject', pin = SIM_PIN) {
    const row = await s.h.db
      .selectFrom('flows')
      .select('data')
      .where('id', '=', flowId)
      .executeTakeFirstOrThrow();
    const transactionId = JSON.parse(row.data).sim.msspTransId as string;
    const msisdn = `84${phone.slice(1)}`;
    const res = await fetch(`${s.simulators.url}/phone/${msisdn}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId, pin }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    // The simulator issues the SIM's certificate on first use, "now": the portal's test clock catches up.
    s.h.clock.set(Date.now() + 1000);
  }

  it('citizen: phone → confirm on the phone with the SIM PIN → certificate data → e-mail + captcha → account', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    const sent = await submit(c, flow.id, { phone: '0912345678' });
    expect([sent.state, codes(sent)]).toEqual(['waiting', ['SIM_REQUEST_SENT']]);
    expect(sent.ui.simVerificationCode).toMatch(/^\d{4}$/);
    const early = await submit(c, flow.id, { action: 'poll' });
    expect([early.state, codes(early)]).toEqual(['waiting', ['SIM_WAITING']]);
    await onPhone(flow.id, '0912345678', 'approve');
    const signed = await submit(c, flow.id, { action: 'poll' });
    expect([signed.state, codes(signed)]).toEqual(['confirm', ['SIM_CERTIFICATE_READ']]);
    expect(signed.ui.certificate).toMatchObject({
      username: '001090012345',
      idType: 'CCCD',
      fullName: 'Nguyễn Văn An',
    });
    const done = await submit(c, flow.id, { email: 'an@example.vn', captcha: 'kiemthu' });
    expect([done.state, done.result]).toEqual(['complete', { username: '001090012345' }]);
    const a = await s.h.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', '001090012345')
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ registrationMethod: 'simKySo', verificationLevel: 3 });
    // Deduplicated by CCCD: the same SIM cannot register a second account.
    const again = await begin(c);
    await submit(c, again.id, { phone: '0912345678' });
    await onPhone(again.id, '0912345678', 'approve');
    expect(codes(await submit(c, again.id, { action: 'poll' }))).toEqual(['ACCOUNT_EXISTS']);
  });

  it('pages: the chooser offers SIM ký số; the waiting page shows the verification code and the phone link', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    expect((await c.get('/dang-ky')).body).toContain('href="/dang-ky/cong-dan/sim-ky-so"');
    const start = await c.get('/dang-ky/cong-dan/sim-ky-so');
    const url = start.headers.location as string;
    expect((await c.get(url)).body).toContain('data-flow-state="phone"');
    const flowId = url.split('/').pop()!;
    const sent = await submit(c, flowId, { phone: '0912345678' });
    const page = await c.get(url);
    expect(page.body).toContain(`<b data-field="simVerificationCode">${sent.ui.simVerificationCode}</b>`);
    expect(page.body).toContain(`href="${s.simulators.url}/phone/84912345678"`);
  });

  it('business: the company SIM registers an account keyed by the MST', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c, 'doanhNghiep');
    await submit(c, flow.id, { phone: '0983111222' });
    await onPhone(flow.id, '0983111222', 'approve');
    const signed = await submit(c, flow.id, { action: 'poll' });
    expect(signed.ui.certificate).toMatchObject({ username: '0105684325', idType: 'MST' });
  });

  it('rejected on the phone, cancelled, PIN blocked, not subscribed, unavailable: each has its message', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const rejected = await begin(c);
    await submit(c, rejected.id, { phone: '0912345678' });
    await onPhone(rejected.id, '0912345678', 'reject');
    const r1 = await submit(c, rejected.id, { action: 'poll' });
    expect([r1.state, codes(r1)]).toEqual(['phone', ['SIM_USER_CANCEL']]);
    const cases: [string, string][] = [
      ['0969000401', 'SIM_USER_CANCEL'],
      ['0969000402', 'SIM_PIN_BLOCKED'],
    ];
    for (const [phone, code] of cases) {
      const f = await begin(c);
      expect((await submit(c, f.id, { phone })).state).toBe('waiting');
      expect(codes(await submit(c, f.id, { action: 'poll' }))).toEqual([code]);
    }
    const notSubscribed = await begin(c);
    expect(codes(await submit(c, notSubscribed.id, { phone: '0969000105' }))).toEqual(['SIM_NOT_SUBSCRIBED']);
    expect(codes(await submit(c, notSubscribed.id, { phone: '0969000503' }))).toEqual([
      'REGISTRY_UNAVAILABLE',
    ]);
    expect((await submit(c, notSubscribed.id, { phone: '12345' })).messages).toMatchObject([
      { code: 'PHONE_INVALID', type: 'error', field: 'phone' },
    ]);
  });
});
