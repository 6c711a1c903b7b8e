/**
 * Limits and lifetimes not covered elsewhere, each at its edge: the session's absolute lifetime (12 h) and
 * its lastSeenAt write interval, and the per-IP limit on registry checks during registration (limit and
 * limit+1, window just before and at its end).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import { SessionStore } from '../../src/portal/security/sessionStore.js';
import {
  ApiClient,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { memoryDatabase } from './testDatabase.js';

describe('session lifetime', () => {
  it('absolute: kept active, a session still works 1 ms before 12 h and is gone at 12 h', async () => {
    const db = await memoryDatabase();
    const clock = manualClock();
    const store = new SessionStore(db, clock, DEFAULT_LIMITS);
    const { token } = await store.create('127.0.0.1', 'test');
    const step = DEFAULT_LIMITS.sessionIdleMs - 60_000;
    let elapsed = 0;
    while (elapsed + step < DEFAULT_LIMITS.sessionAbsoluteMs) {
      clock.advance(step);
      elapsed += step;
      expect(await store.load(token)).toBeDefined();
    }
    clock.advance(DEFAULT_LIMITS.sessionAbsoluteMs - 1 - elapsed);
    expect(await store.load(token)).toBeDefined();
    clock.advance(1);
    expect(await store.load(token)).toBeUndefined();
    // Expired sessions are deleted, not just refused.
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    await db.destroy();
  });

  it('lastSeenAt is written at most once a minute: not at 59.999 s, at 60 s', async () => {
    const db = await memoryDatabase();
    const clock = manualClock();
    const store = new SessionStore(db, clock, DEFAULT_LIMITS);
    const { token, record } = await store.create('127.0.0.1', 'test');
    const seen = async () =>
      (await db.selectFrom('sessions').select('lastSeenAt').executeTakeFirstOrThrow()).lastSeenAt;
    clock.advance(59_999);
    await store.load(token);
    expect(await seen()).toBe(record.createdAt);
    clock.advance(1);
    await store.load(token);
    expect(await seen()).toBe(record.createdAt + 60_000);
    await db.destroy();
  });
});

describe('registration: registry checks per client IP', () => {
  const LIMIT = 2;
  let simulators: Simulators;
  let h: PortalHarness;
  beforeAll(async () => {
    simulators = await startTestSimulators();
    h = await startPortalHarness(simulators, {
      config: { limits: { ...DEFAULT_LIMITS, registryChecksPerIp: LIMIT } },
    });
  });
  afterAll(async () => {
    await h.close();
    await simulators.close();
  });

  /** A registration whose population check fails (wrong name), so every submission reaches the registries. */
  async function check(c: ApiClient): Promise<string[]> {
    const flow = (
      await c.post('/api/registration/flows', { subject: 'congDan', method: 'thueBaoDiDong' })
    ).json() as { id: string };
    const r = await c.post(`/api/registration/flows/${flow.id}`, {
      idNumber: '001090012345',
      fullName: 'Nguyễn Văn Khác',
      dateOfBirth: '15/03/1990',
      phone: '0912345678',
      captcha: 'kiemthu',
    });
    return (r.json() as { messages: { code: string }[] }).messages.map((m) => m.code);
  }

  it('the limit-th check runs, limit+1 is refused until the window ends (refused 1 ms before, allowed at)', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    for (let i = 0; i < LIMIT; i++) expect(await check(c)).toEqual(['POPULATION_MISMATCH']);
    expect(await check(c)).toEqual(['RATE_LIMITED']);
    h.clock.advance(DEFAULT_LIMITS.registryCheckWindowMs - 1);
    // A fresh session does not help: the limit is per address.
    const other = await new ApiClient(h.instances[0]!).start();
    expect(await check(other)).toEqual(['RATE_LIMITED']);
    h.clock.advance(1);
    expect(await check(other)).toEqual(['POPULATION_MISMATCH']);
  });
});
