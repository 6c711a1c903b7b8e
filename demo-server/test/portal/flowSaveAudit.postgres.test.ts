/** FlowStore.save with an audit entry on PostgreSQL (one statement), in its own database. */
import { afterAll, beforeAll, describe } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { flowSaveAuditSuite } from './flowSaveAudit.js';
import { testDatabase } from './portalTestKit.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)(
  'FlowStore.save with the step audit entry (PostgreSQL)',
  () => {
    let db: PortalDb;
    beforeAll(async () => {
      db = await testDatabase('postgres', 'kyso_flow_audit_test');
    });
    afterAll(async () => {
      await db.destroy();
    });
    flowSaveAuditSuite(() => db, 'pg');
  },
);
