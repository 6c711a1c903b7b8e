/**
 * Mounts the national portal's OpenID provider in its Fastify app:
 *   /.well-known/openid-configuration and /oauth2/* — handed to oidc-provider untouched (it reads the raw
 *     request bodies of /oauth2/token and /oauth2/par itself; the portal's body parsers and CSRF check never
 *     see them);
 *   /oauth2/interaction/:uid — the portal's pages of an authorization (interactionRoutes.ts).
 * It also returns the sign-in hooks the login routes call: record how a session signed in (and go back to
 * a pending authorization), and on sign-out or revocation end the provider session with back-channel
 * logout (providerSessions.ts). An RP-initiated logout also ends the portal session.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { audit } from '../security/auditLog.js';
import type { PageContext } from '../web/pageLayout.js';
import { LANG_COOKIE } from '../web/requestContext.js';
import { type PageRenderer, renderPage } from '../web/sendPage.js';
import { registerInteractionRoutes } from './interactionRoutes.js';
import { amrOf, isFederatedMethod, loaOf, type SignInMethod } from './levelOfAssurance.js';
import { createNationalProvider, INTERACTION_PATH, OIDC_ROUTES } from './nationalProvider.js';
import { OidcAdapter } from './oidcAdapter.js';
import { oidcText } from './oidcTexts.js';
import { ENDED_SESSION_SWEEP_MS, type OpenIdProviderConfig } from './openIdProviderConfig.js';
import { pendingInteractionUid, takePendingAuthorization } from './pendingAuthorization.js';
import type { NationalProvider, ProviderContext } from './providerApi.js';
import { loadProviderKeys } from './providerKeys.js';
import { ProviderSessions } from './providerSessions.js';
import { recordSignIn } from './signInRecords.js';
import { LogoutConfirmPage, type PendingClient, SsoMessagePage } from './ssoPages.js';

const LOGOUT_CONFIRM_PATH = `${OIDC_ROUTES.end_session}/confirm`;

export interface PortalSignInHooks {
  /**
   * A session has just signed in (`session` is the new, rotated one): records the method and level, and
   * returns the pending authorization to go back to, if any (else the caller's default page).
   */
  signedIn(
    req: FastifyRequest,
    reply: FastifyReply,
    signIn: {
      sessionIdHash: string;
      accountId: string;
      method: SignInMethod;
      /** Identity providers (VNeID, PostID): the level they vouched for and the `amr` of their ID token. */
      providerLevel?: number;
      providerAmr?: unknown;
    },
    /** API sign-ins keep the pending authorization for the page script's next stop, `CONTINUE_PATH`. */
    options?: { keepReturn?: boolean },
  ): Promise<string | undefined>;
  /** The portal session is ending: the provider session ends too, and each client gets a back-channel logout. */
  signedOut(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Another portal session of the account was revoked (account page): its provider session ends too. */
  sessionRevoked(sessionIdHash: string): Promise<void>;
  /** The client of the authorization this browser is signing in for, if one is pending and alive. */
  pendingClient(req: FastifyRequest): Promise<PendingClient | undefined>;
}

export interface MountedOpenIdProvider {
  provider: NationalProvider;
  hooks: PortalSignInHooks;
}

function langOf(c: ProviderContext): Lang {
  return c.cookies.get(LANG_COOKIE, { signed: false }) === 'en' ? 'en' : 'vi';
}

function bareContext(lang: Lang): PageContext {
  return { lang, csrfToken: '', path: '/', signedIn: false };
}

/** Lets a form's redirect chain end at a registered client (CSP form-action is checked on redirects too). */
function formActionWidener(origins: readonly string[]): (res: ServerResponse) => void {
  const extra = origins.join(' ');
  return (res) => {
    const csp = res.getHeader('content-security-policy');
    if (typeof csp === 'string' && extra)
      res.setHeader(
        'content-security-policy',
        csp.replace("form-action 'self'", `form-action 'self' ${extra}`),
      );
  };
}

export async function mountOpenIdProvider(
  app: FastifyInstance,
  ctx: PortalContext,
  pages: PageRenderer,
  config: OpenIdProviderConfig,
): Promise<MountedOpenIdProvider> {
  const keys = await loadProviderKeys(ctx.db, ctx.clock, config.jwks);
  const provider = createNationalProvider(ctx, config, keys, {
    error: (c, error, description) =>
      renderPage(
        SsoMessagePage({
          page: bareContext(langOf(c)),
          title: oidcText(langOf(c), 'providerError'),
          text: `${oidcText(langOf(c), 'providerError')}${description ? ` (${description})` : ''}`,
          code: error,
          type: 'error',
        }),
      ),
    logout: (c, form) => renderPage(LogoutConfirmPage({ page: bareContext(langOf(c)), form })),
    loggedOut: (c) =>
      renderPage(
        SsoMessagePage({
          page: bareContext(langOf(c)),
          title: oidcText(langOf(c), 'signedOutTitle'),
          text: oidcText(langOf(c), 'signedOutText'),
          code: 'SIGNED_OUT',
          type: 'success',
        }),
      ),
  });
  provider.on('backchannel.error', (...args: unknown[]) =>
    app.log.warn(
      { err: args[1], client: (args[2] as { clientId?: string } | undefined)?.clientId },
      'back-channel logout failed',
    ),
  );
  const handler = provider.callback();
  const issuer = new URL(ctx.config.publicOrigin);
  const clientNames = new Map(config.clients.map((c) => [c.client_id, c.client_name ?? c.client_id]));
  const widen = formActionWidener([
    ...new Set(
      config.clients.flatMap((c) =>
        [...c.redirect_uris, ...(c.post_logout_redirect_uris ?? [])].map((u) => new URL(u).origin),
      ),
    ),
  ]);

  // The provider's endpoints: hijacked before any body parsing or CSRF check of the portal.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.addHook('onRequest', async (req, reply) => {
      reply.hijack();
      req.raw.headers['x-forwarded-host'] = issuer.host;
      req.raw.headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
      widen(reply.raw);
      await handler(req.raw, reply.raw);
      // RP-initiated logout confirmed: the portal session ends with the provider's.
      if (req.method === 'POST' && req.url.startsWith(LOGOUT_CONFIRM_PATH) && reply.raw.statusCode === 303)
        await endPortalSession(req);
    });
    const unreachable = async () => undefined;
    scope.all('/.well-known/openid-configuration', unreachable);
    scope.all('/oauth2/*', unreachable);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith(`${INTERACTION_PATH}/`) || req.url.startsWith('/dang-nhap')) widen(reply.raw);
    return payload;
  });

  async function endPortalSession(req: FastifyRequest) {
    const s = req.portalSession;
    if (!s) return;
    await ctx.sessions.destroy(s.idHash);
    if (s.accountId)
      await audit(ctx.db, ctx.clock, 'session.signed_out', s.accountId, req.ip, { reason: 'sso_logout' });
  }

  const sessions = new ProviderSessions(provider, ctx, app.log);
  registerInteractionRoutes(app, ctx, pages, provider, clientNames);
  // Portal sessions that end without a sign-out (idle, absolute lifetime): their provider sessions end too.
  const stopSweeping = sessions.startSweeping(config.endedSessionSweepMs ?? ENDED_SESSION_SWEEP_MS);
  app.addHook('onClose', stopSweeping);
  const interactions = new OidcAdapter(ctx.db, ctx.clock, 'Interaction');
  const registered = new Map(config.clients.map((c) => [c.client_id, c]));

  /** The pending interaction's client: its registered name and the origin of its (registered) redirect URI. */
  async function pendingClient(req: FastifyRequest): Promise<PendingClient | undefined> {
    const uid = pendingInteractionUid(req);
    const interaction = uid ? await interactions.find(uid) : undefined;
    const params = interaction?.params as Record<string, unknown> | undefined;
    const client = registered.get(String(params?.client_id));
    if (!uid || !client || interaction?.result !== undefined) return undefined;
    const redirect = client.redirect_uris.find((u) => u === params?.redirect_uri) ?? client.redirect_uris[0];
    return {
      uid,
      name: client.client_name ?? client.client_id,
      origin: redirect ? new URL(redirect).origin : '',
    };
  }

  const hooks: PortalSignInHooks = {
    async signedIn(req, reply, signIn, options) {
      const level = loaOf(signIn.method, signIn.providerLevel);
      await recordSignIn(
        ctx.db,
        {
          sessionIdHash: signIn.sessionIdHash,
          accountId: signIn.accountId,
          method: signIn.method,
          level,
          authTime: ctx.clock(),
        },
        isFederatedMethod(signIn.method)
          ? {
              amr: amrOf(signIn.method, level, signIn.providerAmr),
              keepSeconds: Math.ceil(ctx.config.limits.sessionAbsoluteMs / 1000),
            }
          : undefined,
      );
      return options?.keepReturn ? undefined : takePendingAuthorization(req, reply);
    },
    signedOut: (req, reply) => sessions.endForBrowser(req, reply),
    sessionRevoked: (sessionIdHash) => sessions.endForPortalSession(sessionIdHash),
    pendingClient,
  };
  return { provider, hooks };
}
