/**
 * How and when each signed-in portal session signed in (table `session_sign_ins`, beside `sessions`):
 * the OpenID provider reads it for `acr`, `amr`, `auth_time` and for step-up to LoA2.
 */
import type { PortalDb } from '../db/connect.js';
import type { Loa, SignInMethod } from './levelOfAssurance.js';

export interface SignInRecord {
  sessionIdHash: string;
  accountId: string;
  method: SignInMethod;
  level: Loa;
  /** ms */
  authTime: number;
}

export async function recordSignIn(db: PortalDb, record: SignInRecord): Promise<void> {
  await db
    .insertInto('sessionSignIns')
    .values(record)
    .onConflict((oc) =>
      oc.column('sessionIdHash').doUpdateSet({
        accountId: record.accountId,
        method: record.method,
        level: record.level,
        authTime: record.authTime,
      }),
    )
    .execute();
}

/** The sign-in of a session, if that session signed in to `accountId`. */
export async function signInOf(
  db: PortalDb,
  sessionIdHash: string,
  accountId: string,
): Promise<SignInRecord | undefined> {
  const row = await db
    .selectFrom('sessionSignIns')
    .selectAll()
    .where('sessionIdHash', '=', sessionIdHash)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, method: row.method as SignInMethod, level: row.level === 2 ? 2 : 1 };
}
