/**
 * Signing routes: the signing choice, the three methods and the waiting page that polls by itself.
 *
 *   GET  /ho-so/:id/ky                  signing choice (USB token / SIM / remote signature)
 *   POST /ho-so/:id/ky/usb              CMS made in the page by Kyso → verify → received
 *   POST /ho-so/:id/ky/sim              SIM ký số request
 *   POST /ho-so/:id/ky/tu-xa            remote-signature request (one approval in the app)
 *   GET  /ho-so/:id/ky/cho              waiting page; each load polls the MSSP/provider (the page script fetches it every 2 s)
 *   GET  /static/ho-so/ky-so.js         the signing page script
 */
import { validateVietnameseMobile } from '@kyso/lib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotLinkedPage } from './dossierPages.js';
import { type Body, decodeBase64, type Params, type RouteKit, str } from './dossierRouteKit.js';
import { dossierScripts } from './dossierScripts.js';
import { PROCEDURES } from './procedures.js';
import { mayRequestSignature, pollSigning, startRemoteSigning, startSimSigning } from './remoteSigning.js';
import { acceptSignature } from './signatureAcceptance.js';
import { WaitingPage } from './signingPages.js';

export function registerSigningRoutes(app: FastifyInstance, kit: RouteKit): void {
  const { host, store, signing, page, notFound, signedIn, ownDossier, signPage } = kit;

  app.get('/static/ho-so/ky-so.js', async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await dossierScripts.get('ky-so.js')),
  );

  async function draftFor(req: FastifyRequest<Params>, reply: FastifyReply) {
    const lang = host.lang(req);
    const s = await signedIn(req, reply, `/ho-so/${encodeURIComponent(req.params.id)}/ky`);
    if (!s.account) return { reply: s.reply };
    const d = await ownDossier(s.account, req.params.id);
    if (!d) return { reply: await notFound(req, reply, lang) };
    if (d.status !== 'draft') return { reply: reply.redirect(`/ho-so/${d.id}`, 303) };
    if (!s.account.linked)
      return {
        reply: await page(
          req,
          reply,
          PROCEDURES[d.procedureCode].name[lang],
          NotLinkedPage({ lang, procedure: PROCEDURES[d.procedureCode] }),
          403,
        ),
      };
    return { account: s.account, dossier: d };
  }

  app.get<Params>('/ho-so/:id/ky', async (req, reply) => {
    const r = await draftFor(req, reply);
    if (!r.dossier) return r.reply;
    return signPage(req, reply, r.account, r.dossier);
  });

  app.post<Params & { Body: Body }>('/ho-so/:id/ky/usb', async (req, reply) => {
    const r = await draftFor(req, reply);
    if (!r.dossier) return r.reply;
    const cms = decodeBase64(str((req.body as Body | undefined)?.cms));
    if (!cms) return signPage(req, reply, r.account, r.dossier, { code: 'SIGNATURE_MISSING' }, 400);
    const out = await acceptSignature(signing, req, r.dossier, r.account, 'usb', cms);
    if (!out.ok)
      return signPage(req, reply, r.account, r.dossier, { code: out.code, report: out.report }, 422);
    return reply.redirect(`/ho-so/${r.dossier.id}?ok=1`, 303);
  });

  app.post<Params & { Body: Body }>('/ho-so/:id/ky/sim', async (req, reply) => {
    const r = await draftFor(req, reply);
    if (!r.dossier) return r.reply;
    const phone = validateVietnameseMobile(str((req.body as Body | undefined)?.phone));
    if (!phone.valid || !phone.national || !phone.international)
      return signPage(req, reply, r.account, r.dossier, { code: 'SIM_PHONE_INVALID' }, 422);
    if (!(await mayRequestSignature(signing, r.account.id)))
      return signPage(req, reply, r.account, r.dossier, { code: 'SIGNING_TOO_MANY' }, 429);
    const started = await startSimSigning(signing, r.dossier, r.account, phone.international, phone.national);
    if (!started.ok) return signPage(req, reply, r.account, r.dossier, { code: started.code }, 422);
    return reply.redirect(`/ho-so/${r.dossier.id}/ky/cho`, 303);
  });

  app.post<Params>('/ho-so/:id/ky/tu-xa', async (req, reply) => {
    const r = await draftFor(req, reply);
    if (!r.dossier) return r.reply;
    if (!(await mayRequestSignature(signing, r.account.id)))
      return signPage(req, reply, r.account, r.dossier, { code: 'SIGNING_TOO_MANY' }, 429);
    const started = await startRemoteSigning(signing, r.dossier, r.account);
    if (!started.ok) return signPage(req, reply, r.account, r.dossier, { code: started.code }, 422);
    return reply.redirect(`/ho-so/${r.dossier.id}/ky/cho`, 303);
  });

  app.get<Params>('/ho-so/:id/ky/cho', async (req, reply) => {
    const lang = host.lang(req);
    const r = await draftFor(req, reply);
    if (!r.dossier) return r.reply;
    const pending = await store.currentSigning(r.dossier.id);
    if (!pending) return signPage(req, reply, r.account, r.dossier, { code: 'SIGNING_NOT_STARTED' }, 409);
    const polled = await pollSigning(signing, r.dossier, pending);
    if (polled.state === 'refused')
      return signPage(req, reply, r.account, r.dossier, { code: polled.code }, 422);
    if (polled.state === 'signed') {
      const out = await acceptSignature(signing, req, r.dossier, r.account, pending.method, polled.cms);
      if (!out.ok)
        return signPage(req, reply, r.account, r.dossier, { code: out.code, report: out.report }, 422);
      return reply.redirect(`/ho-so/${r.dossier.id}?ok=1`, 303);
    }
    return page(
      req,
      reply,
      lang === 'vi' ? 'Chờ xác nhận ký' : 'Waiting for the signature',
      WaitingPage({
        lang,
        dossier: r.dossier,
        signing: polled.signing,
        simulatorsUrl: host.simulatorsUrl,
        appUserId: r.account.idNumber,
      }),
    );
  });
}
