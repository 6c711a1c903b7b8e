/** consumeRate on SQLite (PostgreSQL: rateLimitCounting.postgres.test.ts). */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { rateLimitCountingSuite } from './rateLimitCounting.js';
import { memoryDatabase } from './testDatabase.js';

describe('consumeRate (SQLite)', () => {
  let db: PortalDb;
  beforeAll(async () => {
    db = await memoryDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });
  rateLimitCountingSuite(() => db, 'sqlite');
});
