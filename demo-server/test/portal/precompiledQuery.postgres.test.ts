/** Precompiled hot statements on PostgreSQL (named statements underneath), in their own database. */
import { describe } from 'vitest';
import { openPortalDatabase } from '../../src/portal/db/connect.js';
import { postgresTestUrl } from './portalTestKit.js';
import { precompiledQuerySuite } from './precompiledQuerySuite.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('precompiledQuery (PostgreSQL)', () =>
  precompiledQuerySuite(async () =>
    openPortalDatabase({
      databaseUrl: await postgresTestUrl('kyso_precompiled_query_test'),
      sqlitePath: ':memory:',
    }),
  ),
);
