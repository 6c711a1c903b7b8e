/** Opens the portal database: PostgreSQL when a URL is given, otherwise a SQLite file (WAL mode). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migratePortalDatabase } from './migrations.js';
import type { PortalDatabase } from './schema.js';

export type PortalDb = Kysely<PortalDatabase>;

export interface DatabaseTarget {
  databaseUrl?: string | undefined;
  /** SQLite file path, or ':memory:'. */
  sqlitePath: string;
}

export function databaseKind(target: DatabaseTarget): 'postgres' | 'sqlite' {
  return target.databaseUrl ? 'postgres' : 'sqlite';
}

/** Opens (and migrates) the database. */
export async function openPortalDatabase(target: DatabaseTarget): Promise<PortalDb> {
  let db: PortalDb;
  if (target.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: 10,
      // bigint columns hold millisecond timestamps, well inside Number's exact range.
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
      },
    });
    db = new Kysely<PortalDatabase>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
  } else {
    if (target.sqlitePath !== ':memory:') mkdirSync(dirname(target.sqlitePath), { recursive: true });
    const sqlite = new Database(target.sqlitePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    db = new Kysely<PortalDatabase>({
      dialect: new SqliteDialect({ database: sqlite }),
      plugins: [new CamelCasePlugin()],
    });
  }
  await migratePortalDatabase(db as unknown as Kysely<unknown>, databaseKind(target));
  return db;
}
