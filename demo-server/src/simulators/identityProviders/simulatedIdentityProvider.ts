/// <reference path="./oidcProviderTypes.d.ts" />
/**
 * One simulated OpenID provider (VNeID or PostID) built on oidc-provider: authorization code + PKCE (S256
 * required), the portal as the only client, an in-memory adapter (an external system's own state), RS256
 * ID tokens carrying the identity claims, consent granted for the registered client, and our own login
 * pages instead of oidc-provider's development interactions.
 */
import { generateKeyPair, type JsonWebKey, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Provider, { type OidcContext } from 'oidc-provider';
import {
  accountClaims,
  type IdentityAccount,
  type IdentityProviderName,
  identityAccounts,
  SCOPE_CLAIMS,
} from './identityAccounts.js';
import type { RegisteredClient } from './identityProviderClients.js';

export interface SimulatedIdentityProvider {
  readonly name: IdentityProviderName;
  readonly provider: Provider;
  readonly accounts: readonly IdentityAccount[];
  account(sub: string): IdentityAccount | undefined;
}

/** Lifetimes in seconds: VNeID's access tokens live 30 minutes (domain notes §2.3). */
const TTL = {
  AccessToken: 1800,
  IdToken: 1800,
  AuthorizationCode: 60,
  Interaction: 600,
  Session: 3600,
  Grant: 3600,
};

/** A fresh RS256 signing key (private JWK) for one provider; made off the event loop. */
export async function identitySigningKey(): Promise<JsonWebKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'jwk' });
}

export function createSimulatedIdentityProvider(
  name: IdentityProviderName,
  issuer: string,
  client: RegisteredClient,
  renderError: (status: number, error: string, description: string) => string,
  signingKey: JsonWebKey,
): SimulatedIdentityProvider {
  const accounts = identityAccounts(name);
  const bySub = new Map(accounts.map((a) => [a.sub, a]));
  const scopeClaims = SCOPE_CLAIMS[name];
  const scopes = Object.keys(scopeClaims);

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: `${name}-1` }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: scopeClaims,
    scopes,
    acrValues: ['1', '2'],
    // The portal reads the identity from the validated ID token, so it carries the scopes' claims.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/${name}/interaction/${interaction.uid}`,
    },
    ttl: TTL,
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = bySub.get(sub);
      return account ? { accountId: sub, claims: async () => accountClaims(name, account) } : undefined;
    },
    // No consent screen: the portal is the provider's own registered client, granted the scopes it asks.
    loadExistingGrant: async (ctx: OidcContext) => {
      const clientId = ctx.oidc.client?.clientId;
      const accountId = ctx.oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(clientId);
      if (existing) {
        const found = await provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new provider.Grant({ clientId, accountId });
      const asked = String(ctx.oidc.params?.scope ?? 'openid').split(' ');
      grant.addOIDCScope(asked.filter((s) => scopes.includes(s)).join(' '));
      await grant.save();
      return grant;
    },
    renderError: async (ctx: OidcContext, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = renderError(400, out.error, out.error_description ?? '');
    },
  });
  return { name, provider, accounts, account: (sub) => bySub.get(sub) };
}
