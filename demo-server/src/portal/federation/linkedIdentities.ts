/**
 * Accounts' identities at VNeID / PostID, keyed by (issuer, sub) as ASVS 6.8.1 asks: a federated login
 * finds the account by that pair, or — the first time — by the personal identification number (CCCD)
 * the provider vouches for; never by e-mail or name.
 */
import type { Kysely } from 'kysely';
import type { PortalDb } from '../db/connect.js';
import type { PortalDatabase } from '../db/schema.js';
import type { IdentityProvider } from './federationConfig.js';

export interface LinkedIdentityTable {
  issuer: string;
  subject: string;
  provider: IdentityProvider;
  accountId: string;
  createdAt: number;
  lastUsedAt: number;
}

export type FederationDb = Kysely<PortalDatabase & { linkedIdentities: LinkedIdentityTable }>;

export function federationDb(db: PortalDb): FederationDb {
  return db.withTables<{ linkedIdentities: LinkedIdentityTable }>();
}

export type LinkedIdentity = Pick<
  LinkedIdentityTable,
  'issuer' | 'subject' | 'provider' | 'createdAt' | 'lastUsedAt'
>;

export async function linkedIdentitiesOf(db: PortalDb, accountId: string): Promise<LinkedIdentity[]> {
  return federationDb(db)
    .selectFrom('linkedIdentities')
    .select(['issuer', 'subject', 'provider', 'createdAt', 'lastUsedAt'])
    .where('accountId', '=', accountId)
    .orderBy('createdAt', 'asc')
    .execute();
}

/** The account linked to (issuer, sub), if any. */
export async function linkedAccount(
  db: PortalDb,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const row = await federationDb(db)
    .selectFrom('linkedIdentities')
    .select('accountId')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.accountId;
}

/** Links (issuer, sub) to the account, or records its use; false when the pair belongs to another account. */
export async function linkIdentity(
  db: PortalDb | FederationDb,
  link: { issuer: string; subject: string; provider: IdentityProvider; accountId: string },
  now: number,
): Promise<boolean> {
  const fdb = federationDb(db as PortalDb);
  await fdb
    .insertInto('linkedIdentities')
    .values({ ...link, createdAt: now, lastUsedAt: now })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .execute();
  const r = await fdb
    .updateTable('linkedIdentities')
    .set({ lastUsedAt: now })
    .where('issuer', '=', link.issuer)
    .where('subject', '=', link.subject)
    .where('accountId', '=', link.accountId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
