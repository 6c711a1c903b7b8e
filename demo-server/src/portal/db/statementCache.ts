/**
 * better-sqlite3 prepared statements reused by SQL text. Kysely's SQLite driver prepares every query it
 * runs; the portal runs the same few dozen statements over and over, and preparing one costs about as much
 * as running it. Kysely serialises queries on its single connection, so a cached statement is never in use
 * twice at once. SQLite itself re-prepares a statement after a schema change.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept; the oldest is dropped beyond it (the portal has far fewer hot queries). */
export const STATEMENT_CACHE_SIZE = 512;

export interface CachedStatements extends SqliteDatabase {
  /** Statements currently cached. */
  readonly size: number;
}

export function cachedStatements(
  database: Database.Database,
  maxEntries: number = STATEMENT_CACHE_SIZE,
): CachedStatements {
  const cache = new Map<string, SqliteStatement>();
  return {
    get size() {
      return cache.size;
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) return hit;
      const statement = database.prepare(sql) as unknown as SqliteStatement;
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
      return statement;
    },
    close(): void {
      cache.clear();
      database.close();
    },
  };
}
