/**
 * The account audit log (ASVS V16): who did what, when, from where; ids and outcomes only, never secrets.
 * The national portal and the ministry portal both keep one (the `audit_log` table of `db/commonTables.ts`).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalDatabase } from '../db/schema.js';

/** Any database with the audit-log table. */
export type AuditDb = Kysely<Pick<PortalDatabase, 'auditLog'>>;

/** One entry per login and more: compiled once. */
const insertEntry = precompiledQuery(
  5,
  (db: AuditDb, at: number, accountId: string | null, event: string, ip: string, detail: string) =>
    db.insertInto('auditLog').values({ at, accountId, event, ip, detail }),
);

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

/** An entry of the national portal (its events are a closed list). */
export function audit(
  db: AuditDb,
  clock: Clock,
  event: AuditEvent,
  accountId: string | null,
  ip: string,
  detail: Record<string, string | number | boolean> = {},
): Promise<void> {
  return appendAudit(db, clock, event, accountId, ip, detail);
}

/** An entry's stored columns. */
export type AuditRow = [at: number, accountId: string | null, event: string, ip: string, detail: string];

/** The stored columns of an entry (at, account, event, ip, detail), cut to the table's sizes. */
export function auditRow(
  clock: Clock,
  event: string,
  accountId: string | null,
  ip: string,
  detail: Record<string, unknown> = {},
): AuditRow {
  return [clock(), accountId, event.slice(0, 64), ip.slice(0, 64), JSON.stringify(detail)];
}

/** An entry with any event name (the ministry portal and its dossier module name their own). */
export async function appendAudit(
  db: AuditDb,
  clock: Clock,
  event: string,
  accountId: string | null,
  ip: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await insertEntry.execute(db, ...auditRow(clock, event, accountId, ip, detail));
}

export async function auditEntries(db: AuditDb, accountId: string, limit = 50) {
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
