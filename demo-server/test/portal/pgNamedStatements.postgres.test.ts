/**
 * The portal's PostgreSQL statements are named (prepared once per pooled connection, then only bound and
 * executed); migrations and other schema statements stay unnamed. Runs when KYSO_TEST_DATABASE_URL is set, in
 * its own database.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';
import { postgresTestUrl } from './portalTestKit.js';

const DATABASE = 'kyso_named_statements_test';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('named PostgreSQL statements', () => {
  let db: PortalDb;

  beforeAll(async () => {
    db = await openPortalDatabase({ databaseUrl: await postgresTestUrl(DATABASE), sqlitePath: ':memory:' });
    await db.deleteFrom('lockouts').execute();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('a data statement is prepared once on its connection and reused with other values', async () => {
    const prepared = await db.transaction().execute(async (trx) => {
      for (const key of ['ip:192.0.2.1', 'ip:192.0.2.2', 'ip:192.0.2.3'])
        await trx.selectFrom('lockouts').select('lockedUntil').where('key', '=', key).executeTakeFirst();
      const r = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements
        where statement like 'select "locked_until" from "lockouts"%'`.execute(trx);
      return r.rows;
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]?.name).toMatch(/^kyso_\d+$/);
  });

  it('results and row counts are those of unnamed statements', async () => {
    const now = Date.now();
    await db
      .insertInto('lockouts')
      .values({ key: 'acct:named', failures: 2, lockCount: 0, lockedUntil: 0, updatedAt: now })
      .execute();
    const r = await db
      .updateTable('lockouts')
      .set({ failures: 3 })
      .where('key', '=', 'acct:named')
      .executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
    const row = await db
      .selectFrom('lockouts')
      .selectAll()
      .where('key', '=', 'acct:named')
      .executeTakeFirst();
    expect(row).toMatchObject({ key: 'acct:named', failures: 3, updatedAt: now });
  });

  it('schema statements are not named', async () => {
    const names = await db.transaction().execute(async (trx) => {
      await sql`create temporary table named_probe (id integer)`.execute(trx);
      const r = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
      return r.rows.map((x) => x.statement);
    });
    expect(names.some((s) => /create temporary table/i.test(s))).toBe(false);
  });
});
