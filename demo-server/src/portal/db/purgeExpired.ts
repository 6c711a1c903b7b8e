/**
 * Removes state that can no longer be used: expired flows and OTPs, idle or too old sessions, finished
 * rate-limit windows and lockouts that ended long ago. Accounts and the audit log are kept.
 */
import type { PortalLimits } from '../config.js';
import type { PortalDb } from './connect.js';

/** Expired flows and OTPs are kept this long, so that a late request still gets "expired", not "not found". */
export const EXPIRED_GRACE_MS = 60 * 60_000;

export interface PurgeCounts {
  flows: number;
  otps: number;
  sessions: number;
  rateLimits: number;
  lockouts: number;
  /** Expired OpenID-provider rows (sessions, interactions, grants, codes, tokens). */
  oidcPayloads: number;
  /** Sign-in records of sessions that no longer exist. */
  sessionSignIns: number;
}

export async function purgeExpiredState(
  db: PortalDb,
  now: number,
  limits: PortalLimits,
): Promise<PurgeCounts> {
  const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  const flows = n(
    await db
      .deleteFrom('flows')
      .where('expiresAt', '<', now - EXPIRED_GRACE_MS)
      .executeTakeFirst(),
  );
  const otps = n(
    await db
      .deleteFrom('otps')
      .where('expiresAt', '<', now - EXPIRED_GRACE_MS)
      .executeTakeFirst(),
  );
  const sessions = n(
    await db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('lastSeenAt', '<=', now - limits.sessionIdleMs),
          eb('createdAt', '<=', now - limits.sessionAbsoluteMs),
        ]),
      )
      .executeTakeFirst(),
  );
  const longestWindow = Math.max(
    limits.otpSendWindowMs,
    limits.registryCheckWindowMs,
    limits.loginFailureWindowMs,
  );
  const rateLimits = n(
    await db
      .deleteFrom('rateLimits')
      .where('windowStart', '<', now - longestWindow)
      .executeTakeFirst(),
  );
  // A lockout row also remembers how many locks there were (growth); keep it until the longest lock has passed twice.
  const lockouts = n(
    await db
      .deleteFrom('lockouts')
      .where('lockedUntil', '<', now - 2 * limits.lockoutMaxMs)
      .where('updatedAt', '<', now - 2 * limits.lockoutMaxMs)
      .executeTakeFirst(),
  );
  const oidcPayloads = n(
    await db.deleteFrom('oidcPayloads').where('expiresAt', '<=', now).executeTakeFirst(),
  );
  const sessionSignIns = n(
    await db
      .deleteFrom('sessionSignIns')
      .where('sessionIdHash', 'not in', db.selectFrom('sessions').select('idHash'))
      .executeTakeFirst(),
  );
  return { flows, otps, sessions, rateLimits, lockouts, oidcPayloads, sessionSignIns };
}
