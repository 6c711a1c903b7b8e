/** recordFailure on SQLite (in memory). */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { lockoutCountingSuite } from './lockoutCounting.js';
import { memoryDatabase } from './testDatabase.js';

describe('recordFailure (SQLite)', () => {
  let db: PortalDb;
  beforeAll(async () => {
    db = await memoryDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });
  lockoutCountingSuite(() => db, 'sqlite');
});
