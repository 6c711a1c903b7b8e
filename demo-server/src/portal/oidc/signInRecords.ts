/**
 * How and when each signed-in portal session signed in (table `session_sign_ins`, beside `sessions`):
 * the OpenID provider reads it for `acr`, `amr`, `auth_time` and for step-up to LoA2. A sign-in through an
 * identity provider (VNeID, PostID) also keeps the `amr` it reported, as a provider row (model
 * `PortalSignInAmr` of `oidc_payloads`, keyed by the session hash, living as long as the session may).
 */
import type { Clock } from '../clock.js';
import type { PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import { amrOf, isFederatedMethod, type Loa, type SignInMethod } from './levelOfAssurance.js';
import { OidcAdapter } from './oidcAdapter.js';

export interface SignInRecord {
  sessionIdHash: string;
  accountId: string;
  method: SignInMethod;
  level: Loa;
  /** ms */
  authTime: number;
}

/** A sign-in as the provider describes it: the record and its RFC 8176 `amr`. */
export interface DescribedSignIn extends SignInRecord {
  amr: string[];
}

const AMR_MODEL = 'PortalSignInAmr';

/** One per sign-in (every USB and password login): compiled once (db/precompiledQuery.ts). */
const upsertSignIn = precompiledQuery(
  5,
  (db: PortalDb, sessionIdHash: string, accountId: string, method: string, level: number, authTime: number) =>
    db
      .insertInto('sessionSignIns')
      .values({ sessionIdHash, accountId, method, level, authTime })
      .onConflict((oc) => oc.column('sessionIdHash').doUpdateSet({ accountId, method, level, authTime })),
);

export async function recordSignIn(
  db: PortalDb,
  record: SignInRecord,
  /** A federated sign-in: the `amr` to report and how long (s) to keep it (the session's longest life). */
  federated?: { amr: readonly string[]; keepSeconds: number },
): Promise<void> {
  await upsertSignIn.execute(
    db,
    record.sessionIdHash,
    record.accountId,
    record.method,
    record.level,
    record.authTime,
  );
  if (federated && isFederatedMethod(record.method))
    await new OidcAdapter(db, () => record.authTime, AMR_MODEL).upsert(
      record.sessionIdHash,
      { accountId: record.accountId, authTime: record.authTime, amr: [...federated.amr] },
      federated.keepSeconds,
    );
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

/**
 * The sign-in with its `amr`: the method's own values, or for a federated sign-in the values kept for this
 * very sign-in (same account and time), else the federated default of its level.
 */
export async function describedSignInOf(
  db: PortalDb,
  clock: Clock,
  sessionIdHash: string,
  accountId: string,
): Promise<DescribedSignIn | undefined> {
  const record = await signInOf(db, sessionIdHash, accountId);
  if (!record) return undefined;
  if (!isFederatedMethod(record.method)) return { ...record, amr: amrOf(record.method, record.level) };
  const kept = await new OidcAdapter(db, clock, AMR_MODEL).find(sessionIdHash);
  const amr = kept?.accountId === accountId && kept.authTime === record.authTime ? kept.amr : undefined;
  return {
    ...record,
    amr:
      Array.isArray(amr) && amr.length > 0 && amr.every((v) => typeof v === 'string')
        ? (amr as string[])
        : amrOf(record.method, record.level),
  };
}
