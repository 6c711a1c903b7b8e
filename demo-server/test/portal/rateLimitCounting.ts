/** consumeRate's counting, shared by the SQLite and PostgreSQL runs. */
import { expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { consumeRate } from '../../src/portal/security/rateLimiter.js';

export function rateLimitCountingSuite(database: () => PortalDb, prefix: string): void {
  it('the limit-th event passes, limit+1 is refused and not counted, the window restarts after windowMs', async () => {
    const db = database();
    const clock = manualClock();
    const bucket = `${prefix}-window`;
    for (let i = 0; i < 3; i++)
      expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(true);
    clock.advance(400);
    expect(await consumeRate(db, clock, bucket, 'k', 3, 1000)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(await consumeRate(db, clock, bucket, 'k', 3, 1000)).toEqual({ allowed: false, retryAfterMs: 600 });
    const row = await db
      .selectFrom('rateLimits')
      .select('count')
      .where('bucket', '=', bucket)
      .where('key', '=', 'k')
      .executeTakeFirst();
    expect(row?.count).toBe(3);
    clock.advance(599);
    expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(false);
    clock.advance(1);
    expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(true);
    expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(true);
    expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(true);
    expect((await consumeRate(db, clock, bucket, 'k', 3, 1000)).allowed).toBe(false);
  });

  it('a limit of 0 refuses even the first event', async () => {
    const db = database();
    const r = await consumeRate(db, manualClock(), `${prefix}-zero`, 'k', 0, 1000);
    expect(r.allowed).toBe(false);
  });

  it('events at the same moment never pass the limit together', async () => {
    const db = database();
    const clock = manualClock();
    const bucket = `${prefix}-burst`;
    const all = await Promise.all(
      Array.from({ length: 12 }, () => consumeRate(db, clock, bucket, 'k', 5, 60_000)),
    );
    expect(all.filter((r) => r.allowed)).toHaveLength(5);
  });
}
