/** The ministry audit log: who did what, when, from where; ids and outcomes only, never secrets. */
import type { Clock } from '../../portal/clock.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';

export async function ministryAudit(
  db: MinistryDb,
  clock: Clock,
  event: string,
  accountId: string | null,
  ip: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      at: clock(),
      accountId,
      event: event.slice(0, 64),
      ip: ip.slice(0, 64),
      detail: JSON.stringify(detail),
    })
    .execute();
}

export async function ministryAuditEntries(db: MinistryDb, accountId: string, limit = 50) {
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
