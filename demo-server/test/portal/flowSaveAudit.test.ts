/** FlowStore.save with an audit entry on SQLite (one transaction). */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { flowSaveAuditSuite } from './flowSaveAudit.js';
import { memoryDatabase } from './testDatabase.js';

describe('FlowStore.save with the step audit entry (SQLite)', () => {
  let db: PortalDb;
  beforeAll(async () => {
    db = await memoryDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });
  flowSaveAuditSuite(() => db, 'sqlite');
});
