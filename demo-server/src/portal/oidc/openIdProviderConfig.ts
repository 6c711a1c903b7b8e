/**
 * Configuration of the national portal as OpenID provider, from environment variables
 * (docs/configuration.md, docs/sso.md): the registered clients — the ministry portal (Cổng DVC Bộ Công an)
 * by default, more through `KYSO_OIDC_CLIENTS` — and optionally the signing keys (`KYSO_OIDC_JWKS`).
 */
import { ConfigError } from '../config.js';

/** Client metadata as oidc-provider (RFC 7591 names) takes it. */
export interface OidcClientMetadata {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  client_name?: string;
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  grant_types?: string[];
  response_types?: string[];
}

export interface OpenIdProviderConfig {
  clients: OidcClientMetadata[];
  /** Private signing keys (JWK set); absent: generated once and kept in the database. */
  jwks?: { keys: Record<string, unknown>[] } | undefined;
  /** Public origin of the ministry portal (links of its procedures); default `http://localhost:8081`. */
  ministryOrigin?: string;
  /**
   * How often (ms) the provider sessions of portal sessions that ended without a sign-out (idle, absolute
   * lifetime) are ended with back-channel logout; 0 turns the sweep off. Default `ENDED_SESSION_SWEEP_MS`.
   */
  endedSessionSweepMs?: number;
}

/** Default interval of the sweep of ended portal sessions (`KYSO_OIDC_ENDED_SESSION_SWEEP_MS`). */
export const ENDED_SESSION_SWEEP_MS = 60_000;

export const MINISTRY_CLIENT_DEFAULTS = {
  clientId: 'bocongan-dvc',
  /** Demo only: set KYSO_MINISTRY_CLIENT_SECRET in any real deployment. */
  clientSecret: 'kyso-demo-bocongan-secret',
  origin: 'http://localhost:8081',
  clientName: 'Cổng dịch vụ công Bộ Công an',
} as const;

/** The ministry portal's registration, per the SSO contract (issue #6). */
export function ministryClient(
  origin: string,
  clientId: string = MINISTRY_CLIENT_DEFAULTS.clientId,
  clientSecret: string = MINISTRY_CLIENT_DEFAULTS.clientSecret,
): OidcClientMetadata {
  return {
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [`${origin}/dang-nhap/dvcqg/callback`],
    post_logout_redirect_uris: [`${origin}/`],
    backchannel_logout_uri: `${origin}/dang-nhap/dvcqg/backchannel-logout`,
    backchannel_logout_session_required: true,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    client_name: MINISTRY_CLIENT_DEFAULTS.clientName,
  };
}

const HTTP_URL = /^https?:\/\/[^/\s]+(\/\S*)?$/;

function urlList(variable: string, v: unknown, field: string, required: boolean): string[] | undefined {
  if (v === undefined && !required) return undefined;
  if (!Array.isArray(v) || (required && v.length === 0))
    throw new ConfigError(variable, `${field} must be a non-empty array of http(s) URLs`);
  for (const u of v)
    if (typeof u !== 'string' || !HTTP_URL.test(u))
      throw new ConfigError(variable, `${field}: "${String(u)}" is not an http(s) URL`);
  return v as string[];
}

/** Checks one client entry of `KYSO_OIDC_CLIENTS` (or of the options) and returns it typed. */
export function parseClientMetadata(variable: string, raw: unknown): OidcClientMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(variable, 'each client must be a JSON object');
  const c = raw as Record<string, unknown>;
  if (typeof c.client_id !== 'string' || !/^[\w.-]{1,64}$/.test(c.client_id))
    throw new ConfigError(variable, 'client_id must be 1–64 letters, digits, ".", "_" or "-"');
  if (typeof c.client_secret !== 'string' || c.client_secret.length < 16)
    throw new ConfigError(variable, `client ${c.client_id}: client_secret must have at least 16 characters`);
  const out: OidcClientMetadata = {
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: urlList(variable, c.redirect_uris, 'redirect_uris', true) ?? [],
    token_endpoint_auth_method:
      c.token_endpoint_auth_method === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
  const post = urlList(variable, c.post_logout_redirect_uris, 'post_logout_redirect_uris', false);
  if (post) out.post_logout_redirect_uris = post;
  if (c.backchannel_logout_uri !== undefined) {
    const [uri] = urlList(variable, [c.backchannel_logout_uri], 'backchannel_logout_uri', true) ?? [];
    if (uri) out.backchannel_logout_uri = uri;
    out.backchannel_logout_session_required = c.backchannel_logout_session_required !== false;
  }
  if (typeof c.client_name === 'string' && c.client_name.length <= 200) out.client_name = c.client_name;
  return out;
}

function parseJson(variable: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError(variable, 'not valid JSON');
  }
}

/** Checks a private JWK set: RSA or EC private keys, each with a `kid`. */
export function parseSigningJwks(variable: string, raw: unknown): { keys: Record<string, unknown>[] } {
  const keys = (raw as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError(variable, 'expected a JWK set {"keys": [...]} with at least one private key');
  for (const k of keys) {
    const key = k as Record<string, unknown> | null;
    if (
      typeof key !== 'object' ||
      key === null ||
      (key.kty !== 'RSA' && key.kty !== 'EC') ||
      typeof key.d !== 'string' ||
      typeof key.kid !== 'string'
    )
      throw new ConfigError(variable, 'every key must be a private RSA or EC JWK with a "kid"');
  }
  return { keys: keys as Record<string, unknown>[] };
}

/**
 * Reads KYSO_MINISTRY_CLIENT_ID, KYSO_MINISTRY_CLIENT_SECRET, KYSO_MINISTRY_PUBLIC_ORIGIN,
 * KYSO_OIDC_CLIENTS (JSON array of further clients), KYSO_OIDC_JWKS and KYSO_OIDC_ENDED_SESSION_SWEEP_MS
 * (0 or 1000–3600000); throws `ConfigError`.
 */
export function openIdProviderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpenIdProviderConfig {
  const origin = (env.KYSO_MINISTRY_PUBLIC_ORIGIN || MINISTRY_CLIENT_DEFAULTS.origin).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(origin))
    throw new ConfigError(
      'KYSO_MINISTRY_PUBLIC_ORIGIN',
      'expected an origin such as https://dichvucong.example',
    );
  const secret = env.KYSO_MINISTRY_CLIENT_SECRET || MINISTRY_CLIENT_DEFAULTS.clientSecret;
  if (secret.length < 16)
    throw new ConfigError('KYSO_MINISTRY_CLIENT_SECRET', 'must have at least 16 characters');
  if (env.NODE_ENV === 'production' && secret === MINISTRY_CLIENT_DEFAULTS.clientSecret)
    throw new ConfigError('KYSO_MINISTRY_CLIENT_SECRET', 'the demo secret cannot be used in production');
  const clientId = env.KYSO_MINISTRY_CLIENT_ID || MINISTRY_CLIENT_DEFAULTS.clientId;
  if (!/^[\w.-]{1,64}$/.test(clientId))
    throw new ConfigError('KYSO_MINISTRY_CLIENT_ID', 'expected 1–64 letters, digits, ".", "_" or "-"');
  const clients = [ministryClient(origin, clientId, secret)];
  if (env.KYSO_OIDC_CLIENTS) {
    const list = parseJson('KYSO_OIDC_CLIENTS', env.KYSO_OIDC_CLIENTS);
    if (!Array.isArray(list)) throw new ConfigError('KYSO_OIDC_CLIENTS', 'expected a JSON array of clients');
    for (const c of list) clients.push(parseClientMetadata('KYSO_OIDC_CLIENTS', c));
  }
  const ids = new Set<string>();
  for (const c of clients) {
    if (ids.has(c.client_id)) throw new ConfigError('KYSO_OIDC_CLIENTS', `client_id ${c.client_id} repeated`);
    ids.add(c.client_id);
  }
  const jwks = env.KYSO_OIDC_JWKS
    ? parseSigningJwks('KYSO_OIDC_JWKS', parseJson('KYSO_OIDC_JWKS', env.KYSO_OIDC_JWKS))
    : undefined;
  const sweep = env.KYSO_OIDC_ENDED_SESSION_SWEEP_MS;
  let endedSessionSweepMs = ENDED_SESSION_SWEEP_MS;
  if (sweep !== undefined && sweep !== '') {
    endedSessionSweepMs = /^\d{1,7}$/.test(sweep) ? Number(sweep) : Number.NaN;
    if (!(endedSessionSweepMs === 0 || (endedSessionSweepMs >= 1000 && endedSessionSweepMs <= 3_600_000)))
      throw new ConfigError(
        'KYSO_OIDC_ENDED_SESSION_SWEEP_MS',
        'expected 0 (off) or a number of milliseconds from 1000 to 3600000',
      );
  }
  return { clients, jwks, ministryOrigin: origin, endedSessionSweepMs };
}
