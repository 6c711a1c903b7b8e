/** Opens the ministry database (PostgreSQL when a URL is given, otherwise SQLite in WAL mode) and migrates it. */
import type { Kysely } from 'kysely';
import { createDatabase, type DatabaseTarget, databaseKind } from '../../portal/db/connect.js';
import { dossierMigrations } from '../dossiers/dossierMigrations.js';
import { migrateMinistryDatabase } from './ministryMigrations.js';
import type { MinistryDatabase } from './ministrySchema.js';

export type MinistryDb = Kysely<MinistryDatabase>;

/** Opens the database and runs the ministry's migrations, then the dossier module's. */
export async function openMinistryDatabase(target: DatabaseTarget): Promise<MinistryDb> {
  const db = createDatabase<MinistryDatabase>(target);
  try {
    await migrateMinistryDatabase(db as unknown as Kysely<unknown>, databaseKind(target), dossierMigrations);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}
