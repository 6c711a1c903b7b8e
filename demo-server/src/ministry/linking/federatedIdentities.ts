/** The `federated_identities` table: national-portal identities (issuer, sub) linked to local accounts. */
import type { Clock } from '../../portal/clock.js';
import type { FederatedIdentityTable } from '../db/ministrySchema.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';

export type FederatedIdentity = FederatedIdentityTable;

export async function findLink(
  db: MinistryDb,
  issuer: string,
  subject: string,
): Promise<FederatedIdentity | undefined> {
  return db
    .selectFrom('federatedIdentities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function linksOf(db: MinistryDb, accountId: string): Promise<FederatedIdentity[]> {
  return db
    .selectFrom('federatedIdentities')
    .selectAll()
    .where('accountId', '=', accountId)
    .orderBy('createdAt', 'asc')
    .execute();
}

/**
 * Links (issuer, sub) to the account, replacing the account's earlier identity at that issuer (a re-created
 * national account with the same CCCD); returns the subject it replaced, if any.
 */
export async function linkIdentity(
  db: MinistryDb,
  clock: Clock,
  link: Pick<FederatedIdentity, 'issuer' | 'subject' | 'accountId' | 'idNumber'>,
): Promise<string | undefined> {
  const now = clock();
  return db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom('federatedIdentities')
      .select('subject')
      .where('accountId', '=', link.accountId)
      .where('issuer', '=', link.issuer)
      .executeTakeFirst();
    if (earlier)
      await trx
        .deleteFrom('federatedIdentities')
        .where('accountId', '=', link.accountId)
        .where('issuer', '=', link.issuer)
        .execute();
    await trx
      .insertInto('federatedIdentities')
      .values({ ...link, createdAt: now, lastUsedAt: now })
      .execute();
    return earlier && earlier.subject !== link.subject ? earlier.subject : undefined;
  });
}

export async function touchLink(
  db: MinistryDb,
  clock: Clock,
  issuer: string,
  subject: string,
): Promise<void> {
  await db
    .updateTable('federatedIdentities')
    .set({ lastUsedAt: clock() })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

/** Removes the account's link at `issuer`; false when there was none. */
export async function unlinkIdentity(db: MinistryDb, accountId: string, issuer: string): Promise<boolean> {
  const r = await db
    .deleteFrom('federatedIdentities')
    .where('accountId', '=', accountId)
    .where('issuer', '=', issuer)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
