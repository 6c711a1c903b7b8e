/** The SQLite statement cache: one prepared statement per SQL text, bounded, queries unchanged through Kysely. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachedStatements } from '../../src/portal/db/statementCache.js';
import { memoryDatabase } from './testDatabase.js';

describe('cachedStatements', () => {
  it('prepares each SQL text once and reuses the statement', () => {
    const sqlite = new Database(':memory:');
    let prepared = 0;
    const original = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((sql: string) => {
      prepared++;
      return original(sql);
    }) as typeof sqlite.prepare;
    const db = cachedStatements(sqlite);
    db.prepare('create table t (x integer)').run([]);
    const a = db.prepare('insert into t values (?)');
    const b = db.prepare('insert into t values (?)');
    expect(b).toBe(a);
    a.run([1]);
    b.run([2]);
    expect(db.prepare('select x from t order by x').all([])).toEqual([{ x: 1 }, { x: 2 }]);
    expect(prepared).toBe(3);
    db.close();
    expect(sqlite.open).toBe(false);
  });

  it('keeps at most maxEntries statements: at the limit all stay, one more drops the oldest', () => {
    const sqlite = new Database(':memory:');
    const db = cachedStatements(sqlite, 3);
    const s1 = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    expect(db.size).toBe(3);
    expect(db.prepare('select 1')).toBe(s1);
    db.prepare('select 4');
    expect(db.size).toBe(3);
    expect(db.prepare('select 1')).not.toBe(s1);
    db.close();
  });

  it('serves the portal database: the same query twice gives fresh results', async () => {
    const db = await memoryDatabase();
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('lockouts')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(0);
    await db
      .insertInto('lockouts')
      .values({ key: 'k', lockedUntil: 0, lockCount: 0, failures: 1, updatedAt: 1 })
      .execute();
    expect(await count()).toBe(1);
    await db.destroy();
  });
});
