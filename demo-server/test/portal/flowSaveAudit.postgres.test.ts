/** FlowStore.save with an audit entry on PostgreSQL (one statement), in its own database. */
import { afterAll, beforeAll, describe } from 'vitest';
import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';
import { flowSaveAuditSuite } from './flowSaveAudit.js';
import { postgresTestUrl } from './portalTestKit.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)(
  'FlowStore.save with the step audit entry (PostgreSQL)',
  () => {
    let db: PortalDb;
    beforeAll(async () => {
      db = await openPortalDatabase({
        databaseUrl: await postgresTestUrl('kyso_flow_audit_test'),
        sqlitePath: ':memory:',
      });
      await db.deleteFrom('auditLog').execute();
    });
    afterAll(async () => {
      await db.destroy();
    });
    flowSaveAuditSuite(() => db, 'pg');
  },
);
