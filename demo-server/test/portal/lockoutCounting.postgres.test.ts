/** recordFailure on PostgreSQL, in its own database (runs when KYSO_TEST_DATABASE_URL is set). */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { lockoutCountingSuite } from './lockoutCounting.js';
import { testDatabase } from './portalTestKit.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('recordFailure (PostgreSQL)', () => {
  let db: PortalDb;
  beforeAll(async () => {
    db = await testDatabase('postgres', 'kyso_lockout_test');
  });
  afterAll(async () => {
    await db.destroy();
  });
  lockoutCountingSuite(() => db, 'pg');
});
