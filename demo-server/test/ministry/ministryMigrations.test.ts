/**
 * The ministry's and the dossier module's migrations share one table. A database made before a later
 * ministry migration (bca_004_password_settings sorts before the executed dossier_001_dossiers) must still
 * migrate: `npm start` on an existing demo data folder failed with "corrupted migrations" until this held.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function executed(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from ministry_migrations order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('ministry database migrations', () => {
  it('an existing database missing a later ministry migration gets it, after the dossier ones already ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyso-ministry-migrations-'));
    dirs.push(dir);
    const target = { sqlitePath: join(dir, 'ministry.sqlite') };
    const first = (await openMinistryDatabase(target)) as unknown as Kysely<unknown>;
    const all = await executed(first);
    expect(all).toContain('bca_004_password_settings');
    expect(all.some((n) => n.startsWith('dossier_'))).toBe(true);
    // The database as an older version left it: the dossier migrations ran, bca_004 did not exist yet.
    await sql`drop table password_settings`.execute(first);
    await sql`delete from ministry_migrations where name = 'bca_004_password_settings'`.execute(first);
    await first.destroy();

    const again = (await openMinistryDatabase(target)) as unknown as Kysely<unknown>;
    expect(await executed(again)).toEqual(all);
    const table = await sql<{ n: number }>`select count(*) as n from password_settings`.execute(again);
    expect(Number(table.rows[0]?.n)).toBe(0);
    await again.destroy();
  });
});
