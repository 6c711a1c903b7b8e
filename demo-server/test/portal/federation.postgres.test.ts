/**
 * VNeID / PostID federation on PostgreSQL with two portal instances sharing the database: each flow is
 * begun on one instance and its callback served by the other (the PKCE verifier, nonce and state live in
 * the database). Runs when KYSO_TEST_DATABASE_URL is set (`.ci/run` sets it), in its own database.
 */
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';
import { federationDb, linkedIdentitiesOf } from '../../src/portal/federation/linkedIdentities.js';
import { buildPortalApp } from '../../src/portal/portalApp.js';
import {
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/identityProviders/identityAccounts.js';
import { IdentityProviderBrowser } from '../simulators/identityProvidersBrowserKit.js';
import { ApiClient, type Simulators, startTestSimulators, testConfig } from './portalTestKit.js';

const DATABASE = 'kyso_federation_test';
const url = process.env.KYSO_TEST_DATABASE_URL;
const [A] = identityAccounts('vneid')
  .filter((a) => a.level === 2)
  .map((a) => a.citizen);

async function federationTestUrl(base: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${DATABASE}`;
  return u.toString();
}

describe.skipIf(!url)('federation on PostgreSQL, two instances', () => {
  let simulators: Simulators;
  let db: PortalDb;
  const instances: FastifyInstance[] = [];

  beforeAll(async () => {
    simulators = await startTestSimulators();
    db = await openPortalDatabase({
      databaseUrl: await federationTestUrl(url as string),
      sqlitePath: ':memory:',
    });
    await federationDb(db).deleteFrom('linkedIdentities').execute();
    for (const t of ['auditLog', 'flows', 'sessions', 'accounts'] as const) await db.deleteFrom(t).execute();
    const config = testConfig(simulators.url);
    const clock = manualClock(Date.now());
    for (let i = 0; i < 2; i++)
      instances.push((await buildPortalApp({ config, db, clock, logger: false })).app);
  });

  afterAll(async () => {
    for (const app of instances) await app.close();
    await db?.destroy();
    await simulators?.close();
  });

  async function roundTrip(start: string, fields: Record<string, string>) {
    const c = await new ApiClient(instances[0] as FastifyInstance).start();
    const res = await c.get(start);
    expect(res.statusCode).toBe(303);
    const out = await new IdentityProviderBrowser(simulators.url).logIn(String(res.headers.location), fields);
    const back = out.redirect as URL;
    c.app = instances[1] as FastifyInstance;
    return { c, res: await c.get(`${back.pathname}${back.search}`) };
  }

  it('registers through PostID, refuses the duplicate, then logs in with VNeID — across instances', async () => {
    const cccd = A?.cccd ?? '';
    const postid = { cccd, password: POSTID_DEMO_PASSWORD, action: 'login' };
    const first = await roundTrip('/dang-ky/buu-dien', postid);
    expect(first.res.statusCode).toBe(200);
    expect(first.res.body).toContain('data-code="POSTID_REGISTERED"');
    const again = await roundTrip('/dang-ky/buu-dien', postid);
    expect(again.res.statusCode).toBe(409);
    const login = await roundTrip('/dang-nhap/vneid', {
      cccd,
      password: VNEID_DEMO_PASSWORD,
      action: 'login',
    });
    expect(login.res.headers.location).toBe('/tai-khoan');
    const account = (await login.c.get('/api/account')).json();
    expect(account.account.username).toBe(cccd);
    const id = (await db.selectFrom('accounts').select('id').where('username', '=', cccd).executeTakeFirst())
      ?.id;
    expect((await linkedIdentitiesOf(db, id ?? '')).map((l) => l.provider).sort()).toEqual([
      'postid',
      'vneid',
    ]);
  });
});
