/// <reference path="../../simulators/identityProviders/oidcProviderTypes.d.ts" />
/**
 * The national portal as OpenID provider (oidc-provider 9): authorization code with PKCE S256 required for
 * every client, pushed authorization requests, `acr_values` LoA1/LoA2 with step-up, `acr`/`amr`/`auth_time`/
 * `sid` in the ID token, the DVCQG userinfo claims under `scope=openid`, back-channel logout, storage in the
 * portal database, keys shared by every instance, and the portal's own pages as interactions (no
 * development interactions). A session of the provider is only good while the browser's portal session
 * belongs to the same account (check `portal_session`), so signing out of the portal ends it.
 */
import * as oidcProvider from 'oidc-provider';
import type { PortalContext } from '../portalContext.js';
import { SESSION_COOKIE } from '../web/requestContext.js';
import { accountClaims, PORTAL_CLAIMS, populationRecordOf } from './citizenClaims.js';
import { levelOfAcr, requiredLevel } from './levelOfAssurance.js';
import { oidcAdapterFactory } from './oidcAdapter.js';
import type { OpenIdProviderConfig } from './openIdProviderConfig.js';
import type { NationalProvider, ProviderContext } from './providerApi.js';
import type { ProviderKeys } from './providerKeys.js';

/** Paths of the provider's endpoints (the real DVCQG's, SSO contract). */
export const OIDC_ROUTES = {
  authorization: '/oauth2/authorize',
  token: '/oauth2/token',
  userinfo: '/oauth2/userinfo',
  jwks: '/oauth2/jwks',
  pushed_authorization_request: '/oauth2/par',
  end_session: '/oauth2/logout',
} as const;

export const INTERACTION_PATH = '/oauth2/interaction';

/** Lifetimes in seconds. */
export const OIDC_TTL = {
  AccessToken: 1800,
  AuthorizationCode: 60,
  IdToken: 1800,
  Interaction: 600,
  PushedAuthorizationRequest: 60,
  Grant: 30 * 86_400,
} as const;

interface CheckClass {
  new (
    reason: string,
    description: string,
    check: (ctx: ProviderContext) => boolean | Promise<boolean>,
  ): unknown;
}

interface InteractionPolicyModule {
  Check: CheckClass;
  base(): { get(name: 'login' | 'consent'): { checks: unknown[] } };
}

export interface ProviderPages {
  /** The provider's error page (bad request, unknown client, wrong redirect_uri…). */
  error(ctx: ProviderContext, error: string, description: string | undefined): string;
  /** The RP-initiated logout confirmation; `form` is oidc-provider's form (id op.logoutForm). */
  logout(ctx: ProviderContext, form: string): string;
  /** After an RP-initiated logout with no redirect back to the client. */
  loggedOut(ctx: ProviderContext): string;
}

function interactionPolicy(ctx: PortalContext): unknown {
  const { Check, base } = (oidcProvider as unknown as { interactionPolicy: InteractionPolicyModule })
    .interactionPolicy;
  const policy = base();
  const login = policy.get('login');
  // The provider's session follows the portal session: signed out (or another account) → sign in again.
  login.checks.push(
    new Check('portal_session', 'the portal session ended or belongs to another account', async (c) => {
      const accountId = c.oidc.session?.accountId;
      if (!accountId) return false;
      const portal = await ctx.sessions.load(c.cookies.get(SESSION_COOKIE, { signed: false }));
      return portal?.accountId !== accountId;
    }),
  );
  // Step-up: acr_values=LoA2 from a LoA1 session makes the citizen sign in with a LoA2 method.
  login.checks.push(
    new Check('loa_too_low', 'the session level of assurance is below the requested acr_values', (c) => {
      if (!c.oidc.session?.accountId) return false;
      return requiredLevel(c.oidc.params?.acr_values) > levelOfAcr(c.oidc.session.acr);
    }),
  );
  return policy;
}

/**
 * The provider's only outgoing requests are back-channel logouts to the registered clients (no dynamic
 * registration, no client JWKS): exactly those URLs are allowed — loopback included, as the demo ministry
 * portal runs on localhost, which oidc-provider's default special-address guard would refuse — and
 * nothing else.
 */
export function backchannelFetch(
  config: OpenIdProviderConfig,
): (url: string, init: RequestInit) => Promise<Response> {
  const allowed = new Set(
    config.clients.flatMap((c) => (c.backchannel_logout_uri ? [new URL(c.backchannel_logout_uri).href] : [])),
  );
  return async (url, init) => {
    if (!allowed.has(String(url)))
      throw new Error(`outgoing request to an unregistered URL refused: ${String(url)}`);
    const { dispatcher: _guard, ...rest } = init as RequestInit & { dispatcher?: unknown };
    return fetch(url, rest);
  };
}

export function createNationalProvider(
  ctx: PortalContext,
  config: OpenIdProviderConfig,
  keys: ProviderKeys,
  pages: ProviderPages,
): NationalProvider {
  const Provider = oidcProvider.default as unknown as new (
    issuer: string,
    configuration: Record<string, unknown>,
  ) => NationalProvider;
  const provider = new Provider(ctx.config.publicOrigin, {
    adapter: oidcAdapterFactory(ctx.db, ctx.clock),
    clients: config.clients,
    jwks: keys.jwks,
    cookies: {
      keys: keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    // `openid` alone gives every claim (as the real DVCQG does); the ID token always tells how and when.
    claims: { acr: null, sid: null, iss: null, openid: ['acr', 'amr', 'auth_time', ...PORTAL_CLAIMS] },
    scopes: ['openid'],
    acrValues: ['LoA1', 'LoA2'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    routes: OIDC_ROUTES,
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      revocation: { enabled: false },
      introspection: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (c: ProviderContext, form: string) => {
          c.type = 'html';
          c.body = pages.logout(c, form);
        },
        postLogoutSuccessSource: async (c: ProviderContext) => {
          c.type = 'html';
          c.body = pages.loggedOut(c);
        },
      },
    },
    interactions: {
      url: (_c: unknown, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}`,
      policy: interactionPolicy(ctx),
    },
    // A provider session is only usable while its portal session lives (check `portal_session`); its row is
    // kept longer, so that the sweep of ended portal sessions still finds it to send the back-channel logout.
    ttl: {
      ...OIDC_TTL,
      Session: Math.floor((2 * ctx.config.limits.sessionAbsoluteMs) / 1000),
    },
    // The level of the sign-in travels with the access token, for the userinfo claim `loAs`.
    extraTokenClaims: async (c: ProviderContext) => {
      const acr = c.oidc.entities.AuthorizationCode?.acr;
      return acr ? { acr } : undefined;
    },
    findAccount: async (_c: unknown, sub: string, token?: { extra?: { acr?: unknown } }) => {
      const account = await ctx.db
        .selectFrom('accounts')
        .select(['id', 'subject', 'idNumber', 'fullName', 'dateOfBirth', 'phone', 'email', 'bhxhCode'])
        .where('id', '=', sub)
        .executeTakeFirst();
      if (!account) return undefined;
      return {
        accountId: account.id,
        claims: async (use: string) => {
          if (use === 'id_token') return { sub: account.id };
          const acr = typeof token?.extra?.acr === 'string' ? token.extra.acr : undefined;
          return accountClaims(account, await populationRecordOf(ctx.systems, account), acr);
        },
      };
    },
    fetch: backchannelFetch(config),
    renderError: async (c: ProviderContext, out: { error: string; error_description?: string }) => {
      c.type = 'html';
      c.body = pages.error(c, out.error, out.error_description);
    },
  });
  // Endpoint URLs are built from the request; the portal's public origin is the only one it has.
  provider.proxy = true;
  return provider;
}
