import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { validatePath } from '@kyso/lib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_MSISDN, SIM_PIN, SIM_PUK } from '../../src/simulators/index.js';
import { demoPki, errorCode, postForm, postJson, simulatorsApp, TestClock } from './simulatorsTestKit.js';

const TTL = 120_000;
const clock = new TestClock();
let app: FastifyInstance;
beforeAll(async () => {
  app = await simulatorsApp({ now: clock.now, approvalTtlMs: TTL });
});
afterAll(() => app.close());

interface MssStatus {
  status: { code: number; message: string };
  signature?: string;
  certificate?: string;
  chain?: string[];
  hashAlgorithm?: string;
}

async function request(msisdn: string, data = randomBytes(40), hash: 'sha256' | 'sha384' = 'sha256') {
  const res = await postJson(app, '/mssp/signature', {
    msisdn,
    dataToBeSigned: createHash(hash).update(data).digest('base64'),
    hashAlgorithm: hash === 'sha256' ? 'SHA-256' : '2.16.840.1.101.3.4.2.2',
    dataToBeDisplayed: 'Xác nhận đăng ký tài khoản Cổng DVCQG, mã 4821',
    apTransId: 'DVC-0001',
  });
  return { res, data, id: (res.json() as { msspTransId?: string }).msspTransId ?? '' };
}

async function status(id: string): Promise<MssStatus> {
  const res = await app.inject({ method: 'GET', url: `/mssp/status/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json() as MssStatus;
}

function phone(msisdn: string, action: string, fields: Record<string, string>) {
  return postForm(app, `/phone/${msisdn}/${action}`, fields);
}

describe('SIM-signature MSSP', () => {
  it('accepts a request, waits, and returns a real signature after the PIN is entered on the phone', async () => {
    const msisdn = '84912345678';
    const { res, data, id } = await request(msisdn);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      msisdn,
      apTransId: 'DVC-0001',
      status: { code: 100, message: 'REQUEST_OK' },
    });
    expect((await status(id)).status).toEqual({ code: 504, message: 'OUTSTANDING_TRANSACTION' });

    const page = await app.inject({ method: 'GET', url: `/phone/${msisdn}` });
    expect(page.body).toContain('Xác nhận đăng ký tài khoản Cổng DVCQG, mã 4821');
    expect(page.body).toContain(`value="${id}"`);
    // No auto-refresh while a PIN may be being typed.
    expect(page.body).not.toContain('data-watch');

    const wrong = await phone(msisdn, 'approve', { transactionId: id, pin: '000000' });
    expect(wrong.statusCode).toBe(303);
    expect(wrong.headers.location).toBe(`/phone/${msisdn}?result=wrongPin`);
    expect((await status(id)).status.code).toBe(504);

    const ok = await phone(msisdn, 'approve', { transactionId: id, pin: SIM_PIN });
    expect(ok.headers.location).toBe(`/phone/${msisdn}?result=signed`);
    const done = await status(id);
    expect(done.status).toEqual({ code: 500, message: 'SIGNATURE' });
    expect(done.hashAlgorithm).toBe('SHA-256');

    const certDer = Buffer.from(done.certificate ?? '', 'base64');
    const cert = new X509Certificate(certDer);
    expect(cert.subject).toContain('CCCD:001090012345');
    expect(cert.subject).toContain('Nguyễn Văn An');
    expect(cert.issuer).toContain('DEMO VNPT-CA');
    expect(verify('sha256', data, cert.publicKey, Buffer.from(done.signature ?? '', 'base64'))).toBe(true);
    expect(
      verify('sha256', randomBytes(40), cert.publicKey, Buffer.from(done.signature ?? '', 'base64')),
    ).toBe(false);

    const pki = await demoPki();
    const path = await validatePath(certDer, {
      intermediates: (done.chain ?? []).map((c) => Buffer.from(c, 'base64')),
      trustAnchors: [pki.roots.national],
      revocation: { mode: 'off' },
    });
    expect(path.errors).toEqual([]);
    expect(path.valid).toBe(true);

    // The approved request leaves the phone, and the SIM keeps its key and certificate.
    expect((await app.inject({ method: 'GET', url: `/phone/${msisdn}` })).body).not.toContain(
      `value="${id}"`,
    );
    const again = await request(msisdn);
    await phone(msisdn, 'approve', { transactionId: again.id, pin: SIM_PIN });
    expect((await status(again.id)).certificate).toBe(done.certificate);
  });

  it('signs SHA-384 digests for the company SIM with an organization certificate from Viettel-CA', async () => {
    const { data, id } = await request('84983111222', randomBytes(64), 'sha384');
    await phone('84983111222', 'approve', { transactionId: id, pin: SIM_PIN });
    const done = await status(id);
    expect(done.hashAlgorithm).toBe('SHA-384');
    const cert = new X509Certificate(Buffer.from(done.certificate ?? '', 'base64'));
    expect(cert.subject).toContain('MST:0105684325');
    expect(cert.issuer).toContain('DEMO Viettel-CA');
    expect(verify('sha384', data, cert.publicKey, Buffer.from(done.signature ?? '', 'base64'))).toBe(true);
  });

  it('also takes a DER DigestInfo as dataToBeSigned, as real MSSPs do', async () => {
    const data = randomBytes(30);
    const digestInfo = Buffer.concat([
      Buffer.from('3031300d060960864801650304020105000420', 'hex'),
      createHash('sha256').update(data).digest(),
    ]);
    const res = await postJson(app, '/mssp/signature', {
      msisdn: '84903123456',
      dataToBeSigned: digestInfo.toString('base64'),
      dataToBeDisplayed: 'x',
      apTransId: 'DI',
    });
    const id = res.json().msspTransId as string;
    await phone('84903123456', 'approve', { transactionId: id, pin: SIM_PIN });
    const done = await status(id);
    const cert = new X509Certificate(Buffer.from(done.certificate ?? '', 'base64'));
    expect(verify('sha256', data, cert.publicKey, Buffer.from(done.signature ?? '', 'base64'))).toBe(true);
  });

  it('reports USER_CANCEL when the user rejects on the phone, and a second answer is refused', async () => {
    const { id } = await request('84903123456');
    const res = await phone('84903123456', 'reject', { transactionId: id });
    expect(res.headers.location).toBe('/phone/84903123456?result=rejected');
    expect((await status(id)).status).toEqual({ code: 401, message: 'USER_CANCEL' });
    const late = await phone('84903123456', 'approve', { transactionId: id, pin: SIM_PIN });
    expect(late.headers.location).toBe('/phone/84903123456?result=gone');
    expect((await status(id)).status.code).toBe(401);
  });

  it('expires an unanswered request exactly at the TTL', async () => {
    const { id } = await request('84903123456');
    clock.advance(TTL - 1);
    expect((await status(id)).status.code).toBe(504);
    clock.advance(1);
    expect((await status(id)).status).toEqual({ code: 208, message: 'EXPIRED_TRANSACTION' });
    const late = await phone('84903123456', 'approve', { transactionId: id, pin: SIM_PIN });
    expect(late.headers.location).toBe('/phone/84903123456?result=gone');
  });

  it('blocks the SIM PIN after three wrong PINs, until the PUK unblocks it', async () => {
    const msisdn = '84977123456';
    const first = await request(msisdn);
    for (const expected of ['wrongPin', 'wrongPin', 'blocked']) {
      const res = await phone(msisdn, 'approve', { transactionId: first.id, pin: '999999' });
      expect(res.headers.location).toBe(`/phone/${msisdn}?result=${expected}`);
    }
    expect((await status(first.id)).status).toEqual({ code: 402, message: 'PIN_NR_BLOCKED' });
    const blocked = await request(msisdn);
    expect((await status(blocked.id)).status.code).toBe(402);
    const page = await app.inject({ method: 'GET', url: `/phone/${msisdn}` });
    expect(page.body).toContain('PUK');

    expect((await phone(msisdn, 'unblock', { puk: '00000000' })).headers.location).toBe(
      `/phone/${msisdn}?result=wrongPuk`,
    );
    expect((await phone(msisdn, 'unblock', { puk: SIM_PUK })).headers.location).toBe(
      `/phone/${msisdn}?result=unblocked`,
    );
    const after = await request(msisdn);
    expect((await status(after.id)).status.code).toBe(504);
    await phone(msisdn, 'approve', { transactionId: after.id, pin: SIM_PIN });
    expect((await status(after.id)).status.code).toBe(500);
  });

  it('plays the magic MSISDNs: user cancel, PIN blocked, no answer, not subscribed, unavailable, timeout', async () => {
    const cancel = await request(MAGIC_MSISDN.userCancel);
    expect(cancel.res.json().status.code).toBe(100);
    expect((await status(cancel.id)).status).toEqual({ code: 401, message: 'USER_CANCEL' });

    const blocked = await request(MAGIC_MSISDN.pinBlocked);
    expect((await status(blocked.id)).status).toEqual({ code: 402, message: 'PIN_NR_BLOCKED' });

    const silent = await request(MAGIC_MSISDN.noAnswer);
    expect((await status(silent.id)).status.code).toBe(504);
    const page = await app.inject({ method: 'GET', url: `/phone/${MAGIC_MSISDN.noAnswer}` });
    expect(page.body).toContain('không liên lạc được');
    expect(page.body).not.toContain(silent.id);
    expect(
      (await phone(MAGIC_MSISDN.noAnswer, 'approve', { transactionId: silent.id, pin: SIM_PIN })).statusCode,
    ).toBe(404);
    clock.advance(TTL);
    expect((await status(silent.id)).status).toEqual({ code: 208, message: 'EXPIRED_TRANSACTION' });

    for (const msisdn of [MAGIC_MSISDN.notSubscribed, '84868123456']) {
      const none = await request(msisdn);
      expect(none.res.statusCode).toBe(404);
      expect(none.res.json()).toMatchObject({
        status: { code: 105, message: 'UNKNOWN_CLIENT' },
        error: { code: 'SUBSCRIBER_NOT_FOUND' },
      });
    }
    const notSim = await app.inject({ method: 'GET', url: `/phone/${MAGIC_MSISDN.notSubscribed}` });
    expect(notSim.body).toContain('chưa đăng ký dịch vụ SIM ký số');

    const down = await request(MAGIC_MSISDN.unavailable);
    expect(down.res.statusCode).toBe(503);
    expect(down.res.json().status.code).toBe(900);
    const slow = await request(MAGIC_MSISDN.timeout);
    expect(slow.res.statusCode).toBe(504);
    expect(errorCode(slow.res)).toBe('UPSTREAM_TIMEOUT');
  });

  it('refuses bad requests with ETSI parameter statuses', async () => {
    const base = {
      msisdn: '84912345678',
      dataToBeSigned: createHash('sha256').update('x').digest('base64'),
      dataToBeDisplayed: 'x',
      apTransId: 'a',
    };
    const cases: [Record<string, unknown>, number][] = [
      [{ ...base, msisdn: '12345' }, 101],
      [{ ...base, dataToBeSigned: 'not base64!' }, 101],
      [{ ...base, dataToBeSigned: Buffer.alloc(20).toString('base64') }, 103],
      [{ ...base, hashAlgorithm: 'MD5' }, 101],
      [{ ...base, apTransId: undefined }, 102],
      [{ ...base, dataToBeDisplayed: undefined }, 102],
      [{ ...base, dataToBeDisplayed: 'x'.repeat(501) }, 101],
    ];
    for (const [body, code] of cases) {
      const res = await postJson(app, '/mssp/signature', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().status.code).toBe(code);
      expect(errorCode(res)).toBe('INVALID_REQUEST');
    }
    const unknown = await app.inject({
      method: 'GET',
      url: '/mssp/status/00000000-0000-0000-0000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('TRANSACTION_NOT_FOUND');
    // Another SIM's page cannot answer a transaction.
    const { id } = await request('84912345678');
    const other = await phone('84903123456', 'approve', { transactionId: id, pin: SIM_PIN });
    expect(other.headers.location).toBe('/phone/84903123456?result=gone');
    expect((await status(id)).status.code).toBe(504);
  });

  it('redirects phone pages to the MSISDN form and rejects non-numbers', async () => {
    const redirect = await app.inject({ method: 'GET', url: '/phone/0912345678' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/phone/84912345678');
    expect((await app.inject({ method: 'GET', url: '/phone/abc' })).statusCode).toBe(404);
    // Only the known result keys show a notice.
    for (const result of ['constructor', '__proto__', 'nonsense']) {
      const page = await app.inject({ method: 'GET', url: `/phone/84903123456?result=${result}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('role="status"');
    }
    const known = await app.inject({ method: 'GET', url: '/phone/84903123456?result=rejected' });
    expect(known.body).toContain('Đã hủy giao dịch');
  });
});
