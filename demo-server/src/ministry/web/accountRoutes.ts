/**
 * The account page (/tai-khoan: profile, linked national identity with unlink, sessions, audit log) and
 * signing out one of the account's other sessions (POST /tai-khoan/phien/dang-xuat {session}).
 */
import type { FastifyInstance } from 'fastify';
import { appendAudit, auditEntries } from '../../portal/security/auditLog.js';
import { sendPage } from '../../portal/web/sendPage.js';
import { linksOf } from '../linking/federatedIdentities.js';
import type { MinistryContext } from '../ministryContext.js';
import { AccountPage } from './ministryPages.js';
import { pageContext, signedInAccount } from './ministrySession.js';

export function registerAccountRoutes(app: FastifyInstance, ctx: MinistryContext): void {
  app.get('/tai-khoan', async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const page = await pageContext(ctx, req, reply);
    const current = req.ministrySession?.idHash;
    const sessions = (await ctx.sessions.listForAccount(account.id)).map((s) => ({
      idHash: s.idHash,
      userAgent: s.userAgent,
      ip: s.ip,
      lastSeenAt: s.lastSeenAt,
      current: s.idHash === current,
    }));
    return sendPage(
      reply,
      AccountPage({
        page,
        account,
        links: await linksOf(ctx.db, account.id),
        sessions,
        audit: await auditEntries(ctx.db, account.id),
        messages: [],
      }),
    );
  });

  app.post<{ Body: { session?: unknown } }>('/tai-khoan/phien/dang-xuat', async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const idHash = String(req.body?.session ?? '');
    if (/^[0-9a-f]{64}$/.test(idHash) && (await ctx.sessions.destroyForAccount(account.id, idHash))) {
      await ctx.db.deleteFrom('nationalLogins').where('sessionIdHash', '=', idHash).execute();
      await appendAudit(ctx.db, ctx.clock, 'session.revoked', account.id, req.ip, {});
    }
    return reply.redirect('/tai-khoan', 303);
  });
}
