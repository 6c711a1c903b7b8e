/**
 * Tables of the dossier module, created by the ministry app's migrator after its own migrations. Column
 * names are snake_case (the module reads them through Kysely's CamelCasePlugin); times are milliseconds
 * since the epoch in bigint columns; signatures and certificates are base64 text (same on SQLite and PG).
 */
import type { Kysely } from 'kysely';
import type { DossierMigrations } from './dossierHost.js';

export const dossierMigrations: DossierMigrations = {
  dossier_001_dossiers: {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on the app's database, whatever its type
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('dossiers')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('reference', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('declarant_subject', 'varchar(16)', (c) => c.notNull())
        .addColumn('declarant_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('procedure_code', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('declaration', 'text', (c) => c.notNull())
        .addColumn('declaration_sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('signature_method', 'varchar(16)')
        .addColumn('cms', 'text')
        .addColumn('signer_id', 'varchar(32)')
        .addColumn('signer_name', 'varchar(200)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dossiers_account').on('dossiers').column('account_id').execute();
      await db.schema.createIndex('dossiers_status').on('dossiers').column('status').execute();
      await db.schema
        .createTable('dossier_events')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('dossier_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_name', 'varchar(200)')
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_status', 'varchar(16)')
        .addColumn('to_status', 'varchar(16)')
        .addColumn('note', 'text')
        .addUniqueConstraint('dossier_events_seq', ['dossier_id', 'seq'])
        .execute();
      await db.schema
        .createTable('dossier_signings')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('dossier_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('method', 'varchar(8)', (c) => c.notNull())
        .addColumn('step', 'varchar(16)', (c) => c.notNull())
        .addColumn('phone', 'varchar(16)')
        .addColumn('transaction_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('challenge', 'text')
        .addColumn('certificate', 'text')
        .addColumn('chain', 'text')
        .addColumn('signing_time', 'bigint')
        .addColumn('to_be_signed', 'varchar(128)')
        .addColumn('verification_code', 'varchar(4)', (c) => c.notNull())
        .addColumn('outcome', 'varchar(48)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('dossier_signings_dossier')
        .on('dossier_signings')
        .column('dossier_id')
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('dossier_signings').execute();
      await db.schema.dropTable('dossier_events').execute();
      await db.schema.dropTable('dossiers').execute();
    },
  },
};
