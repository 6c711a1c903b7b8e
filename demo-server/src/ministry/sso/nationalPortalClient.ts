/**
 * openid-client 6 as the ministry's client of the national portal (Cổng DVCQG): discovery (cached, retried
 * after a failure), the authorization URL with PKCE S256 + state + nonce (+ acr_values), the code exchange
 * that validates the ID token (signature against the provider's JWKS — non-repudiation checks on, not only
 * the token endpoint's TLS —, issuer, audience, expiry, nonce) and the userinfo request bound
 * to the ID token's `sub`, the end-session URL, and the provider's key set for back-channel logout tokens.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import * as oidc from 'openid-client';

/** What the ministry keeps between the redirect and the callback (server-side, `sso_requests`). */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Levels of assurance the national portal honours in `acr_values`. */
export type LevelOfAssurance = 'LoA1' | 'LoA2';

/** The outcome of a callback: the ID token's claims and the userinfo claims (PascalCase, §2.3). */
export interface NationalSignIn {
  issuer: string;
  subject: string;
  /** OP session id, when the ID token carries one. */
  sid: string | undefined;
  acr: string | undefined;
  /** How the citizen signed in at the national portal (RFC 8176 values), when the ID token says. */
  amr: string[] | undefined;
  idToken: string;
  idTokenClaims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

/** Thrown when the national portal cannot be reached (discovery, token or userinfo endpoint down). */
export class NationalPortalUnavailableError extends Error {
  override readonly name = 'NationalPortalUnavailableError';
}

export interface NationalPortalClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs: number;
}

export class NationalPortalClient {
  private config: Promise<oidc.Configuration> | undefined;
  private keys: JWTVerifyGetKey | undefined;

  constructor(private readonly options: NationalPortalClientOptions) {}

  get issuer(): string {
    return this.options.issuer;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  private discover(): Promise<oidc.Configuration> {
    if (!this.config) {
      const o = this.options;
      const insecure = new URL(o.issuer).protocol === 'http:';
      this.config = oidc
        .discovery(new URL(o.issuer), o.clientId, o.clientSecret, oidc.ClientSecretBasic(o.clientSecret), {
          timeout: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
          // openid-client trusts the token endpoint's TLS for the ID token by default (OIDC Core 3.1.3.7
          // step 6); the ministry also verifies its signature against the provider's JWKS.
          execute: insecure
            ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks]
            : [oidc.enableNonRepudiationChecks],
        })
        .catch((e: unknown) => {
          this.config = undefined;
          throw new NationalPortalUnavailableError(e instanceof Error ? e.message : String(e));
        });
    }
    return this.config;
  }

  /** The authorization URL (the request parameters stay in `pending`, server-side). */
  async authorizationUrl(pending: PendingAuthorization, acr?: LevelOfAssurance): Promise<URL> {
    const config = await this.discover();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ...(acr ? { acr_values: acr } : {}),
    });
  }

  /**
   * Exchanges the code of a callback (its query string) and fetches userinfo. Throws
   * `NationalPortalUnavailableError` when the portal cannot be reached, any other error on an error
   * response, a state/nonce/PKCE mismatch, an invalid ID token or a userinfo `sub` that differs.
   */
  async complete(query: URLSearchParams, pending: PendingAuthorization): Promise<NationalSignIn> {
    const config = await this.discover();
    const current = new URL(this.options.redirectUri);
    current.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw unavailable(e) ? new NationalPortalUnavailableError(String(e)) : e;
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('the token response has no ID token');
    let userinfo: oidc.UserInfoResponse;
    try {
      userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (e) {
      throw unavailable(e) ? new NationalPortalUnavailableError(String(e)) : e;
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      acr: typeof claims.acr === 'string' ? claims.acr : undefined,
      amr: Array.isArray(claims.amr)
        ? claims.amr.filter((v): v is string => typeof v === 'string')
        : undefined,
      idToken: tokens.id_token,
      idTokenClaims: { ...claims },
      userinfo: { ...userinfo },
    };
  }

  /** The national portal's end-session URL (RP-initiated logout), or undefined when it has none. */
  async endSessionUrl(idTokenHint: string, postLogoutRedirectUri: string): Promise<URL | undefined> {
    const config = await this.discover();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idTokenHint,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
  }

  /** The provider's signing keys (its `jwks_uri`, fetched and cached by jose). */
  async signingKeys(): Promise<JWTVerifyGetKey> {
    if (!this.keys) {
      const jwksUri = (await this.discover()).serverMetadata().jwks_uri;
      if (!jwksUri) throw new NationalPortalUnavailableError('the provider publishes no jwks_uri');
      this.keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: this.options.timeoutMs });
    }
    return this.keys;
  }
}

function unavailable(e: unknown): boolean {
  const name = (e as { name?: string; cause?: { name?: string } } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  return e instanceof TypeError && /fetch failed/i.test(e.message);
}

export function newPendingAuthorization(): PendingAuthorization {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
}
