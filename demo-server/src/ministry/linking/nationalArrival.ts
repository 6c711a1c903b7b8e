/**
 * What happens when a citizen arrives from the national portal (Keycloak's first-broker-login pattern,
 * never linking on e-mail or name):
 * - (issuer, sub) already linked → sign in to that account, but only if the claims still carry the
 *   account's CCCD/MST (a national identity with another CCCD can never take the account over);
 * - not linked, a local account has the same CCCD (citizen) or MST (business) → the citizen must confirm
 *   the link by re-authenticating to that account;
 * - not linked, no such account → a new account is created from the claims and linked ("hoàn thiện tài
 *   khoản" asks for what is missing).
 */
import type { Clock } from '../../portal/clock.js';
import {
  accountById,
  accountByIdentity,
  createAccountFromClaims,
  storeNationalClaims,
} from '../accounts/ministryAccounts.js';
import { identityKey } from '../accounts/nationalClaims.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';
import type { NationalSignIn } from '../sso/nationalPortalClient.js';
import { findLink, linkIdentity, touchLink } from './federatedIdentities.js';

export type ArrivalDecision =
  | { kind: 'signIn'; accountId: string }
  | { kind: 'confirmLink'; accountId: string }
  | { kind: 'created'; accountId: string }
  | { kind: 'refused'; code: 'SSO_CLAIMS_INCOMPLETE' | 'IDENTITY_MISMATCH'; accountId?: string };

export async function decideArrival(
  db: MinistryDb,
  clock: Clock,
  signIn: Pick<NationalSignIn, 'issuer' | 'subject' | 'userinfo'>,
): Promise<ArrivalDecision> {
  const key = identityKey(signIn.userinfo);
  const link = await findLink(db, signIn.issuer, signIn.subject);
  if (link) {
    const account = await accountById(db, link.accountId);
    if (!account || !key || key.subject !== account.subject || key.idNumber !== account.idNumber)
      return { kind: 'refused', code: 'IDENTITY_MISMATCH', ...(account ? { accountId: account.id } : {}) };
    await touchLink(db, clock, signIn.issuer, signIn.subject);
    await storeNationalClaims(db, account.id, signIn.userinfo);
    return { kind: 'signIn', accountId: account.id };
  }
  if (!key) return { kind: 'refused', code: 'SSO_CLAIMS_INCOMPLETE' };
  const existing = await accountByIdentity(db, key);
  if (existing) return { kind: 'confirmLink', accountId: existing.id };
  const created = await createAccountFromClaims(db, clock, key, signIn.userinfo);
  await linkIdentity(db, clock, {
    issuer: signIn.issuer,
    subject: signIn.subject,
    accountId: created.id,
    idNumber: key.idNumber,
  });
  return { kind: 'created', accountId: created.id };
}
