/**
 * The MSSP's profile query (`POST /mssp/profile`): the SIM's certificate before any signature — the one its
 * signatures are then made with — and the documented magic numbers (no subscription, no certificate,
 * unavailable, timeout) and parameter errors.
 */
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_MSISDN, SIM_PIN } from '../../src/simulators/index.js';
import { errorCode, postForm, postJson, simulatorsApp, TestClock } from './simulatorsTestKit.js';

const clock = new TestClock();
let app: FastifyInstance;
beforeAll(async () => {
  app = await simulatorsApp({ now: clock.now, approvalTtlMs: 120_000 });
});
afterAll(() => app.close());

interface Profile {
  msisdn?: string;
  status: { code: number; message: string };
  certificate?: string;
  chain?: string[];
  serialNumber?: string;
}

const profile = (msisdn: string) => postJson(app, '/mssp/profile', { msisdn });

describe('MSSP profile query (certificate by MSISDN)', () => {
  it("gives the SIM's certificate and chain up front; the SIM then signs with that very certificate", async () => {
    const res = await profile('0912 345 678');
    expect(res.statusCode).toBe(200);
    const p = res.json() as Profile;
    expect(p).toMatchObject({ msisdn: '84912345678', status: { code: 100, message: 'REQUEST_OK' } });
    const cert = new X509Certificate(Buffer.from(p.certificate ?? '', 'base64'));
    expect(cert.subject).toContain('Nguyễn Văn An');
    expect(p.serialNumber?.toLowerCase()).toBe(cert.serialNumber.toLowerCase());
    expect(p.chain?.length).toBeGreaterThan(0);
    const issuer = new X509Certificate(Buffer.from(p.chain?.[0] ?? '', 'base64'));
    expect(cert.checkIssued(issuer)).toBe(true);
    // The same answer again (one key per SIM).
    expect((await profile('84912345678')).json()).toEqual(p);

    const data = randomBytes(32);
    const sent = await postJson(app, '/mssp/signature', {
      msisdn: '84912345678',
      dataToBeSigned: createHash('sha256').update(data).digest('base64'),
      dataToBeDisplayed: 'Ký tờ khai',
      apTransId: 'HS-1',
    });
    const id = (sent.json() as { msspTransId: string }).msspTransId;
    await postForm(app, '/phone/84912345678/approve', { transactionId: id, pin: SIM_PIN });
    const done = (await app.inject({ method: 'GET', url: `/mssp/status/${id}` })).json() as Profile & {
      signature: string;
    };
    expect(done.status.code).toBe(500);
    expect(done.certificate).toBe(p.certificate);
    expect(verify('sha256', data, cert.publicKey, Buffer.from(done.signature, 'base64'))).toBe(true);
  });

  it('an organization SIM gives its organization certificate (its MST)', async () => {
    const p = (await profile('84983111222')).json() as Profile;
    expect(p.status.code).toBe(100);
    expect(new X509Certificate(Buffer.from(p.certificate ?? '', 'base64')).subject).toContain('0105684325');
  });

  it('no SIM-PKI subscription: HTTP 404 with 105 UNKNOWN_CLIENT (the magic number and any other)', async () => {
    for (const msisdn of [MAGIC_MSISDN.notSubscribed, '84868123456']) {
      const res = await profile(msisdn);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        status: { code: 105, message: 'UNKNOWN_CLIENT' },
        error: { code: 'SUBSCRIBER_NOT_FOUND' },
      });
    }
  });

  it('a SIM without a certificate: 422 NO_CERT_FOUND, and a signature request is refused with it', async () => {
    const res = await profile(MAGIC_MSISDN.noCertificate);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      msisdn: MAGIC_MSISDN.noCertificate,
      status: { code: 422, message: 'NO_CERT_FOUND' },
    });
    const sign = await postJson(app, '/mssp/signature', {
      msisdn: MAGIC_MSISDN.noCertificate,
      dataToBeSigned: createHash('sha256').update('x').digest('base64'),
      dataToBeDisplayed: 'x',
      apTransId: 'a',
    });
    expect(sign.statusCode).toBe(404);
    expect(sign.json().status).toEqual({ code: 422, message: 'NO_CERT_FOUND' });
    expect(errorCode(sign)).toBe('CERTIFICATE_NOT_FOUND');
    // The magic SIMs that never sign have no certificate either.
    for (const msisdn of [MAGIC_MSISDN.userCancel, MAGIC_MSISDN.noAnswer, MAGIC_MSISDN.pinBlocked])
      expect((await profile(msisdn)).json().status.code).toBe(422);
  });

  it('unavailable and timeout magic numbers, and bad parameters', async () => {
    const down = await profile(MAGIC_MSISDN.unavailable);
    expect(down.statusCode).toBe(503);
    expect(down.json().status.code).toBe(900);
    const slow = await profile(MAGIC_MSISDN.timeout);
    expect(slow.statusCode).toBe(504);
    expect(errorCode(slow)).toBe('UPSTREAM_TIMEOUT');
    const bad = await profile('12345');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().status.code).toBe(101);
    const missing = await postJson(app, '/mssp/profile', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().status.code).toBe(102);
  });
});
