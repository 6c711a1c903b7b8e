/**
 * Test kit: fresh PostgreSQL databases of the ministry suites next to KYSO_TEST_DATABASE_URL (dropped and
 * created again on each run, so that no other suite's data, and no earlier run's, is in them).
 */
import pg from 'pg';

export async function freshPostgresDatabase(name: string): Promise<string> {
  const url = process.env.KYSO_TEST_DATABASE_URL;
  if (!url) throw new Error('KYSO_TEST_DATABASE_URL is not set');
  if (!/^[a-z_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
