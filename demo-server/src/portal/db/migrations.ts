/** Schema migrations, provided in code (no migration folder to ship next to the compiled output). */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { COMMON_TABLES, createCommonTables, type DatabaseKind } from './commonTables.js';

function initial(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('subject', 'varchar(16)', (c) => c.notNull())
        .addColumn('id_number', 'varchar(32)', (c) => c.notNull())
        .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('date_of_birth', 'varchar(10)')
        .addColumn('phone', 'varchar(16)')
        .addColumn('email', 'varchar(254)')
        .addColumn('bhxh_code', 'varchar(10)')
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('verification_level', 'integer', (c) => c.notNull())
        .addColumn('registration_method', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('flows')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject', 'varchar(16)', (c) => c.notNull())
        .addColumn('method', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('messages', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await createCommonTables(db, kind);
    },
    async down(db: Kysely<unknown>) {
      for (const t of [...COMMON_TABLES, 'flows', 'accounts'])
        await db.schema.dropTable(t).ifExists().execute();
    },
  };
}

/** Certificates bound to accounts (USB ký số): issuer + serial + SHA-256 thumbprint, as Web eID advises. */
const accountCertificates: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('account_certificates')
      .addColumn('thumbprint', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
      .addColumn('serial_number', 'varchar(64)', (c) => c.notNull())
      .addColumn('subject', 'varchar(1000)', (c) => c.notNull())
      .addColumn('not_after', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('account_certificates_account')
      .on('account_certificates')
      .column('account_id')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('account_certificates').ifExists().execute();
  },
};

/** Identities at VNeID / PostID linked to accounts, keyed by (issuer, sub) — never by e-mail or name. */
const linkedIdentities: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('linked_identities')
      .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
      .addColumn('subject', 'varchar(255)', (c) => c.notNull())
      .addColumn('provider', 'varchar(16)', (c) => c.notNull())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('linked_identities_pk', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createIndex('linked_identities_account')
      .on('linked_identities')
      .column('account_id')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('linked_identities').ifExists().execute();
  },
};

/**
 * The national portal as OpenID provider: oidc-provider's models (persistent, shared by every instance),
 * its shared keys, and how each session signed in (method, level of assurance, time) beside the sessions table.
 */
const openIdProvider: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('oidc_payloads')
      .addColumn('model', 'varchar(64)', (c) => c.notNull())
      .addColumn('id', 'varchar(255)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('grant_id', 'varchar(255)')
      .addColumn('user_code', 'varchar(255)')
      .addColumn('uid', 'varchar(255)')
      .addColumn('expires_at', 'bigint')
      .addColumn('consumed_at', 'bigint')
      .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
      .execute();
    await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
    await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').column('uid').execute();
    await db.schema.createIndex('oidc_payloads_user_code').on('oidc_payloads').column('user_code').execute();
    await db.schema.createIndex('oidc_payloads_expires').on('oidc_payloads').column('expires_at').execute();
    await db.schema
      .createTable('oidc_keys')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('session_sign_ins')
      .addColumn('session_id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('method', 'varchar(32)', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['session_sign_ins', 'oidc_keys', 'oidc_payloads'])
      await db.schema.dropTable(t).ifExists().execute();
  },
};

/** The migrations, in order; a few column types differ between PostgreSQL and SQLite. */
export function portalMigrations(kind: 'postgres' | 'sqlite'): Record<string, Migration> {
  return {
    '0001_initial': initial(kind),
    '0002_account_certificates': accountCertificates,
    '0003_linked_identities': linkedIdentities,
    '0004_openid_provider': openIdProvider,
  };
}

export function portalMigrationProvider(kind: 'postgres' | 'sqlite'): MigrationProvider {
  return { getMigrations: async () => portalMigrations(kind) };
}

/** Brings the schema to the latest version; throws with the failing migration's error. */
export async function migratePortalDatabase(db: Kysely<unknown>, kind: 'postgres' | 'sqlite'): Promise<void> {
  const migrator = new Migrator({ db, provider: portalMigrationProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
