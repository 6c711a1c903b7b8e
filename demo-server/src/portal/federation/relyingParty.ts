/**
 * openid-client 6 as the portal's client of VNeID and PostID: discovery (cached per provider, retried after
 * a failure), the authorization URL with PKCE S256 + state + nonce, and the code exchange that validates
 * the ID token (signature, issuer, audience, expiry, nonce) before any claim is used.
 */
import * as oidc from 'openid-client';
import type { FederationConfig, IdentityProvider } from './federationConfig.js';

/** What the portal keeps between the redirect and the callback (in the flow, in the database). */
export interface PendingAuthorization {
  codeVerifier: string;
  nonce: string;
}

/** Thrown when the provider cannot be reached (discovery or token endpoint down). */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/** Scopes asked of each provider (their claim names are in the simulators' discovery documents). */
const SCOPES: Record<IdentityProvider, string> = {
  vneid: 'openid profile citizen',
  postid: 'openid profile identity',
};

export class RelyingParty {
  private readonly configs = new Map<IdentityProvider, Promise<oidc.Configuration>>();

  constructor(
    private readonly config: FederationConfig,
    private readonly timeoutMs: number,
  ) {}

  private discover(p: IdentityProvider): Promise<oidc.Configuration> {
    let found = this.configs.get(p);
    if (!found) {
      const rp = this.config[p];
      found = oidc
        .discovery(
          new URL(rp.issuer),
          rp.clientId,
          rp.clientSecret,
          oidc.ClientSecretBasic(rp.clientSecret),
          {
            timeout: Math.max(1, Math.ceil(this.timeoutMs / 1000)),
            ...(this.config.allowHttpIssuers ? { execute: [oidc.allowInsecureRequests] } : {}),
          },
        )
        .catch((e: unknown) => {
          this.configs.delete(p);
          throw new ProviderUnavailableError(e instanceof Error ? e.message : String(e));
        });
      this.configs.set(p, found);
    }
    return found;
  }

  /** The provider's authorization URL for a flow whose id is the `state`. */
  async authorizationUrl(
    p: IdentityProvider,
    state: string,
    pending: PendingAuthorization,
    minLevel: number,
  ): Promise<URL> {
    const config = await this.discover(p);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.config[p].redirectUri,
      scope: SCOPES[p],
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce: pending.nonce,
      acr_values: String(minLevel),
      prompt: 'login',
    });
  }

  /**
   * Exchanges the code of a callback (its query string) and returns the validated ID token claims.
   * Throws on a provider error response, a state/nonce/PKCE mismatch or an invalid ID token.
   */
  async exchange(
    p: IdentityProvider,
    query: string,
    state: string,
    pending: PendingAuthorization,
  ): Promise<Record<string, unknown>> {
    const config = await this.discover(p);
    const current = new URL(this.config[p].redirectUri);
    current.search = query;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    return claims as Record<string, unknown>;
  }
}

export function newPendingAuthorization(): PendingAuthorization {
  return { codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
}
