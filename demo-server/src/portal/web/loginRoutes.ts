/** Login (JSON API and pages), sign-out, and the account page with sessions and the audit log. */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { linkedIdentitiesOf } from '../federation/linkedIdentities.js';
import { isLoginMethod, LoginEngine, type LoginMethod } from '../flows/loginEngine.js';
import { t } from '../i18n/labels.js';
import type { MessageCode } from '../i18n/messages.js';
import type { PortalSignInHooks } from '../oidc/openIdProviderRoutes.js';
import type { PortalContext } from '../portalContext.js';
import { audit, auditEntries } from '../security/auditLog.js';
import { FLOW_ERROR_STATUS, loginFlowJson } from './flowJson.js';
import { AccountPage, type AccountView, LoginFlowPage, SimpleMessagePage } from './loginPages.js';
import { FlowErrorPage } from './registrationPages.js';
import { apiError, bodyFields, ensureSession, rotateSession, stepSubmission } from './requestContext.js';
import { type PageRenderer, sendPage } from './sendPage.js';

/** Messages the account page may show after a redirect (`?thongbao=`). */
const ACCOUNT_NOTICES: readonly MessageCode[] = ['SESSION_REVOKED'];

async function accountView(
  ctx: PortalContext,
  accountId: string,
  currentIdHash: string,
): Promise<AccountView | undefined> {
  const account = await ctx.db
    .selectFrom('accounts')
    .select([
      'username',
      'fullName',
      'idNumber',
      'dateOfBirth',
      'phone',
      'email',
      'verificationLevel',
      'registrationMethod',
      'createdAt',
      'subject',
    ])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) return undefined;
  const sessions = (await ctx.sessions.listForAccount(accountId)).map((s) => ({
    idHash: s.idHash,
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    current: s.idHash === currentIdHash,
  }));
  const log = (await auditEntries(ctx.db, accountId)).map(({ at, event, ip }) => ({ at, event, ip }));
  const certificates = await ctx.db
    .selectFrom('accountCertificates')
    .select(['subject', 'issuer', 'notAfter'])
    .where('accountId', '=', accountId)
    .orderBy('createdAt', 'desc')
    .execute();
  const linkedIdentities = await linkedIdentitiesOf(ctx.db, accountId);
  return { account, sessions, audit: log, certificates, linkedIdentities };
}

/** Pages that start a certificate login: /dang-nhap/<slug>. */
const CERTIFICATE_LOGIN_SLUGS: readonly (readonly [string, LoginMethod])[] = [
  ['usb-ky-so', 'usbKySo'],
  ['sim-ky-so', 'simKySo'],
  ['chu-ky-so-ca-nhan', 'chuKySoCaNhan'],
];

export function registerLoginRoutes(
  app: FastifyInstance,
  ctx: PortalContext,
  pages: PageRenderer,
  /** Sign-in bookkeeping of the OpenID provider (method and LoA of the session, pending authorization). */
  hooks?: PortalSignInHooks,
): void {
  const engine = new LoginEngine(ctx);

  /** The new session, and where a page login goes next (a pending SSO authorization, else undefined). */
  async function finishLogin(
    req: FastifyRequest,
    reply: FastifyReply,
    accountId: string,
    method: LoginMethod,
    api = false,
  ) {
    const session = await rotateSession(ctx, req, reply, accountId);
    const next = await hooks?.signedIn(
      req,
      reply,
      { sessionIdHash: session.idHash, accountId, method },
      { keepReturn: api },
    );
    return { session, next };
  }

  // --- JSON API ---------------------------------------------------------------------------------------
  app.get('/api/session', async (req, reply) => {
    const s = await ensureSession(ctx, req, reply);
    return { csrfToken: s.csrfToken, signedIn: s.accountId !== null };
  });

  app.post('/api/login/flows', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    const method = bodyFields(req.body).method ?? 'password';
    const flow = isLoginMethod(method) ? await engine.create(session.idHash, method) : undefined;
    if (!flow) return reply.code(400).send(apiError('METHOD_NOT_AVAILABLE', req.lang));
    return reply.code(201).send(loginFlowJson(flow, req.lang));
  });

  app.get<{ Params: { id: string } }>('/api/login/flows/:id', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    const r = await engine.get(req.params.id, session.idHash);
    if (!r.ok) return reply.code(FLOW_ERROR_STATUS[r.code]).send(apiError(r.code, req.lang));
    return loginFlowJson(r.flow, req.lang);
  });

  app.post<{ Params: { id: string } }>('/api/login/flows/:id', async (req, reply) => {
    const r = await engine.submit(req.params.id, ...(await stepSubmission(ctx, req, reply)));
    if (!r.ok) return reply.code(FLOW_ERROR_STATUS[r.code]).send(apiError(r.code, req.lang));
    const json = loginFlowJson(r.flow, req.lang);
    if (r.signedInAccountId) {
      const { session: s } = await finishLogin(
        req,
        reply,
        r.signedInAccountId,
        r.flow.method as LoginMethod,
        true,
      );
      return { ...json, session: { csrfToken: s.csrfToken } };
    }
    return reply.code(r.progressed ? 200 : 400).send(json);
  });

  app.get('/api/account', async (req, reply) => {
    const s = req.portalSession;
    const view = s?.accountId ? await accountView(ctx, s.accountId, s.idHash) : undefined;
    if (!view) return reply.code(401).send(apiError('AUTH_RETRY', req.lang));
    return view;
  });

  app.post<{ Params: { idHash: string } }>('/api/account/sessions/:idHash/revoke', async (req, reply) => {
    const s = req.portalSession;
    if (!s?.accountId) return reply.code(401).send(apiError('AUTH_RETRY', req.lang));
    const done = await ctx.sessions.destroyForAccount(s.accountId, req.params.idHash);
    if (!done) return reply.code(404).send(apiError('NOT_FOUND', req.lang));
    await audit(ctx.db, ctx.clock, 'session.revoked', s.accountId, req.ip);
    await hooks?.sessionRevoked(req.params.idHash);
    return { revoked: true };
  });

  app.post('/api/logout', async (req, reply) => {
    const s = req.portalSession;
    if (s?.accountId) await audit(ctx.db, ctx.clock, 'session.signed_out', s.accountId, req.ip);
    await hooks?.signedOut(req, reply);
    const fresh = await rotateSession(ctx, req, reply, null);
    return { signedOut: true, csrfToken: fresh.csrfToken };
  });

  // --- Pages ------------------------------------------------------------------------------------------
  app.get('/dang-nhap', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    if (session.accountId) return reply.redirect('/tai-khoan', 303);
    const flow = await engine.create(session.idHash);
    if (!flow) return reply.redirect('/', 303);
    return reply.redirect(`/dang-nhap/luong/${flow.id}`, 303);
  });

  for (const [slug, method] of CERTIFICATE_LOGIN_SLUGS)
    app.get(`/dang-nhap/${slug}`, async (req, reply) => {
      const session = await ensureSession(ctx, req, reply);
      if (session.accountId) return reply.redirect('/tai-khoan', 303);
      const flow = await engine.create(session.idHash, method);
      if (!flow) {
        const page = await pages.context(req, reply);
        return sendPage(
          reply.code(404),
          FlowErrorPage({ page, code: 'METHOD_NOT_AVAILABLE', restartHref: '/dang-nhap' }),
        );
      }
      return reply.redirect(`/dang-nhap/luong/${flow.id}`, 303);
    });

  app.get<{ Params: { id: string } }>('/dang-nhap/luong/:id', async (req, reply) => {
    const page = await pages.context(req, reply);
    const r = await engine.get(req.params.id, req.portalSession?.idHash ?? '');
    if (!r.ok)
      return sendPage(
        reply.code(FLOW_ERROR_STATUS[r.code]),
        FlowErrorPage({ page, code: r.code, restartHref: '/dang-nhap' }),
      );
    return sendPage(
      reply,
      LoginFlowPage({
        page,
        flow: r.flow,
        usbAvailable: ctx.trust !== undefined,
        simulatorsUrl: ctx.config.simulatorsUrl,
        ssoClient: await hooks?.pendingClient(req),
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/dang-nhap/luong/:id', async (req, reply) => {
    const r = await engine.submit(req.params.id, ...(await stepSubmission(ctx, req, reply)));
    if (!r.ok) {
      const page = await pages.context(req, reply);
      return sendPage(
        reply.code(FLOW_ERROR_STATUS[r.code]),
        FlowErrorPage({ page, code: r.code, restartHref: '/dang-nhap' }),
      );
    }
    if (r.signedInAccountId) {
      const { next } = await finishLogin(req, reply, r.signedInAccountId, r.flow.method as LoginMethod);
      return reply.redirect(next ?? '/tai-khoan', 303);
    }
    return reply.redirect(`/dang-nhap/luong/${r.flow.id}`, 303);
  });

  app.get<{ Querystring: { thongbao?: string } }>('/tai-khoan', async (req, reply) => {
    const page = await pages.context(req, reply);
    const s = req.portalSession;
    const view = s?.accountId ? await accountView(ctx, s.accountId, s.idHash) : undefined;
    if (!view) return reply.redirect('/dang-nhap', 303);
    const notice = ACCOUNT_NOTICES.find((c) => c === req.query.thongbao);
    return sendPage(
      reply,
      AccountPage({ page, view, messages: notice ? [{ code: notice, type: 'success' }] : [] }),
    );
  });

  app.post<{ Params: { idHash: string } }>('/tai-khoan/phien/:idHash/dang-xuat', async (req, reply) => {
    const s = req.portalSession;
    if (!s?.accountId) return reply.redirect('/dang-nhap', 303);
    if (await ctx.sessions.destroyForAccount(s.accountId, req.params.idHash)) {
      await audit(ctx.db, ctx.clock, 'session.revoked', s.accountId, req.ip);
      await hooks?.sessionRevoked(req.params.idHash);
    }
    return reply.redirect('/tai-khoan?thongbao=SESSION_REVOKED', 303);
  });

  app.post('/dang-xuat', async (req, reply) => {
    const s = req.portalSession;
    if (s?.accountId) await audit(ctx.db, ctx.clock, 'session.signed_out', s.accountId, req.ip);
    await hooks?.signedOut(req, reply);
    await rotateSession(ctx, req, reply, null);
    const page = await pages.context(req, reply);
    return sendPage(
      reply,
      SimpleMessagePage({ page, title: t(req.lang, 'logout'), code: 'SIGNED_OUT', type: 'success' }),
    );
  });
}
