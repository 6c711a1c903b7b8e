/** The account audit log (ASVS V16): who did what, when, from where; never secrets. */
import type { Clock } from '../clock.js';
import type { PortalDb } from '../db/connect.js';

export type AuditEvent =
  | 'registration.completed'
  | 'login.password_ok'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'session.signed_out'
  | 'session.revoked'
  | 'sso.consent_given'
  | 'sso.consent_denied';

export async function audit(
  db: PortalDb,
  clock: Clock,
  event: AuditEvent,
  accountId: string | null,
  ip: string,
  detail: Record<string, string | number | boolean> = {},
): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({ at: clock(), accountId, event, ip: ip.slice(0, 64), detail: JSON.stringify(detail) })
    .execute();
}

export async function auditEntries(db: PortalDb, accountId: string, limit = 50) {
  const rows = await db
    .selectFrom('auditLog')
    .select(['at', 'event', 'ip', 'detail'])
    .where('accountId', '=', accountId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
