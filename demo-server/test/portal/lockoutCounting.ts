/** recordFailure's counting, shared by the SQLite and PostgreSQL runs: every failure counts, even at once. */
import { expect, it } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { lockLengths, recordFailure } from '../../src/portal/security/rateLimiter.js';

const policy = { threshold: 5, windowMs: 900_000, baseMs: 60_000, maxMs: 3_600_000 };
const clock = () => 1_000_000;

async function lockRow(db: PortalDb, key: string) {
  return db
    .selectFrom('lockouts')
    .select(['failures', 'lockCount', 'lockedUntil', 'updatedAt'])
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

export function lockoutCountingSuite(database: () => PortalDb, prefix: string): void {
  it('20 failures at once on a key that has one: all counted (4 locks, 1 failure left), none fails', async () => {
    const db = database();
    const key = `${prefix}:existing`;
    await recordFailure(db, clock, key, policy);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => recordFailure(db, clock, key, policy)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const row = await lockRow(db, key);
    expect({ failures: row.failures, lockCount: row.lockCount }).toEqual({ failures: 1, lockCount: 4 });
    // The fourth lock: 60 s × 2³ = 480 s.
    expect(Number(row.lockedUntil)).toBe(1_000_000 + 480_000);
    const locked = results.filter((r) => r.status === 'fulfilled' && r.value.locked).length;
    expect(locked).toBeGreaterThanOrEqual(4);
  });

  it('10 first failures at once on a new key: no duplicate-key error, all counted (2 locks)', async () => {
    const db = database();
    const key = `${prefix}:new`;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => recordFailure(db, clock, key, policy)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const row = await lockRow(db, key);
    expect({ failures: row.failures, lockCount: row.lockCount }).toEqual({ failures: 0, lockCount: 2 });
    expect(Number(row.lockedUntil)).toBe(1_000_000 + 120_000);
  });

  it('a threshold of 1 locks on the first failure; a stale count restarts; lengths cap at maxMs', async () => {
    const db = database();
    const key = `${prefix}:one`;
    const one = { threshold: 1, windowMs: 1000, baseMs: 1000, maxMs: 2500 };
    let now = 5_000_000;
    const at = () => now;
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await recordFailure(db, at, key, one);
      expect(s.locked).toBe(true);
      seen.push(s.lockedUntil - now);
      now = s.lockedUntil;
    }
    expect(seen).toEqual([1000, 2000, 2500, 2500]);
    const stale = `${prefix}:stale`;
    const three = { threshold: 3, windowMs: 1000, baseMs: 1000, maxMs: 2500 };
    await recordFailure(db, () => 0, stale, three);
    await recordFailure(db, () => 500, stale, three);
    // 1000 ms after the last failure the count starts again at 1: no lock at the third.
    expect((await recordFailure(db, () => 1500, stale, three)).locked).toBe(false);
    expect((await lockRow(db, stale)).failures).toBe(1);
    expect((await recordFailure(db, () => 1600, stale, three)).locked).toBe(false);
    expect((await recordFailure(db, () => 1700, stale, three)).lockedUntil).toBe(2700);
  });

  it('lockLengths: base, doubling while below the cap', () => {
    expect(lockLengths({ baseMs: 60_000, maxMs: 3_600_000 })).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000,
    ]);
    expect(lockLengths({ baseMs: 5000, maxMs: 5000 })).toEqual([]);
  });
}
