/** Local BCA accounts: look-ups by id and by identity (CCCD/MST), creation from national claims, profile updates. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../portal/clock.js';
import type { MinistryAccountTable } from '../db/ministrySchema.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';
import { type IdentityKey, profileFromClaims } from './nationalClaims.js';

export type MinistryAccount = MinistryAccountTable;

export async function accountById(db: MinistryDb, id: string): Promise<MinistryAccount | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function accountByIdentity(
  db: MinistryDb,
  key: IdentityKey,
): Promise<MinistryAccount | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('subject', '=', key.subject)
    .where('idNumber', '=', key.idNumber)
    .executeTakeFirst();
}

/** A new account (no password) from the national portal's claims; the claims are kept for prefilling. */
export async function createAccountFromClaims(
  db: MinistryDb,
  clock: Clock,
  key: IdentityKey,
  claims: Readonly<Record<string, unknown>>,
): Promise<MinistryAccount> {
  const account: MinistryAccount = {
    id: randomUUID(),
    subject: key.subject,
    idNumber: key.idNumber,
    ...profileFromClaims(key, claims),
    passwordHash: null,
    nationalClaims: JSON.stringify(claims),
    origin: 'dvcqg',
    createdAt: clock(),
  };
  await db.insertInto('accounts').values(account).execute();
  return account;
}

export async function storeNationalClaims(
  db: MinistryDb,
  accountId: string,
  claims: Readonly<Record<string, unknown>>,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ nationalClaims: JSON.stringify(claims) })
    .where('id', '=', accountId)
    .execute();
}

/** Profile fields the ministry needs and the account lacks (shown on "Hoàn thiện tài khoản"). */
export function missingProfileFields(
  account: Pick<MinistryAccount, 'email' | 'phone'>,
): ('email' | 'phone')[] {
  const missing: ('email' | 'phone')[] = [];
  if (!account.email) missing.push('email');
  if (!account.phone) missing.push('phone');
  return missing;
}

export async function updateContact(
  db: MinistryDb,
  accountId: string,
  contact: { email?: string; phone?: string },
): Promise<void> {
  if (!contact.email && !contact.phone) return;
  await db
    .updateTable('accounts')
    .set({
      ...(contact.email ? { email: contact.email } : {}),
      ...(contact.phone ? { phone: contact.phone } : {}),
    })
    .where('id', '=', accountId)
    .execute();
}
