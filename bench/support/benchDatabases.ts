/**
 * The databases the portal benches use: a SQLite file in a fresh temporary folder, and the PostgreSQL
 * database `kyso_bench` (BENCH_DATABASE_URL, default postgres://kyso:kyso@127.0.0.1:5432/kyso_bench)
 * when it is reachable, emptied before each run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPortalDatabase, type PortalDb } from '../../demo-server/src/portal/db/connect.js';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://kyso:kyso@127.0.0.1:5432/kyso_bench';

export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  databaseUrl?: string;
  sqlitePath: string;
  /** A connection of the bench itself (seeding and checks). */
  open(): Promise<PortalDb>;
  dispose(): void;
}

export function sqliteBenchDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-portal-bench-'));
  const sqlitePath = join(dir, 'portal.sqlite');
  return {
    kind: 'sqlite',
    sqlitePath,
    open: () => openPortalDatabase({ sqlitePath }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The PostgreSQL bench database, emptied; undefined (with the reason on stderr) when unreachable. */
export async function postgresBenchDatabase(): Promise<BenchDatabase | undefined> {
  const probe = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (e) {
    process.stderr.write(
      `PostgreSQL skipped (${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}: ${e instanceof Error ? e.message : String(e)})\n`,
    );
    return undefined;
  }
  const databaseUrl = BENCH_DATABASE_URL;
  const db = await openPortalDatabase({ databaseUrl, sqlitePath: ':memory:' });
  for (const t of [
    'sessionSignIns',
    'oidcPayloads',
    'auditLog',
    'otps',
    'flows',
    'sessions',
    'rateLimits',
    'lockouts',
    'accountCertificates',
    'accounts',
  ] as const)
    await db.deleteFrom(t).execute();
  await db.destroy();
  return {
    kind: 'postgres',
    databaseUrl,
    sqlitePath: ':memory:',
    open: () => openPortalDatabase({ databaseUrl, sqlitePath: ':memory:' }),
    dispose: () => {},
  };
}
