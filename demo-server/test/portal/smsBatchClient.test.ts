/**
 * simulatorsClient().sendSms over HTTP against the real simulators: batches in one request, each caller's
 * own result, the stall a timeout phone causes, and gapMs 0 (one POST /sms/send per message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../../src/portal/externals/jsonHttp.js';
import { simulatorsClient } from '../../src/portal/externals/simulatorsClient.js';
import { MAGIC_PHONE } from '../../src/simulators/index.js';
import { type Simulators, startTestSimulators } from './portalTestKit.js';

let simulators: Simulators;
let base = '';

beforeAll(async () => {
  // The timeout phone holds a request 50 ms, well inside the clients' 5 s.
  simulators = await startTestSimulators({ timeoutDelayMs: 50 });
  base = simulators.url;
});
afterAll(() => simulators.close());

/** A client whose requests are recorded (path and body). */
function recordingClient(smsBatch: { gapMs: number; maxBatch: number }, timeoutMs = 5000) {
  const requests: { path: string; body: unknown }[] = [];
  const client = simulatorsClient({
    baseUrl: base,
    timeoutMs,
    smsBatch,
    request: (url, o) => {
      requests.push({ path: new URL(url).pathname, body: o.body });
      return jsonRequest(url, o);
    },
  });
  return { client, requests };
}

async function outboxTexts(to: string): Promise<string[]> {
  const r = await jsonRequest(`${base}/dev/outbox/sms?to=${to}`, { method: 'GET', timeoutMs: 5000 });
  return (r.json as { messages: { text: string }[] }).messages.map((m) => m.text);
}

describe('simulatorsClient.sendSms in batches', () => {
  it('sends what is asked in one turn as one batch and gives each caller its own result', async () => {
    const { client, requests } = recordingClient({ gapMs: 25, maxBatch: 100 });
    const results = await Promise.all([
      client.sendSms('0912345678', 'Mã OTP của bạn là 101010'),
      client.sendSms(MAGIC_PHONE.unavailable, 'Mã OTP của bạn là 202020'),
      client.sendSms('0983456789', 'Mã OTP của bạn là 303030'),
    ]);
    expect(results).toEqual([
      { ok: true, value: true },
      { ok: false, failure: 'unavailable' },
      { ok: true, value: true },
    ]);
    expect(requests.map((r) => r.path)).toEqual(['/sms/send-batch']);
    expect(requests[0]?.body).toEqual({
      messages: [
        { to: '0912345678', text: 'Mã OTP của bạn là 101010' },
        { to: MAGIC_PHONE.unavailable, text: 'Mã OTP của bạn là 202020' },
        { to: '0983456789', text: 'Mã OTP của bạn là 303030' },
      ],
    });
    expect(await outboxTexts('0912345678')).toContain('Mã OTP của bạn là 101010');
    expect(await outboxTexts('0983456789')).toContain('Mã OTP của bạn là 303030');
    client.close();
  });

  it('splits a turn larger than maxBatch into several requests, every message delivered once', async () => {
    const { client, requests } = recordingClient({ gapMs: 25, maxBatch: 2 });
    const texts = ['Mã 1', 'Mã 2', 'Mã 3', 'Mã 4', 'Mã 5'];
    const results = await Promise.all(texts.map((t) => client.sendSms('0935123456', t)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(requests.map((r) => (r.body as { messages: unknown[] }).messages.length)).toEqual([2, 2, 1]);
    const delivered = await outboxTexts('0935123456');
    for (const t of texts) expect(delivered.filter((d) => d === t)).toHaveLength(1);
    client.close();
  });

  it('a timeout phone stalls its batch: it fails with timeout, the others in the same request still arrive', async () => {
    const { client } = recordingClient({ gapMs: 25, maxBatch: 100 });
    const [timedOut, other] = await Promise.all([
      client.sendSms(MAGIC_PHONE.timeout, 'x'),
      client.sendSms('0944123456', 'Mã OTP của bạn là 404040'),
    ]);
    expect(timedOut).toEqual({ ok: false, failure: 'timeout' });
    expect(other).toEqual({ ok: true, value: true });
    expect(await outboxTexts('0944123456')).toContain('Mã OTP của bạn là 404040');
    client.close();
  });

  it('when the client gives up on a stalled batch, every message in it fails with timeout', async () => {
    const { client } = recordingClient({ gapMs: 25, maxBatch: 100 }, 20);
    const results = await Promise.all([
      client.sendSms(MAGIC_PHONE.timeout, 'x'),
      client.sendSms('0977123456', 'y'),
    ]);
    expect(results).toEqual([
      { ok: false, failure: 'timeout' },
      { ok: false, failure: 'timeout' },
    ]);
    client.close();
  });

  it('with gapMs 0 sends each message on its own with POST /sms/send', async () => {
    const { client, requests } = recordingClient({ gapMs: 0, maxBatch: 100 });
    const results = await Promise.all([
      client.sendSms('0868123456', 'Mã OTP của bạn là 505050'),
      client.sendSms(MAGIC_PHONE.unavailable, 'z'),
    ]);
    expect(results).toEqual([
      { ok: true, value: true },
      { ok: false, failure: 'unavailable' },
    ]);
    expect(requests).toEqual([
      { path: '/sms/send', body: { to: '0868123456', text: 'Mã OTP của bạn là 505050' } },
      { path: '/sms/send', body: { to: MAGIC_PHONE.unavailable, text: 'z' } },
    ]);
    client.close();
  });

  it('an answer that is not a batch answer fails each message with invalidResponse', async () => {
    const client = simulatorsClient({
      baseUrl: base,
      timeoutMs: 5000,
      // A gateway that answers the batch with the single route's shape.
      request: async () => ({ status: 200, json: { id: 'm1', to: '0912345678', sentAt: 'now' } }),
    });
    expect(await Promise.all([client.sendSms('0912345678', 'a'), client.sendSms('0912345678', 'b')])).toEqual(
      [
        { ok: false, failure: 'invalidResponse' },
        { ok: false, failure: 'invalidResponse' },
      ],
    );
    client.close();
  });
});
