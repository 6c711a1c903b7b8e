import { describe } from 'vitest';
import { registrationFlowSuite } from './registrationFlowSuite.js';

describe('registration flow API on SQLite', () => {
  registrationFlowSuite('sqlite');
});
