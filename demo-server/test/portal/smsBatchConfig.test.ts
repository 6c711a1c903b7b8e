/**
 * KYSO_SMS_BATCH_GAP_MS and KYSO_SMS_BATCH_MAX: defaults, bounds, both portals reading them, and both
 * portals' own SMS clients using them and sending what waits for a batch when the app closes.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import { buildMinistryApp } from '../../src/ministry/ministryApp.js';
import { loadMinistryConfig } from '../../src/ministry/ministryConfig.js';
import { ConfigError, loadPortalConfig, smsBatchSettings } from '../../src/portal/config.js';
import { buildPortalApp } from '../../src/portal/portalApp.js';
import { memoryDatabase } from './testDatabase.js';

describe('SMS batching settings', () => {
  it('default to a 25 ms gap and 100 messages per request in both portals', () => {
    for (const limits of [loadPortalConfig({}).limits, loadMinistryConfig({}).limits])
      expect(smsBatchSettings(limits)).toEqual({ gapMs: 25, maxBatch: 100 });
  });

  it('are read from the environment by both portals, bounds included', () => {
    for (const [gap, max] of [
      ['0', '1'],
      ['1000', '100'],
      ['40', '20'],
    ] as const) {
      const env = { KYSO_SMS_BATCH_GAP_MS: gap, KYSO_SMS_BATCH_MAX: max };
      const expected = { gapMs: Number(gap), maxBatch: Number(max) };
      expect(smsBatchSettings(loadPortalConfig(env).limits)).toEqual(expected);
      expect(smsBatchSettings(loadMinistryConfig(env).limits)).toEqual(expected);
    }
  });

  it('refuse values outside 0–1000 ms and 1–100 messages, naming the variable', () => {
    for (const env of [
      { KYSO_SMS_BATCH_GAP_MS: '1001' },
      { KYSO_SMS_BATCH_GAP_MS: '-1' },
      { KYSO_SMS_BATCH_GAP_MS: '2.5' },
      { KYSO_SMS_BATCH_MAX: '0' },
      { KYSO_SMS_BATCH_MAX: '101' },
    ]) {
      const name = Object.keys(env)[0];
      for (const load of [loadPortalConfig, loadMinistryConfig]) {
        const e = (() => {
          try {
            load(env);
          } catch (x) {
            return x;
          }
          return undefined;
        })();
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).variable).toBe(name);
      }
    }
  });
});

/** An SMS gateway that answers both routes and records each request's path and message count. */
async function recordingGateway() {
  const requests: { path: string; messages: number }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const json = JSON.parse(body) as { to: string; messages?: { to: string }[] };
      const sent = (to: string) => ({ id: randomUUID(), to, sentAt: new Date().toISOString() });
      const path = req.url ?? '';
      requests.push({ path, messages: json.messages?.length ?? 1 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(json.messages ? { results: json.messages.map((m) => sent(m.to)) } : sent(json.to)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A portal's own client of the national systems, reached through the app it was built for. */
interface OwnSms {
  send(phone: string): Promise<boolean>;
  /** Closes the app (its database stays open for sends still settling). */
  close(): Promise<void>;
  destroyDatabase(): Promise<void>;
}

const APPS: [string, (env: Record<string, string>) => Promise<OwnSms>][] = [
  [
    'national portal',
    async (env) => {
      const db = await memoryDatabase();
      const { app, ctx } = await buildPortalApp({ config: loadPortalConfig(env), db, logger: false });
      await app.ready();
      return {
        send: async (phone) => (await ctx.systems.sendSms(phone, 'Mã OTP của bạn là 123456')).ok,
        close: () => app.close(),
        destroyDatabase: () => db.destroy(),
      };
    },
  ],
  [
    'ministry portal',
    async (env) => {
      const db = await openMinistryDatabase({ sqlitePath: ':memory:' });
      const { app, ctx } = await buildMinistryApp({ config: loadMinistryConfig(env), db, logger: false });
      await app.ready();
      return {
        send: async (phone) => (await ctx.otp.send(randomUUID(), phone)).ok,
        close: () => app.close(),
        destroyDatabase: () => db.destroy(),
      };
    },
  ],
];

/** The promise's value, or 'pending' when it has not settled within 5 s (a message never sent). */
function within5s<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 5000).unref())]);
}

describe.each(APPS)("the %s's own SMS client", (_name, build) => {
  let gateway: Awaited<ReturnType<typeof recordingGateway>>;
  beforeEach(async () => {
    gateway = await recordingGateway();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await gateway.close();
  });
  const env = (vars: Record<string, string>) => ({
    NODE_ENV: 'test',
    KYSO_SIMULATORS_URL: gateway.url,
    ...vars,
  });

  it('sends each SMS with POST /sms/send when KYSO_SMS_BATCH_GAP_MS is 0', async () => {
    const sms = await build(env({ KYSO_SMS_BATCH_GAP_MS: '0' }));
    try {
      expect(await Promise.all([sms.send('0912345678'), sms.send('0983456789')])).toEqual([true, true]);
      expect(gateway.requests).toEqual([
        { path: '/sms/send', messages: 1 },
        { path: '/sms/send', messages: 1 },
      ]);
    } finally {
      await sms.close();
      await sms.destroyDatabase();
    }
  });

  it('sends the SMS held for the batch gap when the app closes, not when the gap ends', async () => {
    const sms = await build(env({ KYSO_SMS_BATCH_GAP_MS: '1000' }));
    expect(await sms.send('0912345678')).toBe(true);
    // The next SMS waits for the gap (or the turn) on a timer that never fires by itself.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const held = sms.send('0983456789');
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    vi.useRealTimers();
    expect(gateway.requests).toHaveLength(1);
    await sms.close();
    expect(await within5s(held)).toBe(true);
    await sms.destroyDatabase();
    expect(gateway.requests).toEqual([
      { path: '/sms/send-batch', messages: 1 },
      { path: '/sms/send-batch', messages: 1 },
    ]);
  });
});

describe("the national portal's own SMS client", () => {
  it('puts at most KYSO_SMS_BATCH_MAX messages in one request', async () => {
    const gateway = await recordingGateway();
    const db = await memoryDatabase();
    const env = {
      NODE_ENV: 'test',
      KYSO_SIMULATORS_URL: gateway.url,
      KYSO_SMS_BATCH_MAX: '2',
      KYSO_SMS_BATCH_GAP_MS: '1',
    };
    const { app, ctx } = await buildPortalApp({ config: loadPortalConfig(env), db, logger: false });
    try {
      const phones = ['0912345678', '0983456789', '0868123456'];
      const results = await Promise.all(
        phones.map((p) => ctx.systems.sendSms(p, 'Mã OTP của bạn là 123456')),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(gateway.requests).toEqual([
        { path: '/sms/send-batch', messages: 2 },
        { path: '/sms/send-batch', messages: 1 },
      ]);
    } finally {
      await app.close();
      await db.destroy();
      await gateway.close();
    }
  });
});
