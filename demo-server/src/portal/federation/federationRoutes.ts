/**
 * Routes of the VNeID / PostID relying party:
 *   GET /dang-nhap/vneid, /dang-nhap/postid — start a login (303 to the provider);
 *   GET /dang-ky/buu-dien — start a registration through PostID (method 3; legacy, Decree 69/2024 switch);
 *   GET /dang-nhap/<provider>/callback — the provider's redirect back (code or error, state);
 *   POST /api/federation/<provider>/flows {purpose} — the same start for API clients (authorizationUrl);
 *   GET /tai-khoan/lien-ket and /api/account/linked-identities — the account's linked identities.
 * The starts are plain links (GET): a form post redirected to another origin would fall foul of the
 * portal's CSP form-action 'self'.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalSignInHooks } from '../oidc/openIdProviderRoutes.js';
import type { PortalContext } from '../portalContext.js';
import { apiError, ensureSession, rotateSession } from '../web/requestContext.js';
import { type PageRenderer, sendPage } from '../web/sendPage.js';
import { FederatedSignIn, type FederationPurpose } from './federatedSignIn.js';
import { type FederationConfig, IDENTITY_PROVIDERS, type IdentityProvider } from './federationConfig.js';
import { type FederationMessageCode, federationText } from './federationMessages.js';
import { FederationMessagePage, LinkedIdentitiesPage } from './federationPages.js';
import { linkedIdentitiesOf } from './linkedIdentities.js';
import { RelyingParty } from './relyingParty.js';

export function registerFederationRoutes(
  app: FastifyInstance,
  ctx: PortalContext,
  pages: PageRenderer,
  config: FederationConfig,
  /** Sign-in bookkeeping of the OpenID provider (method and LoA of the session, pending authorization). */
  hooks?: PortalSignInHooks,
): FederatedSignIn {
  const signIn = new FederatedSignIn(
    ctx,
    config,
    new RelyingParty(config, ctx.config.limits.externalTimeoutMs),
  );

  async function message(
    req: FastifyRequest,
    reply: FastifyReply,
    purpose: FederationPurpose,
    code: FederationMessageCode,
    status: number,
    type: 'error' | 'success' = 'error',
  ) {
    const page = await pages.context(req, reply);
    return sendPage(reply.code(status), FederationMessagePage({ page, purpose, code, type }));
  }

  async function start(
    req: FastifyRequest,
    reply: FastifyReply,
    p: IdentityProvider,
    purpose: FederationPurpose,
  ) {
    const session = await ensureSession(ctx, req, reply);
    if (purpose === 'login' && session.accountId) return reply.redirect('/tai-khoan', 303);
    if (purpose === 'registration' && ctx.config.legacyRegistration === 'disabled')
      return message(req, reply, purpose, 'LEGACY_REGISTRATION_DISABLED', 403);
    const r = await signIn.start(p, purpose, session.idHash);
    if (!r.ok) return message(req, reply, purpose, r.code, r.status);
    return reply.redirect(r.url, 303);
  }

  for (const p of IDENTITY_PROVIDERS) {
    app.get(`/dang-nhap/${p}`, (req, reply) => start(req, reply, p, 'login'));

    app.get(`/dang-nhap/${p}/callback`, async (req, reply) => {
      const session = await ensureSession(ctx, req, reply);
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      const r = await signIn.callback(p, query, session.idHash, req.ip, (e) =>
        req.log.warn({ err: e, provider: p }, 'federated sign-in refused'),
      );
      if (!r.ok) {
        const registration = r.code === 'ACCOUNT_EXISTS' || r.code === 'LEGACY_REGISTRATION_DISABLED';
        return message(req, reply, registration ? 'registration' : 'login', r.code, r.status);
      }
      const signedIn = await rotateSession(ctx, req, reply, r.accountId);
      const next = await hooks?.signedIn(req, reply, {
        sessionIdHash: signedIn.idHash,
        accountId: r.accountId,
        method: p,
        providerLevel: r.level,
        providerAmr: r.amr,
      });
      // A registration made during a single sign-on goes straight on to the service that asked.
      if (r.registered && !next)
        return message(req, reply, 'registration', 'POSTID_REGISTERED', 200, 'success');
      return reply.redirect(next ?? '/tai-khoan', 303);
    });
  }
  app.get('/dang-ky/buu-dien', (req, reply) => start(req, reply, 'postid', 'registration'));

  // JSON API: the same start; the browser then goes to `authorizationUrl` and comes back to the callback.
  app.post<{ Params: { provider: string } }>('/api/federation/:provider/flows', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    const p = IDENTITY_PROVIDERS.find((x) => x === req.params.provider);
    if (!p) return reply.code(404).send(apiError('NOT_FOUND', req.lang));
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    const purpose: FederationPurpose = body.purpose === 'registration' ? 'registration' : 'login';
    if (purpose === 'registration' && p !== 'postid')
      return reply.code(400).send(apiError('METHOD_NOT_AVAILABLE', req.lang));
    const refuse = (code: FederationMessageCode, status: number) =>
      reply.code(status).send({ error: { code, message: federationText(code, req.lang) } });
    if (purpose === 'registration' && ctx.config.legacyRegistration === 'disabled')
      return refuse('LEGACY_REGISTRATION_DISABLED', 403);
    const r = await signIn.start(p, purpose, session.idHash);
    if (!r.ok) return refuse(r.code, r.status);
    return reply.code(201).send({ provider: p, purpose, authorizationUrl: r.url });
  });

  app.get('/tai-khoan/lien-ket', async (req, reply) => {
    const page = await pages.context(req, reply);
    const accountId = req.portalSession?.accountId;
    if (!accountId) return reply.redirect('/dang-nhap', 303);
    return sendPage(
      reply,
      LinkedIdentitiesPage({ page, identities: await linkedIdentitiesOf(ctx.db, accountId) }),
    );
  });

  app.get('/api/account/linked-identities', async (req, reply) => {
    const accountId = req.portalSession?.accountId;
    if (!accountId) return reply.code(401).send(apiError('AUTH_RETRY', req.lang));
    return { linkedIdentities: await linkedIdentitiesOf(ctx.db, accountId) };
  });

  return signIn;
}
