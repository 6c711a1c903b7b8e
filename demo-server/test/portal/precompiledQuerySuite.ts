/**
 * Precompiled hot statements give the rows, row counts and transaction behaviour of the same statements
 * built by Kysely on every call; shared by the SQLite and the PostgreSQL test files.
 */
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { precompiledQuery } from '../../src/portal/db/precompiledQuery.js';

const lockOf = precompiledQuery(1, (db: PortalDb, key: string) =>
  db.selectFrom('lockouts').select(['key', 'lockedUntil', 'lockCount']).where('key', '=', key),
);
const insertLock = precompiledQuery(3, (db: PortalDb, key: string, lockedUntil: number, updatedAt: number) =>
  db.insertInto('lockouts').values({ key, lockedUntil, lockCount: 0, failures: 0, updatedAt }),
);
/** The same argument twice (insert and conflict update), and a constant (lock_count + 1). */
const upsertLock = precompiledQuery(2, (db: PortalDb, key: string, lockedUntil: number) =>
  db
    .insertInto('lockouts')
    .values({ key, lockedUntil, lockCount: 1, failures: 0, updatedAt: 7 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({ lockedUntil, lockCount: eb('lockouts.lockCount', '+', 1) })),
    ),
);
const deleteLocksBefore = precompiledQuery(2, (db: PortalDb, prefix: string, before: number) =>
  db.deleteFrom('lockouts').where('key', 'like', prefix).where('lockedUntil', '<', before),
);

export function precompiledQuerySuite(open: () => Promise<PortalDb>): void {
  let db: PortalDb;
  beforeAll(async () => {
    db = await open();
    await db.deleteFrom('lockouts').where('key', 'like', 'pq:%').execute();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('rows come back camel-cased and equal to the Kysely-built query, for each set of arguments', async () => {
    await insertLock.execute(db, 'pq:a', 1_000, 5);
    await insertLock.execute(db, 'pq:b', 2_000, 6);
    for (const key of ['pq:a', 'pq:b', 'pq:none']) {
      const built = await db
        .selectFrom('lockouts')
        .select(['key', 'lockedUntil', 'lockCount'])
        .where('key', '=', key)
        .executeTakeFirst();
      expect(await lockOf.first(db, key)).toEqual(built);
    }
    expect(await lockOf.first(db, 'pq:b')).toEqual({ key: 'pq:b', lockedUntil: 2_000, lockCount: 0 });
  });

  it('an argument used twice and the constants of the statement are bound on every call', async () => {
    expect(await upsertLock.affected(db, 'pq:c', 10)).toBe(1);
    await upsertLock.execute(db, 'pq:c', 20);
    await upsertLock.execute(db, 'pq:c', 30);
    expect(await lockOf.first(db, 'pq:c')).toEqual({ key: 'pq:c', lockedUntil: 30, lockCount: 3 });
  });

  it('counts the rows a statement changed', async () => {
    await insertLock.execute(db, 'pq:d1', 100, 1);
    await insertLock.execute(db, 'pq:d2', 900, 1);
    expect(await deleteLocksBefore.affected(db, 'pq:d%', 500)).toBe(1);
    expect(await deleteLocksBefore.affected(db, 'pq:d%', 500)).toBe(0);
    expect(await lockOf.first(db, 'pq:d2')).toBeDefined();
  });

  it('runs inside a transaction when given it: a rollback undoes it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await insertLock.execute(trx, 'pq:t', 1, 1);
        expect(await lockOf.first(trx, 'pq:t')).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await lockOf.first(db, 'pq:t')).toBeUndefined();
  });

  it('an instance with another plugin (sharing the adapter) gets its statement built with that plugin', async () => {
    await insertLock.execute(db, 'pq:p', 4, 4);
    expect(await lockOf.first(db, 'pq:p')).toBeDefined();
    let seen = 0;
    const spy: KyselyPlugin = {
      transformQuery: (args) => {
        seen++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    expect(await lockOf.first(db.withPlugin(spy), 'pq:p')).toEqual({
      key: 'pq:p',
      lockedUntil: 4,
      lockCount: 0,
    });
    expect(seen).toBeGreaterThan(0);
    expect(await lockOf.first(db, 'pq:p')).toEqual({ key: 'pq:p', lockedUntil: 4, lockCount: 0 });
  });

  it('a value that looks like SQL or like another argument is only a value', async () => {
    const key = "pq:'; drop table lockouts; --";
    await insertLock.execute(db, key, 3, 3);
    expect((await lockOf.first(db, key))?.key).toBe(key);
    const count = await sql<{ n: number | string }>`select count(*) as n from lockouts`.execute(db);
    expect(Number(count.rows[0]?.n)).toBeGreaterThan(0);
  });

  it('a builder that drops one of its arguments is refused when first used', async () => {
    const broken = precompiledQuery(2, (d: PortalDb, key: string, _unused: number) =>
      d.selectFrom('lockouts').select('key').where('key', '=', key),
    );
    await expect(async () => broken.first(db, 'pq:a', 1)).rejects.toThrow('argument 1 is not a parameter');
  });
}
