/**
 * Tables every portal database has, in the same shapes: sessions, OTPs, rate-limit counters, lockouts and the
 * audit log — what `security/sessionStore.ts`, `otpService.ts`, `rateLimiter.ts` and `auditLog.ts` use. Created
 * by the national portal's and the ministry portal's first migrations.
 */
import type { Kysely } from 'kysely';

export type DatabaseKind = 'postgres' | 'sqlite';

/** Their names, in an order that can be dropped. */
export const COMMON_TABLES = ['audit_log', 'lockouts', 'rate_limits', 'otps', 'sessions'] as const;

export async function createCommonTables(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(64)')
    .addColumn('user_agent', 'varchar(200)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
  await db.schema
    .createTable('otps')
    .addColumn('flow_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('phone', 'varchar(16)', (c) => c.notNull())
    .addColumn('code_digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('wrong_attempts', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'varchar(32)', (c) => c.notNull())
    .addColumn('key', 'varchar(128)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'key'])
    .execute();
  await db.schema
    .createTable('lockouts')
    .addColumn('key', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('lock_count', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (c) =>
      kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'varchar(64)')
    .addColumn('event', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_account').on('audit_log').columns(['account_id', 'at']).execute();
}
