/**
 * Schema of the ministry database, in code. The ministry's own migrations (`bca_NNN_*`) run first, then the dossier
 * module's (`dossier_NNN_*`, sorted after them) through the same migrator.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { COMMON_TABLES, createCommonTables, type DatabaseKind } from '../../portal/db/commonTables.js';

type Kind = DatabaseKind;

function initial(kind: Kind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('subject', 'varchar(16)', (c) => c.notNull())
        .addColumn('id_number', 'varchar(16)', (c) => c.notNull())
        .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('date_of_birth', 'varchar(8)')
        .addColumn('gender', 'integer')
        .addColumn('address', 'varchar(500)')
        .addColumn('phone', 'varchar(16)')
        .addColumn('email', 'varchar(254)')
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('national_claims', 'text')
        .addColumn('origin', 'varchar(8)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('accounts_identity', ['subject', 'id_number'])
        .execute();
      await db.schema
        .createTable('federated_identities')
        .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('id_number', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('federated_identities_pk', ['issuer', 'subject'])
        .execute();
      // One national identity per issuer and account: a second one cannot be attached beside the first.
      await db.schema
        .createIndex('federated_identities_account')
        .on('federated_identities')
        .columns(['account_id', 'issuer'])
        .unique()
        .execute();
      await db.schema
        .createTable('sso_requests')
        .addColumn('state', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
        .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
        .addColumn('return_to', 'varchar(500)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('national_logins')
        .addColumn('session_id_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
        .addColumn('sid', 'varchar(255)')
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('id_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('national_logins_sid')
        .on('national_logins')
        .columns(['issuer', 'sid'])
        .execute();
      await db.schema
        .createIndex('national_logins_sub')
        .on('national_logins')
        .columns(['issuer', 'subject'])
        .execute();
      await db.schema
        .createTable('ministry_flows')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('purpose', 'varchar(8)', (c) => c.notNull())
        .addColumn('step', 'varchar(16)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(64)')
        .addColumn('issuer', 'varchar(500)')
        .addColumn('subject', 'varchar(255)')
        .addColumn('claims', 'text')
        .addColumn('return_to', 'varchar(500)', (c) => c.notNull())
        .addColumn('usb_nonce', 'varchar(64)')
        .addColumn('usb_nonce_issued_at', 'bigint')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('logout_tokens')
        .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
        .addColumn('jti', 'varchar(255)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('logout_tokens_pk', ['issuer', 'jti'])
        .execute();
      // The national portal's generic tables, same shapes (its session store, OTP service and limiter).
      await createCommonTables(db, kind);
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        ...COMMON_TABLES,
        'logout_tokens',
        'ministry_flows',
        'national_logins',
        'sso_requests',
        'federated_identities',
        'accounts',
      ])
        await db.schema.dropTable(t).ifExists().execute();
    },
  };
}

/** Ministry officers (cán bộ tiếp nhận / xử lý hồ sơ): a role on a local account, with the officer's unit. */
const officers: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('officers')
      .addColumn('account_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('unit', 'varchar(200)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('officers').ifExists().execute();
  },
};

/** The level of assurance an SSO request asked for, checked against the ID token's `acr` at the callback. */
const ssoRequestAcr: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sso_requests').addColumn('acr', 'varchar(8)').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('sso_requests').dropColumn('acr').execute();
  },
};

/** Passwords being set on SSO-created accounts, until the SMS OTP is confirmed. */
const passwordSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('password_settings')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('password_settings').ifExists().execute();
  },
};

export function ministryMigrations(kind: Kind): Record<string, Migration> {
  // Named bca_NNN_* so they sort (and run) before the dossier module's dossier_NNN_*.
  return {
    bca_001_initial: initial(kind),
    bca_002_officers: officers,
    bca_003_sso_request_acr: ssoRequestAcr,
    bca_004_password_settings: passwordSettings,
  };
}

/**
 * Brings the schema to the latest version: the ministry's migrations, then `extra` (the dossier module's).
 * Throws with the failing migration's name.
 */
export async function migrateMinistryDatabase(
  db: Kysely<unknown>,
  kind: Kind,
  extra: Record<string, Migration> = {},
): Promise<void> {
  const own = ministryMigrations(kind);
  for (const name of Object.keys(extra))
    if (Object.hasOwn(own, name)) throw new Error(`migration ${name} is defined twice`);
  const provider: MigrationProvider = { getMigrations: async () => ({ ...own, ...extra }) };
  // Two modules share the table: a ministry migration added later (bca_004…) sorts before the dossier
  // module's already executed ones (dossier_…), so an existing database must accept it out of order — it
  // still runs once, and a fresh database runs everything in name order.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'ministry_migrations',
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
