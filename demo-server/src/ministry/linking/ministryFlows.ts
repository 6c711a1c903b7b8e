/**
 * Flows that end with a re-authentication to a local BCA account: signing in locally, confirming a link
 * with a national identity, removing it. A flow belongs to the session that began it and expires.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../portal/clock.js';
import type { FlowPurpose, MinistryFlowTable } from '../db/ministrySchema.js';
import type { MinistryDb } from '../db/openMinistryDatabase.js';

export type MinistryFlow = MinistryFlowTable;

/** What a link flow carries from the national sign-in to the moment the link is made. */
export interface PendingNationalSignIn {
  issuer: string;
  subject: string;
  sid: string | undefined;
  idToken: string;
  userinfo: Record<string, unknown>;
}

export async function startFlow(
  db: MinistryDb,
  clock: Clock,
  ttlMs: number,
  init: {
    sessionIdHash: string;
    purpose: FlowPurpose;
    accountId: string | null;
    returnTo: string;
    national?: PendingNationalSignIn;
    unlinkIssuer?: string;
  },
): Promise<MinistryFlow> {
  const now = clock();
  // One flow per session and purpose: a new start replaces an abandoned one.
  await db
    .deleteFrom('ministryFlows')
    .where('sessionIdHash', '=', init.sessionIdHash)
    .where('purpose', '=', init.purpose)
    .execute();
  const flow: MinistryFlow = {
    id: randomUUID(),
    sessionIdHash: init.sessionIdHash,
    purpose: init.purpose,
    step: 'credentials',
    accountId: init.accountId,
    issuer: init.national?.issuer ?? init.unlinkIssuer ?? null,
    subject: init.national?.subject ?? null,
    claims: init.national
      ? JSON.stringify({
          sid: init.national.sid,
          idToken: init.national.idToken,
          userinfo: init.national.userinfo,
        })
      : null,
    returnTo: init.returnTo,
    usbNonce: null,
    usbNonceIssuedAt: null,
    expiresAt: now + ttlMs,
    createdAt: now,
  };
  await db.insertInto('ministryFlows').values(flow).execute();
  return flow;
}

/** The session's live flow `id`, or undefined (unknown, another session's, or expired). */
export async function loadFlow(
  db: MinistryDb,
  clock: Clock,
  id: string,
  sessionIdHash: string,
): Promise<MinistryFlow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const flow = await db
    .selectFrom('ministryFlows')
    .selectAll()
    .where('id', '=', id)
    .where('sessionIdHash', '=', sessionIdHash)
    .executeTakeFirst();
  if (!flow) return undefined;
  if (flow.expiresAt <= clock()) {
    await endFlow(db, id);
    return undefined;
  }
  return flow;
}

export async function updateFlow(
  db: MinistryDb,
  id: string,
  changes: Partial<Pick<MinistryFlow, 'step' | 'accountId' | 'usbNonce' | 'usbNonceIssuedAt'>>,
): Promise<void> {
  await db.updateTable('ministryFlows').set(changes).where('id', '=', id).execute();
}

/**
 * Ends the flow; true only for the request that removed it (two concurrent completions cannot both act).
 */
export async function endFlow(db: MinistryDb, id: string): Promise<boolean> {
  await db.deleteFrom('otps').where('flowId', '=', id).execute();
  const r = await db.deleteFrom('ministryFlows').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function pendingNationalSignIn(flow: MinistryFlow): PendingNationalSignIn | undefined {
  if (!flow.claims || !flow.issuer || !flow.subject) return undefined;
  const c = JSON.parse(flow.claims) as { sid?: string; idToken: string; userinfo: Record<string, unknown> };
  return { issuer: flow.issuer, subject: flow.subject, sid: c.sid, idToken: c.idToken, userinfo: c.userinfo };
}
