/**
 * Mounts the national portal's OpenID provider in its Fastify app:
 *   /.well-known/openid-configuration and /oauth2/* — handed to oidc-provider untouched (it reads the raw
 *     request bodies of /oauth2/token and /oauth2/par itself; the portal's body parsers and CSRF check never
 *     see them);
 *   GET /oauth2/interaction/:uid — the portal's side of an authorization: not signed in → the portal's login
 *     page, then back here; signed in below the requested LoA → the step-up page; signed in → the provider
 *     session is started from the portal session (acr, amr, auth_time); then "Xác nhận chia sẻ" (consent);
 *   POST /oauth2/interaction/:uid — action=allow|deny (consent), relogin|cancel (step-up), with the CSRF token.
 * It also returns the sign-in hooks the login routes call: record how a session signed in (and go back to
 * a pending authorization), and on sign-out end the provider session with back-channel logout.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { audit } from '../security/auditLog.js';
import { tokenHash } from '../security/secretDigest.js';
import type { PageContext } from '../web/pageLayout.js';
import { LANG_COOKIE, rotateSession, SESSION_COOKIE } from '../web/requestContext.js';
import { type PageRenderer, renderPage, sendPage } from '../web/sendPage.js';
import { accountClaims, PORTAL_CLAIMS, populationRecordOf } from './citizenClaims.js';
import { acrOf, amrOf, loaOf, requiredLevel, type SignInMethod } from './levelOfAssurance.js';
import { createNationalProvider, INTERACTION_PATH, OIDC_ROUTES, OIDC_TTL } from './nationalProvider.js';
import { OidcAdapter } from './oidcAdapter.js';
import { oidcText } from './oidcTexts.js';
import type { OpenIdProviderConfig } from './openIdProviderConfig.js';
import type { InteractionRecord, NationalProvider, ProviderContext, ProviderSession } from './providerApi.js';
import { loadProviderKeys } from './providerKeys.js';
import { recordSignIn, signInOf } from './signInRecords.js';
import { ConsentPage, LogoutConfirmPage, SsoMessagePage, StepUpPage } from './ssoPages.js';

/** The page scripts' stop after an API sign-in: the pending authorization, else the account page. */
export const CONTINUE_PATH = '/dang-nhap/tiep-tuc';

/** Where the browser returns after signing in on the portal during an authorization. */
export const RETURN_COOKIE = 'kyso_sso_tiep';
const LOGOUT_CONFIRM_PATH = `${OIDC_ROUTES.end_session}/confirm`;
const RETURN_PATH = /^\/oauth2\/interaction\/[\w-]{1,64}$/;

export interface PortalSignInHooks {
  /**
   * A session has just signed in (`session` is the new, rotated one): records the method and level, and
   * returns the pending authorization to go back to, if any (else the caller's default page).
   */
  signedIn(
    req: FastifyRequest,
    reply: FastifyReply,
    signIn: { sessionIdHash: string; accountId: string; method: SignInMethod; providerLevel?: number },
    /** API sign-ins keep the pending authorization for the page script's next stop, `CONTINUE_PATH`. */
    options?: { keepReturn?: boolean },
  ): Promise<string | undefined>;
  /** The portal session is ending: the provider session ends too, and each client gets a back-channel logout. */
  signedOut(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Another portal session of the account was revoked (account page): its provider session ends too. */
  sessionRevoked(req: FastifyRequest, sessionIdHash: string): Promise<void>;
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
  // Which provider session each portal session started (portal session hash → provider session uid), so
  // that revoking a portal session from the account page also ends its provider session.
  const links = new OidcAdapter(ctx.db, ctx.clock, 'PortalSessionLink');
  provider.on('authorization.success', (...args: unknown[]) => {
    const c = args[0] as ProviderContext;
    const token = c.cookies.get(SESSION_COOKIE, { signed: false });
    const uid = c.oidc.session?.uid;
    if (token && uid)
      links
        .upsert(tokenHash(token), { uid }, Math.floor(ctx.config.limits.sessionAbsoluteMs / 1000))
        .catch((err: unknown) => app.log.warn({ err }, 'provider session link not stored'));
  });
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

  /** The pending authorization of this browser (cookie consumed), if any. */
  function pendingReturn(req: FastifyRequest, reply: FastifyReply): string | undefined {
    const back = req.cookies[RETURN_COOKIE];
    if (back === undefined) return undefined;
    reply.clearCookie(RETURN_COOKIE, { path: '/' });
    return RETURN_PATH.test(back) ? back : undefined;
  }

  // Where page scripts go after a sign-in completed through the API (SIM, remote signature): back to a
  // pending authorization, else the account page.
  app.get(CONTINUE_PATH, async (req, reply) => {
    if (!req.portalSession?.accountId) return reply.redirect('/dang-nhap', 303);
    return reply.redirect(pendingReturn(req, reply) ?? '/tai-khoan', 303);
  });

  /** When the citizen chose "Đăng nhập lại" on an interaction (uid → ms), shared by every instance. */
  const relogins = new OidcAdapter(ctx.db, ctx.clock, 'PortalRelogin');

  async function interaction(req: FastifyRequest, reply: FastifyReply, uid: string) {
    try {
      const details = await provider.interactionDetails(req.raw, reply.raw);
      return details.uid === uid ? details : undefined;
    } catch {
      return undefined;
    }
  }

  async function expired(req: FastifyRequest, reply: FastifyReply) {
    const page = await pages.context(req, reply);
    return sendPage(
      reply.code(400),
      SsoMessagePage({
        page,
        title: oidcText(page.lang, 'providerError'),
        text: oidcText(page.lang, 'interactionExpired'),
        code: 'SSO_INTERACTION_EXPIRED',
        type: 'error',
      }),
    );
  }

  function sendToLogin(reply: FastifyReply, uid: string) {
    reply.setCookie(RETURN_COOKIE, `${INTERACTION_PATH}/${uid}`, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: issuer.protocol === 'https:',
      maxAge: Math.floor(ctx.config.limits.flowTtlMs / 1000),
    });
    return reply.redirect('/dang-nhap', 303);
  }

  async function finish(
    req: FastifyRequest,
    reply: FastifyReply,
    result: Record<string, unknown>,
    merge: boolean,
  ) {
    reply.hijack();
    await provider.interactionFinished(req.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  }

  /** Whose consent the interaction needs: the portal session's account, if it is the interaction's. */
  function consentAccount(req: FastifyRequest, details: InteractionRecord): string | undefined {
    const accountId = req.portalSession?.accountId ?? undefined;
    return details.prompt.name === 'consent' && accountId && details.session?.accountId === accountId
      ? accountId
      : undefined;
  }

  app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (req, reply) => {
    const details = await interaction(req, reply, req.params.uid);
    if (!details) return expired(req, reply);
    const clientName = clientNames.get(String(details.params.client_id)) ?? String(details.params.client_id);
    const s = req.portalSession;
    if (!s?.accountId) return sendToLogin(reply, details.uid);
    const accountId = consentAccount(req, details);
    if (accountId) {
      const account = await ctx.db
        .selectFrom('accounts')
        .select([
          'id',
          'subject',
          'idNumber',
          'fullName',
          'dateOfBirth',
          'phone',
          'email',
          'bhxhCode',
          'username',
        ])
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!account) return expired(req, reply);
      // The list names what this account will actually share (claims the portal has, nothing else).
      const shared = accountClaims(account, await populationRecordOf(ctx.systems, account), 'LoA1');
      const page = await pages.context(req, reply);
      return sendPage(
        reply,
        ConsentPage({
          page,
          uid: details.uid,
          clientName,
          accountName: `${account.fullName} (${account.username})`,
          claims: PORTAL_CLAIMS.filter((c) => shared[c] !== undefined),
        }),
      );
    }
    // Login (or the portal session changed account since): start the provider session from the portal's.
    const signIn = await signInOf(ctx.db, s.idHash, s.accountId);
    if (!signIn || signIn.level < requiredLevel(details.params.acr_values)) {
      const page = await pages.context(req, reply);
      return sendPage(reply, StepUpPage({ page, uid: details.uid, clientName, reason: 'loa' }));
    }
    // prompt=login or max_age: only a sign-in made after "Đăng nhập lại" on this interaction will do.
    const relogin = await relogins.find(details.uid);
    const fresh = typeof relogin?.at === 'number' && signIn.authTime >= relogin.at;
    const maxAge = Number(details.params.max_age);
    const tooOld = Number.isFinite(maxAge) && ctx.clock() - signIn.authTime > maxAge * 1000;
    const forced = String(details.params.prompt ?? '')
      .split(' ')
      .includes('login');
    if (!fresh && (forced || tooOld)) {
      const page = await pages.context(req, reply);
      return sendPage(reply, StepUpPage({ page, uid: details.uid, clientName, reason: 'fresh' }));
    }
    return finish(
      req,
      reply,
      {
        login: {
          accountId: s.accountId,
          acr: acrOf(signIn.level),
          amr: amrOf(signIn.method),
          ts: Math.floor(signIn.authTime / 1000),
        },
      },
      false,
    );
  });

  app.post<{ Params: { uid: string }; Body: { action?: unknown } | undefined }>(
    `${INTERACTION_PATH}/:uid`,
    async (req, reply) => {
      const details = await interaction(req, reply, req.params.uid);
      if (!details) return expired(req, reply);
      const action = req.body?.action;
      const clientId = String(details.params.client_id);
      if (action === 'relogin') {
        await relogins.upsert(details.uid, { at: ctx.clock() }, OIDC_TTL.Interaction);
        const s = req.portalSession;
        if (s?.accountId) {
          await audit(ctx.db, ctx.clock, 'session.signed_out', s.accountId, req.ip, {
            reason: 'sso_step_up',
          });
          await rotateSession(ctx, req, reply, null);
        }
        return sendToLogin(reply, details.uid);
      }
      if (action === 'cancel')
        return finish(
          req,
          reply,
          { error: 'access_denied', error_description: oidcText('en', 'cancelledDescription') },
          false,
        );
      const accountId = consentAccount(req, details);
      if (!accountId || (action !== 'allow' && action !== 'deny')) return expired(req, reply);
      if (action === 'deny') {
        await audit(ctx.db, ctx.clock, 'sso.consent_denied', accountId, req.ip, { client: clientId });
        return finish(
          req,
          reply,
          { error: 'access_denied', error_description: oidcText('en', 'deniedDescription') },
          false,
        );
      }
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId, clientId });
      const missingScope = details.prompt.details.missingOIDCScope;
      grant.addOIDCScope(Array.isArray(missingScope) ? missingScope.join(' ') : 'openid');
      const missingClaims = details.prompt.details.missingOIDCClaims;
      if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
      const grantId = await grant.save();
      await audit(ctx.db, ctx.clock, 'sso.consent_given', accountId, req.ip, { client: clientId });
      return finish(req, reply, { consent: { grantId } }, true);
    },
  );

  /** Ends a provider session: back-channel logout to its clients, grants and tokens revoked, session gone. */
  async function endProviderSession(req: FastifyRequest, session: ProviderSession): Promise<void> {
    const { accountId } = session;
    if (accountId) {
      for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
        const client = await provider.Client.find(clientId).catch(() => undefined);
        if (client?.backchannelLogoutUri)
          await client
            .backchannelLogout(accountId, session.sidFor(clientId))
            .catch((err: unknown) => req.log.warn({ err, client: clientId }, 'back-channel logout failed'));
        if (authorization.grantId && !authorization.persistsLogout) {
          const grantId = authorization.grantId;
          await provider.AccessToken.revokeByGrantId(grantId);
          await provider.AuthorizationCode.revokeByGrantId(grantId);
          await provider.RefreshToken.revokeByGrantId(grantId);
          await (await provider.Grant.find(grantId))?.destroy();
        }
      }
      await session.destroy();
    }
  }

  const hooks: PortalSignInHooks = {
    async signedIn(req, reply, signIn, options) {
      await recordSignIn(ctx.db, {
        sessionIdHash: signIn.sessionIdHash,
        accountId: signIn.accountId,
        method: signIn.method,
        level: loaOf(signIn.method, signIn.providerLevel),
        authTime: ctx.clock(),
      });
      return options?.keepReturn ? undefined : pendingReturn(req, reply);
    },
    async signedOut(req, reply) {
      const s = req.portalSession;
      if (s) await links.destroy(s.idHash);
      await endProviderSession(req, await provider.Session.get(provider.createContext(req.raw, reply.raw)));
      const name = provider.cookieName('session');
      reply.clearCookie(name, { path: '/' });
      reply.clearCookie(`${name}.sig`, { path: '/' });
    },
    async sessionRevoked(req, sessionIdHash) {
      const link = await links.find(sessionIdHash);
      await links.destroy(sessionIdHash);
      const session = typeof link?.uid === 'string' ? await provider.Session.findByUid(link.uid) : undefined;
      if (session) await endProviderSession(req, session);
    },
  };
  return { provider, hooks };
}
