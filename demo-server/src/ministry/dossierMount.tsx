/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The ministry's side of the dossier module's seam (`DossierHost`, dossiers/dossierHost.ts): the signed-in
 * account with its link state and national claims, the SSO redirect for anonymous visitors, the session's
 * CSRF token, the ministry layout, the audit log, e-mail notices and the certificate trust.
 */
import type { FastifyInstance } from 'fastify';
import type { CertificateTrust } from '../portal/portalContext.js';
import { appendAudit } from '../portal/security/auditLog.js';
import { sendPage } from '../portal/web/sendPage.js';
import { accountById } from './accounts/ministryAccounts.js';
import type { DossierHost, MinistryAccountView } from './dossiers/dossierHost.js';
import { registerDossierRoutes } from './dossiers/dossierRoutes.js';
import { linksOf } from './linking/federatedIdentities.js';
import type { MinistryContext } from './ministryContext.js';
import { MinistryLayout } from './web/ministryLayout.js';
import { requestLang } from './web/ministryRequestContext.js';
import { pageContext, signedInAccount } from './web/ministrySession.js';

export function ministryDossierHost(ctx: MinistryContext, trust: CertificateTrust): DossierHost {
  return {
    db: ctx.db,
    now: ctx.clock,
    lang: requestLang,
    async currentAccount(req) {
      const account = await signedInAccount(ctx, req);
      if (!account) return null;
      const view: MinistryAccountView = {
        id: account.id,
        subject: account.subject,
        idNumber: account.idNumber,
        fullName: account.fullName,
        email: account.email,
        phone: account.phone,
        linked: (await linksOf(ctx.db, account.id)).length > 0,
        nationalClaims: account.nationalClaims
          ? (JSON.parse(account.nationalClaims) as Record<string, unknown>)
          : null,
      };
      return view;
    },
    async requireSignIn(_req, reply, returnTo) {
      return reply.redirect(`/dang-nhap/dvcqg?returnTo=${encodeURIComponent(returnTo)}`, 303);
    },
    csrfToken: (req) => req.ministrySession?.csrfToken ?? '',
    async sendPage(req, reply, title, body) {
      const page = await pageContext(ctx, req, reply);
      return sendPage(
        reply,
        <MinistryLayout page={page} title={title} heading>
          {body}
        </MinistryLayout>,
      );
    },
    async audit(req, event, accountId, detail) {
      await appendAudit(ctx.db, ctx.clock, event, accountId, req.ip, detail);
    },
    async notify(accountId, subject, text) {
      const account = await accountById(ctx.db, accountId);
      if (account?.email) await ctx.email.send(account.email, subject, text);
    },
    trust,
    simulatorsUrl: ctx.config.simulatorsUrl,
    async currentOfficer(req) {
      const account = await signedInAccount(ctx, req);
      if (!account) return null;
      const officer = await ctx.db
        .selectFrom('officers')
        .select('unit')
        .where('accountId', '=', account.id)
        .executeTakeFirst();
      return officer ? { id: account.id, fullName: account.fullName, unit: officer.unit } : null;
    },
  };
}

/** Mounts the dossier routes (/thu-tuc/:code, /ho-so*, /can-bo/ho-so*) when a certificate trust is configured. */
export function mountDossiers(app: FastifyInstance, ctx: MinistryContext): boolean {
  if (!ctx.trust) return false;
  registerDossierRoutes(app, ministryDossierHost(ctx, ctx.trust));
  return true;
}
