/**
 * Fixed-window counters and growing temporary lockouts, both stored in the database so that every
 * instance sharing it sees the same numbers.
 */

import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalDatabase } from '../db/schema.js';

/** Any database with the portal's `rate_limits` table. */
export type RateLimitDb = Kysely<Pick<PortalDatabase, 'rateLimits'>>;
/** Any database with the portal's `lockouts` table. */
export type LockoutDb = Kysely<Pick<PortalDatabase, 'lockouts'>>;

// The statements of every login and OTP (read a counter, count one more, read a lock), compiled once.
const selectCounter = precompiledQuery(2, (db: RateLimitDb, bucket: string, key: string) =>
  db
    .selectFrom('rateLimits')
    .select(['windowStart', 'count'])
    .where('bucket', '=', bucket)
    .where('key', '=', key),
);
const incrementCounter = precompiledQuery(
  4,
  (db: RateLimitDb, bucket: string, key: string, windowStart: number, limit: number) =>
    db
      .updateTable('rateLimits')
      .set((eb) => ({ count: eb('count', '+', 1) }))
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('windowStart', '=', windowStart)
      .where('count', '<', limit),
);
const selectLock = precompiledQuery(1, (db: LockoutDb, key: string) =>
  db.selectFrom('lockouts').select('lockedUntil').where('key', '=', key),
);

export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until the window resets. */
  retryAfterMs: number;
}

/**
 * Counts one event in `bucket`/`key` and says whether it is within `limit` per `windowMs`.
 * The `limit`-th event is allowed; the next one in the same window is refused (and not counted).
 */
export async function consumeRate(
  db: RateLimitDb,
  clock: Clock,
  bucket: string,
  key: string,
  limit: number,
  windowMs: number,
): Promise<RateDecision> {
  const now = clock();
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await selectCounter.first(db, bucket, key);
    if (!row) {
      const inserted = await db
        .insertInto('rateLimits')
        .values({ bucket, key, windowStart: now, count: 1 })
        .onConflict((oc) => oc.columns(['bucket', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1)
        return { allowed: limit >= 1, retryAfterMs: 0 };
      continue;
    }
    if (row.windowStart + windowMs <= now) {
      const reset = await db
        .updateTable('rateLimits')
        .set({ windowStart: now, count: 1 })
        .where('bucket', '=', bucket)
        .where('key', '=', key)
        .where('windowStart', '=', row.windowStart)
        .executeTakeFirst();
      if (Number(reset.numUpdatedRows) === 1) return { allowed: true, retryAfterMs: 0 };
      continue;
    }
    if (row.count >= limit) return { allowed: false, retryAfterMs: row.windowStart + windowMs - now };
    if ((await incrementCounter.affected(db, bucket, key, row.windowStart, limit)) === 1)
      return { allowed: true, retryAfterMs: 0 };
  }
  return { allowed: false, retryAfterMs: windowMs };
}

export interface LockoutPolicy {
  /** Failures that trigger a lock. */
  threshold: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Length of the first lock; each further lock doubles, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

export interface LockState {
  locked: boolean;
  lockedUntil: number;
}

export async function lockState(db: LockoutDb, clock: Clock, key: string): Promise<LockState> {
  const row = await selectLock.first(db, key);
  const lockedUntil = row?.lockedUntil ?? 0;
  return { locked: lockedUntil > clock(), lockedUntil };
}

/** Records a failure; when it reaches the threshold the key is locked for a growing time. */
export async function recordFailure(
  db: LockoutDb,
  clock: Clock,
  key: string,
  policy: LockoutPolicy,
): Promise<LockState> {
  const now = clock();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('lockouts').selectAll().where('key', '=', key).executeTakeFirst();
    const stale = !row || row.updatedAt + policy.windowMs <= now;
    let failures = (stale ? 0 : row.failures) + 1;
    let lockCount = row?.lockCount ?? 0;
    let lockedUntil = row?.lockedUntil ?? 0;
    if (failures >= policy.threshold) {
      lockedUntil = now + Math.min(policy.baseMs * 2 ** lockCount, policy.maxMs);
      lockCount += 1;
      failures = 0;
    }
    if (row)
      await trx
        .updateTable('lockouts')
        .set({ failures, lockCount, lockedUntil, updatedAt: now })
        .where('key', '=', key)
        .execute();
    else
      await trx
        .insertInto('lockouts')
        .values({ key, failures, lockCount, lockedUntil, updatedAt: now })
        .execute();
    return { locked: lockedUntil > now, lockedUntil };
  });
}

/** A successful authentication clears the failure count (lock history stays, so repeat attacks grow). */
export async function clearFailures(db: LockoutDb, key: string): Promise<void> {
  await db.updateTable('lockouts').set({ failures: 0 }).where('key', '=', key).execute();
}
