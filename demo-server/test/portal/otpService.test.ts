/** The OTP service on SQLite (a fresh in-memory database per test). */
import { otpServiceSuite } from './otpServiceSuite.js';
import { memoryDatabase } from './testDatabase.js';

otpServiceSuite('SQLite', memoryDatabase);
