import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import type { PortalDb } from '../../src/portal/db/connect.js';
import {
  clearFailures,
  consumeRate,
  lockState,
  recordFailure,
} from '../../src/portal/security/rateLimiter.js';
import { memoryDatabase } from './testDatabase.js';

describe('database rate limits and lockouts', () => {
  let db: PortalDb;
  const clock = manualClock();
  beforeEach(async () => {
    db = await memoryDatabase();
  });

  it('fixed window: the limit-th event passes, limit+1 is refused, the next window starts again', async () => {
    for (let i = 0; i < 3; i++) expect((await consumeRate(db, clock, 'b', 'k', 3, 1000)).allowed).toBe(true);
    expect(await consumeRate(db, clock, 'b', 'k', 3, 1000)).toEqual({ allowed: false, retryAfterMs: 1000 });
    clock.advance(999);
    expect((await consumeRate(db, clock, 'b', 'k', 3, 1000)).allowed).toBe(false);
    clock.advance(1);
    expect((await consumeRate(db, clock, 'b', 'k', 3, 1000)).allowed).toBe(true);
    expect((await consumeRate(db, clock, 'b', 'other', 3, 1000)).allowed).toBe(true);
  });

  const policy = { threshold: 3, windowMs: 10_000, baseMs: 1000, maxMs: 3000 };

  it('lockout: threshold-1 failures do not lock, the threshold-th locks for baseMs', async () => {
    await recordFailure(db, clock, 'acct:x', policy);
    expect((await recordFailure(db, clock, 'acct:x', policy)).locked).toBe(false);
    expect((await recordFailure(db, clock, 'acct:x', policy)).locked).toBe(true);
    clock.advance(999);
    expect((await lockState(db, clock, 'acct:x')).locked).toBe(true);
    clock.advance(1);
    expect((await lockState(db, clock, 'acct:x')).locked).toBe(false);
  });

  it('lockouts grow (1 s, 2 s, then capped at 3 s)', async () => {
    const lengths: number[] = [];
    for (let round = 0; round < 3; round++) {
      let s = { locked: false, lockedUntil: 0 };
      for (let i = 0; i < policy.threshold; i++) s = await recordFailure(db, clock, 'acct:y', policy);
      lengths.push(s.lockedUntil - clock());
      clock.set(s.lockedUntil);
    }
    expect(lengths).toEqual([1000, 2000, 3000]);
  });

  it('failures older than the window are forgotten; success clears the count', async () => {
    await recordFailure(db, clock, 'acct:z', policy);
    await recordFailure(db, clock, 'acct:z', policy);
    clock.advance(policy.windowMs);
    expect((await recordFailure(db, clock, 'acct:z', policy)).locked).toBe(false);
    await clearFailures(db, 'acct:z');
    await recordFailure(db, clock, 'acct:z', policy);
    expect((await recordFailure(db, clock, 'acct:z', policy)).locked).toBe(false);
  });
});
