/**
 * Routes of the dossier module, mounted by the ministry app with `registerDossierRoutes(app, host)`:
 *
 *   GET  /thu-tuc                       procedures
 *   GET  /thu-tuc/:code                 form (signed in + linked account; prefilled from the national claims)
 *   POST /thu-tuc/:code                 validate → draft with the canonical declaration → /ho-so/:id/ky
 *   GET  /ho-so                         my dossiers
 *   GET  /ho-so/:id                     detail: declaration, verification report (re-verified), trail
 *   /ho-so/:id/ky*, /static/ho-so/ky-so.js   signing (signingRoutes.ts)
 *   /can-bo/ho-so*                           officer pages (officerRoutes.ts)
 *
 * CSRF tokens are checked by the app on every POST; forms carry `_csrf` from `host.csrfToken`.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DECLARATION_FORMAT, declarationTime, serialiseDeclaration } from './canonicalDeclaration.js';
import type { DossierHost } from './dossierHost.js';
import { pageText } from './dossierMessages.js';
import {
  DossierDetailPage,
  DossierListPage,
  MessagePage,
  NotLinkedPage,
  ProcedureFormPage,
  ProcedureListPage,
  statusMessage,
} from './dossierPages.js';
import { type Body, createRouteKit, type Params } from './dossierRouteKit.js';
import { prefillValues, validateForm } from './fieldValidation.js';
import { registerOfficerRoutes } from './officerRoutes.js';
import { findProcedure } from './procedures.js';
import { registerSigningRoutes } from './signingRoutes.js';

export function registerDossierRoutes(app: FastifyInstance, host: DossierHost): void {
  const kit = createRouteKit(host);
  const { store, page, notFound, citizensOnly, signedIn, ownDossier, report } = kit;

  app.get('/thu-tuc', async (req, reply) => {
    const lang = host.lang(req);
    return page(req, reply, lang === 'vi' ? 'Thủ tục hành chính' : 'Procedures', ProcedureListPage({ lang }));
  });

  app.get<{ Params: { code: string } }>('/thu-tuc/:code', async (req, reply) => {
    const lang = host.lang(req);
    const procedure = findProcedure(req.params.code);
    if (!procedure)
      return page(
        req,
        reply,
        pageText('PROCEDURE_NOT_FOUND', lang),
        MessagePage({ lang, code: 'PROCEDURE_NOT_FOUND', type: 'error' }),
        404,
      );
    const s = await signedIn(req, reply, `/thu-tuc/${procedure.code}`);
    if (!s.account) return s.reply;
    if (!s.account.linked)
      return page(req, reply, procedure.name[lang], NotLinkedPage({ lang, procedure }), 403);
    if (!procedure.subjects.includes(s.account.subject)) return citizensOnly(req, reply, lang);
    const values = prefillValues(procedure, s.account.nationalClaims, s.account);
    const prefilled = new Set(
      Object.entries(values)
        .filter(([, v]) => v !== '')
        .map(([k]) => k),
    );
    return page(
      req,
      reply,
      procedure.name[lang],
      ProcedureFormPage({ lang, csrf: host.csrfToken(req), procedure, values, prefilled }),
    );
  });

  app.post<{ Params: { code: string }; Body: Body }>('/thu-tuc/:code', async (req, reply) => {
    const lang = host.lang(req);
    const procedure = findProcedure(req.params.code);
    if (!procedure)
      return page(
        req,
        reply,
        pageText('PROCEDURE_NOT_FOUND', lang),
        MessagePage({ lang, code: 'PROCEDURE_NOT_FOUND', type: 'error' }),
        404,
      );
    const s = await signedIn(req, reply, `/thu-tuc/${procedure.code}`);
    if (!s.account) return s.reply;
    const account = s.account;
    if (!account.linked)
      return page(req, reply, procedure.name[lang], NotLinkedPage({ lang, procedure }), 403);
    if (!procedure.subjects.includes(account.subject)) return citizensOnly(req, reply, lang);
    const now = host.now();
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
    const checked = validateForm(procedure, body, { accountIdNumber: account.idNumber, now: new Date(now) });
    if (!checked.ok)
      return page(
        req,
        reply,
        procedure.name[lang],
        ProcedureFormPage({
          lang,
          csrf: host.csrfToken(req),
          procedure,
          values: checked.values,
          prefilled: new Set(),
          errors: checked.errors,
        }),
        422,
      );
    const declaration = serialiseDeclaration({
      format: DECLARATION_FORMAT,
      procedure: procedure.code,
      accountId: account.id,
      declarantId: account.idNumber,
      fields: checked.values,
      nonce: randomBytes(16).toString('base64url'),
      createdAt: declarationTime(now),
    });
    const d = await store.create({
      accountId: account.id,
      declarantSubject: account.subject,
      declarantId: account.idNumber,
      procedureCode: procedure.code,
      status: 'draft',
      declaration: declaration.text,
      declarationSha256: declaration.sha256,
      signatureMethod: null,
      cms: null,
      signerId: null,
      signerName: null,
      createdAt: now,
      submittedAt: null,
      updatedAt: now,
    });
    await store.addEvent({
      dossierId: d.id,
      at: now,
      actor: 'citizen',
      actorName: account.fullName,
      kind: 'created',
      fromStatus: null,
      toStatus: 'draft',
      note: null,
    });
    await host.audit(req, 'dossier.created', account.id, { dossier: d.reference, procedure: procedure.code });
    return reply.redirect(`/ho-so/${d.id}/ky`, 303);
  });

  app.get('/ho-so', async (req, reply) => {
    const lang = host.lang(req);
    const s = await signedIn(req, reply, '/ho-so');
    if (!s.account) return s.reply;
    const dossiers = await store.listForAccount(s.account.id);
    return page(
      req,
      reply,
      lang === 'vi' ? 'Hồ sơ của tôi' : 'My dossiers',
      DossierListPage({ lang, dossiers }),
    );
  });

  app.get<Params>('/ho-so/:id', async (req, reply) => {
    const lang = host.lang(req);
    const s = await signedIn(req, reply, `/ho-so/${encodeURIComponent(req.params.id)}`);
    if (!s.account) return s.reply;
    const d = await ownDossier(s.account, req.params.id);
    if (!d) return notFound(req, reply, lang);
    if (d.status === 'draft') return reply.redirect(`/ho-so/${d.id}/ky`, 303);
    const [r, events] = await Promise.all([report(d, s.account), store.events(d.id)]);
    const q = req.query as { ok?: string };
    return page(
      req,
      reply,
      `${lang === 'vi' ? 'Hồ sơ' : 'Dossier'} ${d.reference}`,
      DossierDetailPage({
        lang,
        dossier: d,
        report: r,
        events,
        ...(q.ok === '1' ? { message: statusMessage('SIGNATURE_ACCEPTED') } : {}),
      }),
    );
  });

  /** Loads the signed-in account's draft for the signing routes (or answers). */

  registerSigningRoutes(app, kit);
  registerOfficerRoutes(app, kit);
}
