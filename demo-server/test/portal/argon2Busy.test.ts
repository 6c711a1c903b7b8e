/**
 * The argon2 wait is bounded: a full queue or a wait past its limit refuses at once with SlotsBusyError
 * (the task never runs), an aborted request's task leaves the queue, and the portal answers a login that
 * got no turn with 503 + Retry-After and SERVER_BUSY (Vietnamese first) — not "wrong password", no failure
 * counted.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_BCA_PASSWORD } from '../../src/ministry/accounts/demoAccounts.js';
import { ConfigError } from '../../src/portal/config.js';
import {
  argon2QueueBounds,
  argon2Slots,
  ConcurrencyLimit,
  SlotsBusyError,
} from '../../src/portal/security/argon2Slots.js';
import { hashPassword, verifyPassword } from '../../src/portal/security/passwordHash.js';
import { abortSignalOfResponse } from '../../src/portal/security/requestAbort.js';
import {
  MinistryClient,
  type MinistryHarness,
  ministryTestConfig,
  startMinistryHarness,
} from '../ministry/ministryTestKit.js';
import {
  ApiClient,
  insertCitizenAccount,
  lastOtp,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { AN, THU } from './registrationFlowSuite.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit bounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a task at once when `maxQueue` tasks already wait, without running it', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueue: 2, maxWaitMs: 60_000 });
    const g = gate();
    const ran: number[] = [];
    const runs = [0, 1, 2].map((i) =>
      limit.run(async () => {
        ran.push(i);
        await g.opened;
        return i;
      }),
    );
    await tick();
    expect([limit.running, limit.queued]).toEqual([1, 2]);
    const refused = limit.run(async () => ran.push(3));
    await expect(refused).rejects.toBeInstanceOf(SlotsBusyError);
    await expect(refused).rejects.toMatchObject({
      reason: 'queue-full',
      code: 'SERVER_BUSY',
      statusCode: 503,
    });
    g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(ran).toEqual([0, 1, 2]);
    expect([limit.running, limit.queued]).toEqual([0, 0]);
  });

  it('a task waiting longer than `maxWaitMs` leaves the queue with wait-timeout; Retry-After is that wait', async () => {
    vi.useFakeTimers();
    const limit = new ConcurrencyLimit(1, { maxQueue: 5, maxWaitMs: 2500 });
    expect(limit.retryAfterSeconds).toBe(3);
    const g = gate();
    const first = limit.run(() => g.opened);
    let ranLate = false;
    const late = limit.run(async () => {
      ranLate = true;
    });
    const settled = late.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2499);
    expect(limit.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled).toMatchObject({ reason: 'wait-timeout', retryAfterSeconds: 3 });
    expect(limit.queued).toBe(0);
    g.open();
    await first;
    expect(ranLate).toBe(false);
    expect(limit.running).toBe(0);
  });

  it('an aborted signal drops the waiting task (never run); the turn passes to the next in order', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueue: 5, maxWaitMs: 60_000 });
    const g = gate();
    const ran: string[] = [];
    const first = limit.run(async () => {
      ran.push('first');
      await g.opened;
    });
    const controller = new AbortController();
    const dropped = limit.run(async () => ran.push('dropped'), controller.signal).catch((e: unknown) => e);
    const after = limit.run(async () => ran.push('after'));
    await tick();
    expect(limit.queued).toBe(2);
    controller.abort();
    expect(await dropped).toMatchObject({ reason: 'aborted' });
    expect(limit.queued).toBe(1);
    g.open();
    await Promise.all([first, after]);
    expect(ran).toEqual(['first', 'after']);
    // Already aborted: refused before taking even a free turn.
    await expect(limit.run(async () => 1, controller.signal)).rejects.toMatchObject({ reason: 'aborted' });
    expect([limit.running, limit.queued]).toEqual([0, 0]);
  });

  it('refuses bounds that are not integers in range', () => {
    expect(() => new ConcurrencyLimit(1, { maxQueue: -1, maxWaitMs: 10 })).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1, { maxQueue: 1, maxWaitMs: 0 })).toThrow(RangeError);
  });
});

describe('argon2QueueBounds (KYSO_ARGON2_QUEUE, KYSO_ARGON2_WAIT_MS)', () => {
  it('defaults to 16 waiting per turn and 2000 ms; takes values in range; else a configuration error', () => {
    expect(argon2QueueBounds({}, 2)).toEqual({ maxQueue: 128, maxWaitMs: 2000 });
    // Twice the pool let in (UV_THREADPOOL_SIZE = cores) still runs one per core: the queue is sized by the cores.
    const cores = availableParallelism();
    expect(argon2QueueBounds({}, 2 * cores).maxQueue).toBe(64 * cores);
    expect(argon2QueueBounds({ KYSO_ARGON2_QUEUE: '0', KYSO_ARGON2_WAIT_MS: '100' }, 2)).toEqual({
      maxQueue: 0,
      maxWaitMs: 100,
    });
    expect(() => argon2QueueBounds({ KYSO_ARGON2_QUEUE: '10001' }, 2)).toThrow(ConfigError);
    expect(() => argon2QueueBounds({ KYSO_ARGON2_WAIT_MS: '99' }, 2)).toThrow('KYSO_ARGON2_WAIT_MS');
  });
});

describe('abortSignalOfResponse', () => {
  it('aborts when the client goes away before the answer; not when the answer was sent', async () => {
    const signals: AbortSignal[] = [];
    const server = createServer((_req, res) => {
      signals.push(abortSignalOfResponse(res));
      if (signals.length === 2) res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const aborted = new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/' });
      req.on('error', () => resolve());
      req.end();
      const wait = setInterval(() => {
        if (signals.length === 1) {
          clearInterval(wait);
          req.destroy();
        }
      }, 5);
    });
    await aborted;
    await vi.waitFor(() => expect(signals[0]?.aborted).toBe(true));
    const answered = await fetch(`http://127.0.0.1:${port}/`);
    expect(await answered.text()).toBe('ok');
    await new Promise<void>((r) => server.close(() => r()));
    expect(signals[1]?.aborted).toBe(false);
  });
});

/**
 * POSTs `body` to `path` of `app` over a real connection, lets the request's argon2 task queue behind held
 * turns, then drops the connection: the task must leave the queue without being computed.
 */
async function abandonWhileQueued(
  app: FastifyInstance,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const slots = argon2Slots();
  const g = gate();
  const holders = Array.from({ length: slots.limit }, () => slots.run(() => g.opened));
  const checks = vi.spyOn(slots, 'run');
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { ...headers, 'content-length': Buffer.byteLength(body) },
  });
  req.on('error', () => undefined);
  req.end(body);
  // The task is queued behind the held turns; then the client goes away.
  await vi.waitFor(() => expect(slots.queued).toBe(1));
  req.destroy();
  await vi.waitFor(() => expect(slots.queued).toBe(0));
  g.open();
  await Promise.all(holders);
  expect(checks).toHaveBeenCalledTimes(1);
  await expect(checks.mock.results[0]?.value).rejects.toMatchObject({ reason: 'aborted' });
  checks.mockRestore();
  expect(slots.running).toBe(0);
}

/** Abandons a JSON POST of the portal's API as `c`'s browser (abandonWhileQueued). */
function abandonApiCall(c: ApiClient, path: string, body: Record<string, unknown>): Promise<void> {
  const headers = { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' };
  return abandonWhileQueued(c.app, path, headers, JSON.stringify(body));
}

describe('password checks with no argon2 turn', () => {
  let simulators: Simulators;
  let h: PortalHarness;
  const PASSWORD = 'Biển#Xanh42';

  beforeAll(async () => {
    simulators = await startTestSimulators();
    h = await startPortalHarness(simulators);
    await insertCitizenAccount(h.db, THU, {
      id: 'a0000000-0000-4000-8000-000000000001',
      passwordHash: await hashPassword(PASSWORD, h.config.pepper),
      createdAt: h.clock(),
    });
  });
  afterAll(async () => {
    await h?.close();
    await simulators?.close();
  });

  /** Takes every argon2 turn and fills the queue; returns the release. */
  async function saturate(): Promise<() => Promise<void>> {
    const slots = argon2Slots();
    const g = gate();
    const holders = Array.from({ length: slots.limit + slots.maxQueue }, () => slots.run(() => g.opened));
    await tick();
    expect([slots.running, slots.queued]).toEqual([slots.limit, slots.maxQueue]);
    return async () => {
      g.open();
      await Promise.all(holders);
    };
  }

  it('verifyPassword rejects with SlotsBusyError (not a false "wrong password")', async () => {
    const hash = await hashPassword(PASSWORD, h.config.pepper);
    const release = await saturate();
    await expect(verifyPassword(hash, PASSWORD, h.config.pepper)).rejects.toBeInstanceOf(SlotsBusyError);
    await release();
    expect(await verifyPassword(hash, PASSWORD, h.config.pepper)).toBe(true);
  });

  it('a login then gets 503, Retry-After and SERVER_BUSY in Vietnamese, no failure counted; it works after', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = c.post('/api/login/flows');
    const id = ((await flow).json() as { id: string }).id;
    const release = await saturate();
    const busy = await c.post(`/api/login/flows/${id}`, {
      username: THU.idNumber,
      password: PASSWORD,
      captcha: 'kiemthu',
    });
    await release();
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe(String(argon2Slots().retryAfterSeconds));
    expect(busy.json()).toEqual({
      error: { code: 'SERVER_BUSY', message: 'Hệ thống đang bận. Vui lòng thử lại sau ít giây.' },
    });
    expect(await h.db.selectFrom('lockouts').selectAll().execute()).toEqual([]);
    // The step is shown again with a new captcha (the answered one was claimed before the check).
    const shown = (await c.get(`/api/login/flows/${id}`)).json() as {
      state: string;
      ui: { captchaQuestion?: string };
    };
    expect(shown.state).toBe('credentials');
    expect(shown.ui.captchaQuestion).toBeTruthy();
    const ok = await c.post(`/api/login/flows/${id}`, {
      username: THU.idNumber,
      password: PASSWORD,
      captcha: 'kiemthu',
    });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as { state: string }).state).toBe('otp');
  });
  it('a login whose client goes away while its password check waits leaves the queue (never computed)', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const id = ((await c.post('/api/login/flows')).json() as { id: string }).id;
    await abandonApiCall(c, `/api/login/flows/${id}`, {
      username: THU.idNumber,
      password: PASSWORD,
      captcha: 'kiemthu',
    });
    expect(await h.db.selectFrom('lockouts').selectAll().execute()).toEqual([]);
  });

  it('a registration whose client goes away while its password hash waits leaves the queue; no account', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = (
      await c.post('/api/registration/flows', { subject: 'congDan', method: 'thueBaoDiDong' })
    ).json() as {
      id: string;
    };
    const step = (body: Record<string, unknown>) => c.post(`/api/registration/flows/${flow.id}`, body);
    expect(((await step({ ...AN, captcha: 'kiemthu' })).json() as { state: string }).state).toBe('otp');
    const otp = await step({ otp: await lastOtp(simulators, AN.phone) });
    expect((otp.json() as { state: string }).state).toBe('password');
    await abandonApiCall(c, `/api/registration/flows/${flow.id}`, {
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(
      await h.db.selectFrom('accounts').select('id').where('idNumber', '=', AN.idNumber).execute(),
    ).toEqual([]);
  });
});

describe('ministry password sign-in with no argon2 turn', () => {
  let simulators: Simulators;
  let m: MinistryHarness;

  beforeAll(async () => {
    simulators = await startTestSimulators();
    m = await startMinistryHarness(ministryTestConfig(simulators.url));
  });
  afterAll(async () => {
    await m?.close();
    await simulators?.close();
  });

  it('a sign-in whose client goes away while its password check waits leaves the queue (never computed)', async () => {
    const c = new MinistryClient(m.app);
    await c.get('/dang-nhap');
    const form = new URLSearchParams({
      idNumber: '001090012345',
      password: DEMO_BCA_PASSWORD,
      _csrf: c.csrf,
    });
    await abandonWhileQueued(
      m.app,
      '/dang-nhap',
      { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      form.toString(),
    );
  });
});
