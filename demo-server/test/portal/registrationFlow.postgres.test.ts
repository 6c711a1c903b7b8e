import { describe } from 'vitest';
import { registrationFlowSuite } from './registrationFlowSuite.js';

// .ci/run starts PostgreSQL and sets KYSO_TEST_DATABASE_URL; without it this suite cannot run.
describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)(
  'registration flow API on PostgreSQL, two instances',
  () => {
    registrationFlowSuite('postgres');
  },
);
