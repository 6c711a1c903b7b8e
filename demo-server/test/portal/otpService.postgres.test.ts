/** The OTP service on PostgreSQL, in its own database (runs when KYSO_TEST_DATABASE_URL is set). */
import { afterAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { otpServiceSuite } from './otpServiceSuite.js';
import { clearPortalTables, testDatabase } from './portalTestKit.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('PostgreSQL', () => {
  let db: PortalDb | undefined;
  afterAll(async () => {
    await db?.destroy();
  });
  otpServiceSuite('PostgreSQL', async () => {
    if (db) await clearPortalTables(db);
    else db = await testDatabase('postgres', 'kyso_otp_test');
    return db;
  });
});
