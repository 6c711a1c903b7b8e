/**
 * Session helpers shared by the ministry's routes: the page context, the signed-in account, signing a
 * session in (with the national-portal sign-in behind it, for back-channel logout), safe return paths,
 * and e-mail notices to the account holder.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../../portal/security/auditLog.js';
import { accountById, type MinistryAccount } from '../accounts/ministryAccounts.js';
import type { MinistryContext } from '../ministryContext.js';
import type { MinistryPage } from './ministryLayout.js';
import { ensureMinistrySession, requestLang, rotateMinistrySession } from './ministryRequestContext.js';

/** A local path to return to (`/…`, no scheme, no `//`), else `/`. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/';
}

export async function pageContext(
  ctx: MinistryContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<MinistryPage> {
  const session = await ensureMinistrySession(ctx, req, reply);
  const path = req.url.replace(/([?&])lang=(vi|en)(&|$)/, '$1').replace(/[?&]$/, '');
  return {
    lang: requestLang(req),
    csrfToken: session.csrfToken,
    path,
    signedIn: session.accountId !== null,
    dossiers: ctx.trust !== undefined,
  };
}

export async function signedInAccount(
  ctx: MinistryContext,
  req: FastifyRequest,
): Promise<MinistryAccount | undefined> {
  const id = req.ministrySession?.accountId;
  return id ? accountById(ctx.db, id) : undefined;
}

/** The national-portal sign-in behind a session. */
export interface NationalSessionLink {
  issuer: string;
  subject: string;
  sid: string | undefined;
  idToken: string;
}

/** Signs the request's session in as `accountId` (new session id and CSRF token). */
export async function signIn(
  ctx: MinistryContext,
  req: FastifyRequest,
  reply: FastifyReply,
  accountId: string,
  event: string,
  detail: Record<string, unknown>,
  national?: NationalSessionLink,
): Promise<void> {
  const previous = req.ministrySession?.idHash;
  const session = await rotateMinistrySession(ctx, req, reply, accountId);
  if (previous) await ctx.db.deleteFrom('nationalLogins').where('sessionIdHash', '=', previous).execute();
  if (national)
    await ctx.db
      .insertInto('nationalLogins')
      .values({
        sessionIdHash: session.idHash,
        issuer: national.issuer,
        sid: national.sid ?? null,
        subject: national.subject,
        idToken: national.idToken,
        createdAt: ctx.clock(),
      })
      .execute();
  await appendAudit(ctx.db, ctx.clock, event, accountId, req.ip, detail);
}

/** E-mails the account holder through the simulators' outbox; a failure is logged, never shown as an error. */
export async function notifyAccount(
  ctx: MinistryContext,
  req: FastifyRequest,
  account: Pick<MinistryAccount, 'id' | 'email'>,
  subject: string,
  text: string,
): Promise<void> {
  if (!account.email) return;
  if (!(await ctx.email.send(account.email, subject, text)))
    req.log.warn({ account: account.id }, 'e-mail notice not delivered');
}
