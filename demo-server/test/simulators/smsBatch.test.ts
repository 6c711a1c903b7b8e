/** The SMS gateway's batch endpoint: per-message results in request order, the outbox, faults, limits. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_PHONE } from '../../src/simulators/index.js';
import { SMS_BATCH_MAX_MESSAGES } from '../../src/simulators/routes/outboxRoutes.js';
import { errorCode, postJson, simulatorsApp } from './simulatorsTestKit.js';

type Result = { id?: string; to?: string; sentAt?: string; error?: { code: string; message: string } };

async function outbox(app: FastifyInstance, to: string): Promise<{ id: string; text: string }[]> {
  const res = await app.inject({ method: 'GET', url: `/dev/outbox/sms?to=${encodeURIComponent(to)}` });
  return (res.json() as { messages: { id: string; text: string }[] }).messages;
}

describe('POST /sms/send-batch', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await simulatorsApp();
  });
  afterAll(() => app.close());

  it('sends every message as a single send would: ids in request order, domestic numbers, in the outbox', async () => {
    const res = await postJson(app, '/sms/send-batch', {
      messages: [
        { to: '+84708123456', text: 'Mã OTP của bạn là 424242' },
        { to: '0388123456', text: 'Mã OTP của bạn là 515151' },
        { to: '0708123456', text: 'lần hai' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as { results: Result[] };
    expect(results.map((r) => r.to)).toEqual(['0708123456', '0388123456', '0708123456']);
    expect(new Set(results.map((r) => r.id)).size).toBe(3);
    for (const r of results) expect(Number.isNaN(Date.parse(r.sentAt ?? ''))).toBe(false);
    const thu = await outbox(app, '0708123456');
    expect(thu.map((m) => m.text)).toEqual(['lần hai', 'Mã OTP của bạn là 424242']);
    expect(thu.map((m) => m.id)).toEqual([results[2]?.id, results[0]?.id]);
    expect((await outbox(app, '84388123456')).map((m) => m.text)).toEqual(['Mã OTP của bạn là 515151']);
    const page = await app.inject({ method: 'GET', url: '/outbox/sms?to=0388123456' });
    expect(page.body).toContain('Mã OTP của bạn là 515151');
  });

  it('refuses a bad number or an unavailable phone for that message only', async () => {
    const res = await postJson(app, '/sms/send-batch', {
      messages: [
        { to: '123', text: 'x' },
        { to: MAGIC_PHONE.unavailable, text: 'y' },
        { to: '0977123456', text: 'Mã OTP của bạn là 606060' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as { results: Result[] };
    expect(results.map((r) => r.error?.code)).toEqual(['INVALID_REQUEST', 'SERVICE_UNAVAILABLE', undefined]);
    expect(results[0]?.error?.message).toContain('Yêu cầu không hợp lệ / Invalid request');
    expect(results[2]).toMatchObject({ to: '0977123456' });
    expect(await outbox(app, MAGIC_PHONE.unavailable)).toEqual([]);
    expect((await outbox(app, '0977123456')).map((m) => m.text)).toEqual(['Mã OTP của bạn là 606060']);
  });

  it('refuses an empty list, more than 100 messages and a bad shape with 400 INVALID_REQUEST', async () => {
    const one = { to: '0912345678', text: 'x' };
    const full = Array.from({ length: SMS_BATCH_MAX_MESSAGES }, () => one);
    for (const body of [
      {},
      { messages: [] },
      { messages: [...full, one] },
      { messages: one },
      { messages: [one, { to: '0912345678' }] },
      { messages: [one, { to: '0912345678', text: '' }] },
      { messages: [one, { to: '0912345678', text: 'x'.repeat(1001) }] },
      { messages: [one, { to: '0'.repeat(21), text: 'x' }] },
      { messages: [one, 'x'] },
    ]) {
      const res = await postJson(app, '/sms/send-batch', body);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('INVALID_REQUEST');
    }
    expect(await outbox(app, '0912345678')).toEqual([]);
    const res = await postJson(app, '/sms/send-batch', { messages: full });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { results: Result[] }).results).toHaveLength(SMS_BATCH_MAX_MESSAGES);
  });

  it('takes 100 messages at the longest text (1000 three-byte Vietnamese letters each, 300 kB of UTF-8)', async () => {
    const text = 'ữệếộ'.repeat(250);
    expect(text).toHaveLength(1000);
    const messages = Array.from({ length: SMS_BATCH_MAX_MESSAGES }, () => ({ to: '0903123456', text }));
    expect(Buffer.byteLength(JSON.stringify({ messages }))).toBeGreaterThan(256 * 1024);
    const res = await postJson(app, '/sms/send-batch', { messages });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { results: Result[] }).results.every((r) => typeof r.id === 'string')).toBe(true);
  });
});

describe('POST /sms/send-batch with the timeout phone', () => {
  it('holds the whole answer (and every delivery in it) until the fault delay ends, then answers each message', async () => {
    // A delay no test waits for: closing the app ends it.
    const app = await simulatorsApp({ timeoutDelayMs: 600_000 });
    const batch = postJson(app, '/sms/send-batch', {
      messages: [
        { to: '0944123456', text: 'Mã OTP của bạn là 717171' },
        { to: MAGIC_PHONE.timeout, text: 'z' },
      ],
    });
    let answered = false;
    void batch.then(() => {
      answered = true;
    });
    // Other requests are served meanwhile; the stalled batch has neither answered nor delivered.
    const single = await postJson(app, '/sms/send', { to: '0889123456', text: 'đơn lẻ' });
    expect(single.statusCode).toBe(200);
    expect(await outbox(app, '0944123456')).toEqual([]);
    expect(answered).toBe(false);
    await app.close();
    const res = await batch;
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as { results: Result[] };
    expect(results[0]).toMatchObject({ to: '0944123456' });
    expect(typeof results[0]?.id).toBe('string');
    expect(results[1]?.error?.code).toBe('UPSTREAM_TIMEOUT');
  });
});
