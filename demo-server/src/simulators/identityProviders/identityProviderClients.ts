/**
 * The relying party each simulated identity provider knows: the national portal, with its client id,
 * secret and redirect URIs from environment variables (documented defaults in docs/configuration.md).
 */
import type { IdentityProviderName } from './identityAccounts.js';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export type IdentityProviderClients = Record<IdentityProviderName, RegisteredClient>;

const DEFAULT_PORTAL_ORIGIN = 'http://localhost:8080';

export const IDENTITY_PROVIDER_CLIENT_DEFAULTS: IdentityProviderClients = {
  vneid: {
    clientId: 'dvcqg-portal',
    clientSecret: 'kyso-demo-vneid-client-secret',
    redirectUris: [`${DEFAULT_PORTAL_ORIGIN}/dang-nhap/vneid/callback`],
  },
  postid: {
    clientId: 'dvcqg-portal',
    clientSecret: 'kyso-demo-postid-client-secret',
    redirectUris: [`${DEFAULT_PORTAL_ORIGIN}/dang-nhap/postid/callback`],
  },
};

export class IdentityProviderConfigError extends Error {
  override readonly name = 'IdentityProviderConfigError';
}

function client(env: NodeJS.ProcessEnv, provider: IdentityProviderName): RegisteredClient {
  const prefix = `KYSO_${provider.toUpperCase()}`;
  const fallback = IDENTITY_PROVIDER_CLIENT_DEFAULTS[provider];
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() || fallback.clientId;
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() || fallback.clientSecret;
  if (clientSecret.length < 16)
    throw new IdentityProviderConfigError(
      `${prefix}_CLIENT_SECRET phải dài ít nhất 16 ký tự / must be at least 16 characters`,
    );
  const raw = env[`${prefix}_REDIRECT_URIS`]?.trim();
  const redirectUris = raw ? raw.split(/[\s,]+/).filter(Boolean) : fallback.redirectUris;
  for (const uri of redirectUris)
    if (!/^https?:\/\/[^/\s]+\/\S*$/.test(uri))
      throw new IdentityProviderConfigError(
        `${prefix}_REDIRECT_URIS: "${uri}" không phải URL http(s) / is not an http(s) URL`,
      );
  return { clientId, clientSecret, redirectUris };
}

/** Reads KYSO_{VNEID,POSTID}_{CLIENT_ID,CLIENT_SECRET,REDIRECT_URIS}; throws IdentityProviderConfigError. */
export function identityProviderClientsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): IdentityProviderClients {
  return { vneid: client(env, 'vneid'), postid: client(env, 'postid') };
}
