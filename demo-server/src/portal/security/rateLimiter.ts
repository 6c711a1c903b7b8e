/**
 * Fixed-window counters and growing temporary lockouts, both stored in the database so that every
 * instance sharing it sees the same numbers.
 */

import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { Clock } from '../clock.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalDatabase } from '../db/schema.js';

/** Any database with the portal's `rate_limits` table. */
export type RateLimitDb = Kysely<Pick<PortalDatabase, 'rateLimits'>>;
/** Any database with the portal's `lockouts` table. */
export type LockoutDb = Kysely<Pick<PortalDatabase, 'lockouts'>>;

/**
 * One atomic statement per event: a new counter, a counter whose window has passed started again, or one
 * more event in the current window while it is below the limit; no row comes back when refused. A builder,
 * so that a statement may carry it as a CTE (otpService.ts on PostgreSQL).
 */
export function countEventQuery(
  db: QueryCreator<Pick<PortalDatabase, 'rateLimits'>>,
  bucket: string,
  key: string,
  now: number,
  expiredBefore: number,
  limit: number,
) {
  return db
    .insertInto('rateLimits')
    .values({ bucket, key, windowStart: now, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'key'])
        .doUpdateSet((eb) => ({
          windowStart: eb
            .case()
            .when('rateLimits.windowStart', '<=', expiredBefore)
            .then(now)
            .else(eb.ref('rateLimits.windowStart'))
            .end(),
          count: eb
            .case()
            .when('rateLimits.windowStart', '<=', expiredBefore)
            .then(1)
            .else(eb('rateLimits.count', '+', 1))
            .end(),
        }))
        .where((eb) =>
          eb.or([eb('rateLimits.windowStart', '<=', expiredBefore), eb('rateLimits.count', '<', limit)]),
        ),
    )
    .returning(['count']);
}

/** Compiled once: every OTP and login counts an event. */
const countEvent = precompiledQuery(
  5,
  (db: RateLimitDb, bucket: string, key: string, now: number, expiredBefore: number, limit: number) =>
    countEventQuery(db, bucket, key, now, expiredBefore, limit),
);
const selectWindowStart = precompiledQuery(2, (db: RateLimitDb, bucket: string, key: string) =>
  db.selectFrom('rateLimits').select('windowStart').where('bucket', '=', bucket).where('key', '=', key),
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
  const counted = await countEvent.first(db, bucket, key, now, now - windowMs, limit);
  if (counted && counted.count <= limit) return { allowed: true, retryAfterMs: 0 };
  return rateRefusal(db, bucket, key, now, windowMs);
}

/** The decision for an event the counter refused at `now`: refused until its window resets. */
export async function rateRefusal(
  db: RateLimitDb,
  bucket: string,
  key: string,
  now: number,
  windowMs: number,
): Promise<RateDecision> {
  const row = await selectWindowStart.first(db, bucket, key);
  return { allowed: false, retryAfterMs: row ? Math.max(0, row.windowStart + windowMs - now) : windowMs };
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

/**
 * The lock lengths before the cap: `baseMs`, 2×, 4×, … while below `maxMs` (at most 64 of them); every later
 * lock is `maxMs`.
 */
export function lockLengths(policy: Pick<LockoutPolicy, 'baseMs' | 'maxMs'>): number[] {
  const lengths: number[] = [];
  for (let n = 0; n < 64 && policy.baseMs * 2 ** n < policy.maxMs; n++) lengths.push(policy.baseMs * 2 ** n);
  return lengths;
}

/** A bigint literal parameter (PostgreSQL cannot infer the type of a CASE of parameters alone). */
const bigintValue = (n: number) => sql<number>`cast(${n} as bigint)`;

/**
 * Records a failure; when it reaches the threshold the key is locked for a growing time. One atomic
 * statement (INSERT … ON CONFLICT DO UPDATE, the lock computed in SQL), so concurrent failures on one key —
 * first ones included — are all counted, on SQLite and PostgreSQL alike.
 */
export async function recordFailure(
  db: LockoutDb,
  clock: Clock,
  key: string,
  policy: LockoutPolicy,
): Promise<LockState> {
  const now = clock();
  const lengths = lockLengths(policy);
  const firstLocks = policy.threshold <= 1;
  const firstLength = Math.min(policy.baseMs, policy.maxMs);
  const row = await db
    .insertInto('lockouts')
    .values({
      key,
      failures: firstLocks ? 0 : 1,
      lockCount: firstLocks ? 1 : 0,
      lockedUntil: firstLocks ? now + firstLength : 0,
      updatedAt: now,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        // The failures counted with this one: the window restarts when the last failure is older than it.
        const counted = eb
          .case()
          .when('lockouts.updatedAt', '<=', now - policy.windowMs)
          .then(1)
          .else(eb('lockouts.failures', '+', 1))
          .end();
        const reached = eb(counted, '>=', policy.threshold);
        const lockCount = eb.ref('lockouts.lockCount');
        const byCount = lengths.map((ms, n) => sql`when ${lockCount} = ${n} then ${bigintValue(now + ms)}`);
        const lockedUntil =
          byCount.length === 0
            ? bigintValue(now + policy.maxMs)
            : sql<number>`case ${sql.join(byCount, sql` `)} else ${bigintValue(now + policy.maxMs)} end`;
        return {
          failures: eb.case().when(reached).then(0).else(counted).end(),
          lockCount: eb
            .case()
            .when(reached)
            .then(eb('lockouts.lockCount', '+', 1))
            .else(eb.ref('lockouts.lockCount'))
            .end(),
          lockedUntil: eb.case().when(reached).then(lockedUntil).else(eb.ref('lockouts.lockedUntil')).end(),
          updatedAt: now,
        };
      }),
    )
    .returning('lockedUntil')
    .executeTakeFirstOrThrow();
  const lockedUntil = Number(row.lockedUntil);
  return { locked: lockedUntil > now, lockedUntil };
}

/** A successful authentication clears the failure count (lock history stays, so repeat attacks grow). */
export async function clearFailures(db: LockoutDb, key: string): Promise<void> {
  await db.updateTable('lockouts').set({ failures: 0 }).where('key', '=', key).execute();
}
