/** The OTP service on PostgreSQL, in its own database (runs when KYSO_TEST_DATABASE_URL is set). */
import { afterAll, describe } from 'vitest';
import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';
import { otpServiceSuite } from './otpServiceSuite.js';
import { postgresTestUrl } from './portalTestKit.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('PostgreSQL', () => {
  let db: PortalDb | undefined;
  afterAll(async () => {
    await db?.destroy();
  });
  otpServiceSuite('PostgreSQL', async () => {
    db ??= await openPortalDatabase({
      databaseUrl: await postgresTestUrl('kyso_otp_test'),
      sqlitePath: ':memory:',
    });
    await db.deleteFrom('otps').execute();
    await db.deleteFrom('rateLimits').execute();
    return db;
  });
});
