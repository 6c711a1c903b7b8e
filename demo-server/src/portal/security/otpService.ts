/**
 * SMS one-time codes: 6 digits from the CSPRNG, stored only as a keyed digest bound to the flow and the
 * phone, valid `otpTtlMs`, `otpMaxAttemptsPerCode` wrong entries per code, resend cooldown and a per-phone
 * send limit. A code is deleted when it is used.
 */

import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { PortalLimits } from '../config.js';
import { isPostgres } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalDatabase } from '../db/schema.js';
import type { NationalSystems } from '../externals/simulatorsClient.js';
import { consumeRate, countEventQuery, rateRefusal } from './rateLimiter.js';
import { digestMatches, randomDigits, secretDigest } from './secretDigest.js';

export const OTP_DIGITS = 6;

export type OtpSendResult =
  | { ok: true; expiresAt: number; resendAt: number }
  | { ok: false; code: 'OTP_RESEND_COOLDOWN'; retryAfterMs: number }
  | { ok: false; code: 'OTP_SEND_LIMIT'; retryAfterMs: number }
  | { ok: false; code: 'SMS_UNAVAILABLE' };

export type OtpCheckResult =
  | { ok: true }
  | { ok: false; code: 'OTP_FAILED'; attemptsLeft: number }
  | { ok: false; code: 'OTP_EXPIRED' | 'OTP_TOO_MANY' };

/** Any database with the portal's `otps` and `rate_limits` tables (the national portal's, the ministry's). */
export type OtpDb = Kysely<Pick<PortalDatabase, 'otps' | 'rateLimits'>>;

export interface OtpServiceDeps {
  db: OtpDb;
  clock: Clock;
  limits: Pick<
    PortalLimits,
    'otpTtlMs' | 'otpResendCooldownMs' | 'otpMaxAttemptsPerCode' | 'otpSendsPerPhone' | 'otpSendWindowMs'
  >;
  pepper: string;
  systems: Pick<NationalSystems, 'sendSms'>;
  /** SMS text carrying the code (default: the national portal's `otpSmsText`). */
  smsText?: (code: string) => string;
  /** Code generator (tests may pin it; default: 6 random digits). */
  generate?: () => string;
}

export function otpSmsText(code: string): string {
  return `[DVCQG] Ma xac thuc (OTP) cua ban la ${code}. Ma co hieu luc trong 2 phut. Khong chia se ma nay cho bat ky ai.`;
}

// Every password login issues a code: the cooldown read and the upsert, compiled once.
const selectIssuedAt = precompiledQuery(1, (db: OtpDb, flowId: string) =>
  db.selectFrom('otps').select('issuedAt').where('flowId', '=', flowId),
);
const upsertCode = precompiledQuery(
  5,
  (db: OtpDb, flowId: string, phone: string, codeDigest: string, issuedAt: number, expiresAt: number) =>
    db
      .insertInto('otps')
      .values({ flowId, phone, codeDigest, issuedAt, expiresAt, wrongAttempts: 0 })
      .onConflict((oc) =>
        oc.column('flowId').doUpdateSet({ phone, codeDigest, issuedAt, expiresAt, wrongAttempts: 0 }),
      ),
);

/**
 * PostgreSQL: the per-phone send counted and the code stored in one statement — the code only from the
 * counter's row, i.e. only when the send is within the limit (no row back: refused, nothing stored).
 */
const countAndUpsertCode = precompiledQuery(
  9,
  (
    db: OtpDb,
    phone: string,
    now: number,
    expiredBefore: number,
    limit: number,
    flowId: string,
    codeDigest: string,
    issuedAt: number,
    expiresAt: number,
    bucket: string,
  ) =>
    db
      .with('counted', (q) => countEventQuery(q, bucket, phone, now, expiredBefore, limit))
      .insertInto('otps')
      .columns(['flowId', 'phone', 'codeDigest', 'issuedAt', 'expiresAt', 'wrongAttempts'])
      .expression((eb) =>
        eb
          .selectFrom('counted')
          .select([
            sql<string>`cast(${flowId} as text)`.as('flowId'),
            sql<string>`cast(${phone} as text)`.as('phone'),
            sql<string>`cast(${codeDigest} as text)`.as('codeDigest'),
            sql<number>`cast(${issuedAt} as bigint)`.as('issuedAt'),
            sql<number>`cast(${expiresAt} as bigint)`.as('expiresAt'),
            sql<number>`0`.as('wrongAttempts'),
          ])
          // As consumeRate: a counter row over the limit (a new counter under a limit below 1) refuses too.
          .where('counted.count', '<=', limit),
      )
      .onConflict((oc) =>
        oc.column('flowId').doUpdateSet((eb) => ({
          phone: eb.ref('excluded.phone'),
          codeDigest: eb.ref('excluded.codeDigest'),
          issuedAt: eb.ref('excluded.issuedAt'),
          expiresAt: eb.ref('excluded.expiresAt'),
          wrongAttempts: 0,
        })),
      )
      .returning('flowId'),
);

/** The per-phone send counter's bucket. */
const SEND_BUCKET = 'otp-send-phone';

export class OtpService {
  constructor(private readonly deps: OtpServiceDeps) {}

  private digest(flowId: string, phone: string, code: string): string {
    return secretDigest(this.deps.pepper, 'otp', `${flowId}:${phone}`, code);
  }

  /**
   * Issues a new code for `flowId` (replacing any earlier one) and sends it by SMS. `known` is the flow's
   * current code as the caller has just read it (undefined issuedAt: none), which spares reading it again.
   */
  async send(
    flowId: string,
    phone: string,
    known?: { issuedAt: number | undefined },
  ): Promise<OtpSendResult> {
    const { db, clock, limits } = this.deps;
    const now = clock();
    const existing = known
      ? known.issuedAt === undefined
        ? undefined
        : { issuedAt: known.issuedAt }
      : await selectIssuedAt.first(db, flowId);
    if (existing && existing.issuedAt + limits.otpResendCooldownMs > now)
      return {
        ok: false,
        code: 'OTP_RESEND_COOLDOWN',
        retryAfterMs: existing.issuedAt + limits.otpResendCooldownMs - now,
      };
    const code = this.deps.generate ? this.deps.generate() : randomDigits(OTP_DIGITS);
    const codeDigest = this.digest(flowId, phone, code);
    const expiresAt = now + limits.otpTtlMs;
    const { otpSendsPerPhone: limit, otpSendWindowMs: windowMs } = limits;
    if (isPostgres(db)) {
      const stored = await countAndUpsertCode.first(
        db,
        phone,
        now,
        now - windowMs,
        limit,
        flowId,
        codeDigest,
        now,
        expiresAt,
        SEND_BUCKET,
      );
      if (!stored) {
        const refused = await rateRefusal(db, SEND_BUCKET, phone, now, windowMs);
        return { ok: false, code: 'OTP_SEND_LIMIT', retryAfterMs: refused.retryAfterMs };
      }
    } else {
      const rate = await consumeRate(db, clock, SEND_BUCKET, phone, limit, windowMs);
      if (!rate.allowed) return { ok: false, code: 'OTP_SEND_LIMIT', retryAfterMs: rate.retryAfterMs };
      await upsertCode.execute(db, flowId, phone, codeDigest, now, expiresAt);
    }
    const sent = await this.deps.systems.sendSms(phone, (this.deps.smsText ?? otpSmsText)(code));
    if (!sent.ok) {
      await db.deleteFrom('otps').where('flowId', '=', flowId).execute();
      return { ok: false, code: 'SMS_UNAVAILABLE' };
    }
    return { ok: true, expiresAt, resendAt: now + limits.otpResendCooldownMs };
  }

  /** Checks an entered code. Success consumes it; the `otpMaxAttemptsPerCode`-th wrong entry burns it. */
  async check(flowId: string, entered: string): Promise<OtpCheckResult> {
    const { db, clock, limits } = this.deps;
    const now = clock();
    const row = await db.selectFrom('otps').selectAll().where('flowId', '=', flowId).executeTakeFirst();
    if (!row) return { ok: false, code: 'OTP_FAILED', attemptsLeft: 0 };
    if (row.wrongAttempts >= limits.otpMaxAttemptsPerCode) return { ok: false, code: 'OTP_TOO_MANY' };
    if (now >= row.expiresAt) return { ok: false, code: 'OTP_EXPIRED' };
    const code = String(entered ?? '').replace(/\s+/g, '');
    if (/^\d{6}$/.test(code) && digestMatches(row.codeDigest, this.digest(flowId, row.phone, code))) {
      const del = await db
        .deleteFrom('otps')
        .where('flowId', '=', flowId)
        .where('codeDigest', '=', row.codeDigest)
        .where('wrongAttempts', '<', limits.otpMaxAttemptsPerCode)
        .executeTakeFirst();
      // Another request used (or burned) the code at the same moment.
      if (Number(del.numDeletedRows) !== 1) return { ok: false, code: 'OTP_FAILED', attemptsLeft: 0 };
      return { ok: true };
    }
    await db
      .updateTable('otps')
      .set((eb) => ({ wrongAttempts: eb('wrongAttempts', '+', 1) }))
      .where('flowId', '=', flowId)
      .execute();
    const wrong = row.wrongAttempts + 1;
    if (wrong >= limits.otpMaxAttemptsPerCode) return { ok: false, code: 'OTP_TOO_MANY' };
    return { ok: false, code: 'OTP_FAILED', attemptsLeft: limits.otpMaxAttemptsPerCode - wrong };
  }

  async discard(flowId: string): Promise<void> {
    await this.deps.db.deleteFrom('otps').where('flowId', '=', flowId).execute();
  }
}
