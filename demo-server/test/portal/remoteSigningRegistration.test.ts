/**
 * Registration with a personal remote signature (Chữ ký số cá nhân) through the simulated provider: signing
 * request, approval in the simulated app with the app PIN, signature and certificate checked by the portal.
 */
import { describe, expect, it } from 'vitest';
import { RS_APP_PIN } from '../../src/simulators/index.js';
import { demoPkiPortalSuite } from './demoPkiSuite.js';
import { ApiClient } from './portalTestKit.js';

type Json = {
  id: string;
  state: string;
  messages: { code: string; field?: string }[];
  ui: { simVerificationCode?: string; certificate?: { username: string; idType: string; fullName: string } };
  result?: { username: string };
};

const DUNG = '048192004567';

describe('registration with a personal remote signature', () => {
  const s = demoPkiPortalSuite();

  async function begin(c: ApiClient) {
    const r = await c.post('/api/registration/flows', { subject: 'congDan', method: 'chuKySoCaNhan' });
    expect(r.statusCode).toBe(201);
    const flow = r.json() as Json;
    expect(flow.state).toBe('identifier');
    return flow;
  }
  async function submit(c: ApiClient, id: string, body: Record<string, unknown>) {
    return (await c.post(`/api/registration/flows/${id}`, body)).json() as Json;
  }
  const codes = (j: Json) => j.messages.map((m) => m.code);

  async function inApp(flowId: string, userId: string, action: 'approve' | 'reject') {
    const row = await s.h.db
      .selectFrom('flows')
      .select('data')
      .where('id', '=', flowId)
      .executeTakeFirstOrThrow();
    const transactionId = JSON.parse(row.data).remote.transactionId as string;
    const res = await fetch(`${s.simulators.url}/rs/app/${userId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId, pin: RS_APP_PIN }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    // The provider issues the certificate on first use, "now": the portal's test clock catches up.
    s.h.clock.set(Date.now() + 1000);
  }

  it('citizen: CCCD → request in the app → approve with the app PIN → certificate data → account', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const flow = await begin(c);
    const sent = await submit(c, flow.id, { idNumber: DUNG });
    expect([sent.state, codes(sent)]).toEqual(['waiting', ['RS_REQUEST_SENT']]);
    expect(sent.ui.simVerificationCode).toMatch(/^\d{4}$/);
    expect(codes(await submit(c, flow.id, { action: 'poll' }))).toEqual(['RS_WAITING']);
    expect((await c.get(`/dang-ky/luong/${flow.id}`)).body).toContain(`/rs/app/${DUNG}`);
    await inApp(flow.id, DUNG, 'approve');
    const signed = await submit(c, flow.id, { action: 'poll' });
    expect([signed.state, codes(signed)]).toEqual(['confirm', ['RS_CERTIFICATE_READ']]);
    expect(signed.ui.certificate).toMatchObject({
      username: DUNG,
      idType: 'CCCD',
      fullName: 'Phạm Thị Dung',
    });
    const done = await submit(c, flow.id, { email: 'dung@example.vn', captcha: 'kiemthu' });
    expect(done.result).toEqual({ username: DUNG });
    const a = await s.h.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', DUNG)
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ registrationMethod: 'chuKySoCaNhan', verificationLevel: 3 });
  });

  it('rejected in the app, key locked, no credential, provider down, bad ID: each has its message', async () => {
    const c = await new ApiClient(s.h.instances[0]!).start();
    const rejected = await begin(c);
    await submit(c, rejected.id, { idNumber: DUNG });
    await inApp(rejected.id, DUNG, 'reject');
    const r1 = await submit(c, rejected.id, { action: 'poll' });
    expect([r1.state, codes(r1)]).toEqual(['identifier', ['RS_REJECTED']]);
    for (const [id, code] of [
      ['001099004002', 'RS_REJECTED'],
      ['001099004004', 'RS_KEY_LOCKED'],
    ] as const) {
      const f = await begin(c);
      expect((await submit(c, f.id, { idNumber: id })).state).toBe('waiting');
      expect(codes(await submit(c, f.id, { action: 'poll' }))).toEqual([code]);
    }
    const f = await begin(c);
    expect(codes(await submit(c, f.id, { idNumber: '001099000404' }))).toEqual(['RS_NO_CREDENTIAL']);
    expect(codes(await submit(c, f.id, { idNumber: '001099000503' }))).toEqual(['REGISTRY_UNAVAILABLE']);
    expect(codes(await submit(c, f.id, { idNumber: '12345' }))).toEqual(['ID_NUMBER_INVALID']);
  });
});
