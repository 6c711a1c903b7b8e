/** Precompiled hot statements on SQLite (the PostgreSQL run is precompiledQuery.postgres.test.ts). */
import { describe } from 'vitest';
import { precompiledQuerySuite } from './precompiledQuerySuite.js';
import { memoryDatabase } from './testDatabase.js';

describe('precompiledQuery (SQLite)', () => precompiledQuerySuite(memoryDatabase));
