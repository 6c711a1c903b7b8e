/**
 * Officer pages (cán bộ): submitted dossiers, a dossier with its report, status changes with the trail,
 * the audit entry and the notice to the citizen. They need `host.currentOfficer`; without it: 404.
 *
 *   GET  /can-bo/ho-so[?trang-thai=…]   list
 *   GET  /can-bo/ho-so/:id              detail
 *   POST /can-bo/ho-so/:id/trang-thai   {from, status, note}, compare-and-set on `from`; never on the
 *                                        officer's own dossier (OFFICER_OWN_DOSSIER, 403)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageText } from './dossierMessages.js';
import { DossierDetailPage, DossierListPage, MessagePage, statusMessage } from './dossierPages.js';
import { type Body, type Params, type RouteKit, str } from './dossierRouteKit.js';
import { canOfficerMove, isDossierStatus, STATUS_LABELS } from './dossierStatus.js';
import type { DossierRow } from './dossierStore.js';
import { PROCEDURES } from './procedures.js';

export function registerOfficerRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { host, store, page, notFound, report } = kit;

  async function officer(req: FastifyRequest, reply: FastifyReply, returnTo: string) {
    const lang = host.lang(req);
    if (!host.currentOfficer) return { reply: await notFound(req, reply, lang) };
    const o = await host.currentOfficer(req);
    if (o) return { officer: o };
    if (!(await host.currentAccount(req))) return { reply: await host.requireSignIn(req, reply, returnTo) };
    return {
      reply: await page(
        req,
        reply,
        pageText('OFFICER_ONLY', lang),
        MessagePage({ lang, code: 'OFFICER_ONLY', type: 'error' }),
        403,
      ),
    };
  }

  app.get('/can-bo/ho-so', async (req, reply) => {
    const lang = host.lang(req);
    const o = await officer(req, reply, '/can-bo/ho-so');
    if (!o.officer) return o.reply;
    const wanted = (req.query as { 'trang-thai'?: string })['trang-thai'];
    const dossiers = await store.listSubmitted(isDossierStatus(wanted) ? wanted : undefined);
    return page(
      req,
      reply,
      lang === 'vi' ? 'Hồ sơ cần xử lý' : 'Dossiers to handle',
      DossierListPage({ lang, dossiers, officer: true }),
    );
  });

  async function officerDetail(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    d: DossierRow,
    message?: ReturnType<typeof statusMessage>,
    status = 200,
  ) {
    const lang = host.lang(req);
    // The signer must be the declarant recorded with the dossier (the identity accepted on submission).
    const r = await report(d, {
      subject: d.declarantSubject,
      idNumber: d.declarantId,
      nationalClaims: d.signerId ? { SoCMND: d.signerId } : null,
    });
    const events = await store.events(d.id);
    return page(
      req,
      reply,
      `${lang === 'vi' ? 'Hồ sơ' : 'Dossier'} ${d.reference}`,
      DossierDetailPage({
        lang,
        dossier: d,
        report: r,
        events,
        officer: { csrf: host.csrfToken(req) },
        ...(message ? { message } : {}),
      }),
      status,
    );
  }

  app.get<Params>('/can-bo/ho-so/:id', async (req, reply) => {
    const o = await officer(req, reply, `/can-bo/ho-so/${encodeURIComponent(req.params.id)}`);
    if (!o.officer) return o.reply;
    const d = await store.get(req.params.id);
    if (!d || d.status === 'draft') return notFound(req, reply, host.lang(req));
    return officerDetail(req, reply, d);
  });

  app.post<Params & { Body: Body }>('/can-bo/ho-so/:id/trang-thai', async (req, reply) => {
    const o = await officer(req, reply, `/can-bo/ho-so/${encodeURIComponent(req.params.id)}`);
    if (!o.officer) return o.reply;
    const d = await store.get(req.params.id);
    if (!d || d.status === 'draft') return notFound(req, reply, host.lang(req));
    // Separation of duties: an officer who is also a citizen never decides on their own dossier.
    if (d.accountId === o.officer.id) {
      await host.audit(req, 'dossier.ownDossierRefused', d.accountId, { dossier: d.reference });
      return officerDetail(req, reply, d, statusMessage('OFFICER_OWN_DOSSIER'), 403);
    }
    const body = (req.body ?? {}) as Body;
    const to = str(body.status);
    const from = str(body.from) || d.status;
    const note = str(body.note).normalize('NFC').trim().slice(0, 500);
    const now = host.now();
    if (
      !isDossierStatus(to) ||
      !isDossierStatus(from) ||
      from !== d.status ||
      !canOfficerMove(d.status, to) ||
      !(await store.moveStatus(d.id, d.status, to, now))
    )
      return officerDetail(
        req,
        reply,
        (await store.get(d.id)) ?? d,
        statusMessage('STATUS_CHANGE_INVALID'),
        409,
      );
    await store.addEvent({
      dossierId: d.id,
      at: now,
      actor: 'officer',
      actorName: `${o.officer.fullName} (${o.officer.unit})`,
      kind: 'statusChanged',
      fromStatus: d.status,
      toStatus: to,
      note: note || null,
    });
    await host.audit(req, 'dossier.statusChanged', d.accountId, {
      dossier: d.reference,
      from: d.status,
      to,
      officer: o.officer.id,
    });
    const procedure = PROCEDURES[d.procedureCode];
    await host.notify(
      d.accountId,
      `Hồ sơ ${d.reference}: ${STATUS_LABELS[to].vi} / ${STATUS_LABELS[to].en}`,
      `Hồ sơ "${procedure.name.vi}" (mã ${d.reference}) chuyển sang trạng thái "${STATUS_LABELS[to].vi}".` +
        (note ? `\nGhi chú của cán bộ: ${note}` : '') +
        `\nYour dossier "${procedure.name.en}" (${d.reference}) is now "${STATUS_LABELS[to].en}".`,
    );
    return officerDetail(req, reply, (await store.get(d.id)) ?? d, statusMessage('STATUS_CHANGED'));
  });
}
