import { describe } from 'vitest';
import { loginFlowSuite } from './loginFlowSuite.js';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('login flow API on PostgreSQL, two instances', () => {
  loginFlowSuite('postgres');
});
