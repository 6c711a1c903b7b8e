/**
 * Routes of the dossier module, mounted by the ministry app with `registerDossierRoutes(app, host)`:
 *
 *   GET  /thu-tuc                       procedures
 *   GET  /thu-tuc/:code                 form (signed in + linked account; prefilled from the national claims)
 *   POST /thu-tuc/:code                 validate → draft with the canonical declaration → /ho-so/:id/ky
 *   GET  /ho-so                         my dossiers
 *   GET  /ho-so/:id                     detail: declaration, verification report (re-verified), trail
 *   GET  /ho-so/:id/ky                  signing choice (USB token / SIM / remote signature)
 *   POST /ho-so/:id/ky/usb              CMS made in the page by Kyso → verify → received
 *   POST /ho-so/:id/ky/sim              SIM ký số request (two approvals on the phone)
 *   POST /ho-so/:id/ky/tu-xa            remote-signature request (one approval in the app)
 *   GET  /ho-so/:id/ky/cho              waiting page; each load polls the MSSP/provider (refresh 2 s)
 *   GET  /static/ho-so/ky-so.js         the signing page script
 *   GET  /can-bo/ho-so[/:id]            officer list and detail;  POST /can-bo/ho-so/:id/trang-thai
 *
 * CSRF tokens are checked by the app on every POST; forms carry `_csrf` from `host.csrfToken`.
 */
import { randomBytes } from 'node:crypto';
import { validateVietnameseMobile } from '@kyso/lib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { DECLARATION_FORMAT, declarationTime, serialiseDeclaration } from './canonicalDeclaration.js';
import type { DossierHost, Lang, MinistryAccountView } from './dossierHost.js';
import { pageText } from './dossierMessages.js';
import {
  DossierDetailPage,
  DossierListPage,
  MessagePage,
  NotLinkedPage,
  ProcedureFormPage,
  ProcedureListPage,
  SignPage,
  statusMessage,
  WaitingPage,
} from './dossierPages.js';
import { dossierScripts } from './dossierScripts.js';
import {
  acceptSignature,
  createSigningContext,
  mayRequestSignature,
  pollSigning,
  startRemoteSigning,
  startSimSigning,
} from './dossierSigning.js';
import { canOfficerMove, isDossierStatus, STATUS_LABELS } from './dossierStatus.js';
import { type DossierRow, DossierStore } from './dossierStore.js';
import { prefillValues, validateForm } from './fieldValidation.js';
import { findProcedure, PROCEDURES } from './procedures.js';
import {
  acceptedSignerIds,
  type DossierVerificationReport,
  verifyDossierSignature,
} from './signatureVerification.js';

type Params = { Params: { id: string } };
type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Strict base64 (the CMS posted by the page), or null. */
function decodeBase64(v: string): Uint8Array | null {
  const s = v.replace(/\s+/g, '');
  if (s === '' || s.length > 200_000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export function registerDossierRoutes(app: FastifyInstance, host: DossierHost): void {
  const store = new DossierStore(host);
  const signing = createSigningContext(host, store);

  const page = (req: FastifyRequest, reply: FastifyReply, title: string, body: VNode, status = 200) => {
    reply.code(status).header('cache-control', 'no-store');
    return host.sendPage(req, reply, title, body);
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply, lang: Lang) =>
    page(
      req,
      reply,
      pageText('DOSSIER_NOT_FOUND', lang),
      MessagePage({ lang, code: 'DOSSIER_NOT_FOUND', type: 'error' }),
      404,
    );

  const citizensOnly = (req: FastifyRequest, reply: FastifyReply, lang: Lang) =>
    page(
      req,
      reply,
      pageText('PROCEDURE_CITIZENS_ONLY', lang),
      MessagePage({ lang, code: 'PROCEDURE_CITIZENS_ONLY', type: 'error' }),
      403,
    );

  /** The signed-in account, or the sign-in redirect (returning to `returnTo`). */
  async function signedIn(req: FastifyRequest, reply: FastifyReply, returnTo: string) {
    const account = await host.currentAccount(req);
    if (!account) return { account: null, reply: await host.requireSignIn(req, reply, returnTo) };
    return { account, reply: null };
  }

  /** The account's own dossier, or null (someone else's dossier is "not found" too). */
  async function ownDossier(account: MinistryAccountView, id: string): Promise<DossierRow | null> {
    const d = await store.get(id);
    return d && d.accountId === account.id ? d : null;
  }

  async function report(
    d: DossierRow,
    account: Pick<MinistryAccountView, 'subject' | 'idNumber' | 'nationalClaims'>,
  ) {
    if (!d.cms || d.submittedAt === null) return null;
    return verifyDossierSignature({
      declaration: new TextEncoder().encode(d.declaration),
      cms: new Uint8Array(Buffer.from(d.cms, 'base64')),
      trust: host.trust,
      time: new Date(d.submittedAt),
      expectedSigner: acceptedSignerIds(account),
    });
  }

  function signPage(
    req: FastifyRequest,
    reply: FastifyReply,
    account: MinistryAccountView,
    d: DossierRow,
    message?: { code: Parameters<typeof pageText>[0]; report?: DossierVerificationReport | null },
    status = 200,
  ) {
    const lang = host.lang(req);
    return page(
      req,
      reply,
      lang === 'vi' ? 'Ký số tờ khai' : 'Sign the declaration',
      SignPage({
        lang,
        csrf: host.csrfToken(req),
        dossier: d,
        accountPhone: account.phone,
        holderId: account.idNumber,
        ...(message ? { message } : {}),
      }),
      status,
    );
  }

  app.get('/static/ho-so/ky-so.js', async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await dossierScripts.get('ky-so.js')),
  );

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
    const polled = await pollSigning(signing, r.dossier, r.account, pending);
    if (polled.state === 'refused')
      return signPage(req, reply, r.account, r.dossier, { code: polled.code }, 422);
    if (polled.state === 'signed') {
      const out = await acceptSignature(signing, req, r.dossier, r.account, pending.method, polled.cms);
      if (!out.ok)
        return signPage(req, reply, r.account, r.dossier, { code: out.code, report: out.report }, 422);
      return reply.redirect(`/ho-so/${r.dossier.id}?ok=1`, 303);
    }
    reply.header('refresh', '2');
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

  // Officer pages ------------------------------------------------------------------------------------------

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
