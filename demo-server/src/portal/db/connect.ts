/** Opens the portal database: PostgreSQL when a URL is given, otherwise a SQLite file (WAL mode). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migratePortalDatabase } from './migrations.js';
import { namedStatementPool } from './pgNamedStatements.js';
import type { PortalDatabase } from './schema.js';
import { cachedStatements } from './statementCache.js';

export type PortalDb = Kysely<PortalDatabase>;

export interface DatabaseTarget {
  databaseUrl?: string | undefined;
  /** SQLite file path, or ':memory:'. */
  sqlitePath: string;
}

export function databaseKind(target: DatabaseTarget): 'postgres' | 'sqlite' {
  return target.databaseUrl ? 'postgres' : 'sqlite';
}

/**
 * A Kysely instance over PostgreSQL (when a URL is given) or a SQLite file in WAL mode, with the
 * camelCase ↔ snake_case mapping; not migrated (the national and the ministry portal each migrate theirs).
 */
export function createDatabase<Database>(target: DatabaseTarget): Kysely<Database> {
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
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: namedStatementPool(pool) }),
      plugins: [new CamelCasePlugin()],
    });
  }
  if (target.sqlitePath !== ':memory:') mkdirSync(dirname(target.sqlitePath), { recursive: true });
  const sqlite = new SqliteDatabase(target.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachedStatements(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
}

/** True when `db` (an instance or one of its transactions) runs on PostgreSQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Opens (and migrates) the database. */
export async function openPortalDatabase(target: DatabaseTarget): Promise<PortalDb> {
  const db = createDatabase<PortalDatabase>(target);
  await migratePortalDatabase(db as unknown as Kysely<unknown>, databaseKind(target));
  return db;
}
