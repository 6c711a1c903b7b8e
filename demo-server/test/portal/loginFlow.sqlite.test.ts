import { describe } from 'vitest';
import { loginFlowSuite } from './loginFlowSuite.js';

describe('login flow API on SQLite', () => {
  loginFlowSuite('sqlite');
});
