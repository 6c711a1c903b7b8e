import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';

/** A fresh, migrated in-memory SQLite database. */
export function memoryDatabase(): Promise<PortalDb> {
  return openPortalDatabase({ sqlitePath: ':memory:' });
}
