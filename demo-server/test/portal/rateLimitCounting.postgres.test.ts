/** consumeRate on PostgreSQL, in its own database (runs when KYSO_TEST_DATABASE_URL is set). */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { testDatabase } from './portalTestKit.js';
import { rateLimitCountingSuite } from './rateLimitCounting.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('consumeRate (PostgreSQL)', () => {
  let db: PortalDb;
  beforeAll(async () => {
    db = await testDatabase('postgres', 'kyso_rate_limit_test');
  });
  afterAll(async () => {
    await db.destroy();
  });
  rateLimitCountingSuite(() => db, 'pg');
});
