/**
 * Configuration of the ministry portal (Cổng dịch vụ công Bộ Công an, the relying party of the national
 * portal), read from environment variables with documented defaults (docs/configuration.md,
 * docs/ministry-portal.md). Shares the pepper, the simulators' URL and the limits' defaults with the
 * national portal; everything else is its own.
 */
import { fileURLToPath } from 'node:url';
import {
  boolVar,
  ConfigError,
  DEFAULT_LIMITS,
  intVar,
  originVar,
  type PortalLimits,
  pepperVar,
  smsBatchVars,
} from '../portal/config.js';

export interface MinistryLimits
  extends Pick<
    PortalLimits,
    | 'otpTtlMs'
    | 'otpResendCooldownMs'
    | 'otpMaxAttemptsPerCode'
    | 'otpSendsPerPhone'
    | 'otpSendWindowMs'
    | 'loginFailuresPerAccount'
    | 'loginFailuresPerIp'
    | 'loginFailureWindowMs'
    | 'lockoutBaseMs'
    | 'lockoutMaxMs'
    | 'sessionIdleMs'
    | 'sessionAbsoluteMs'
    | 'externalTimeoutMs'
    | 'authNonceTtlMs'
    | 'smsBatchGapMs'
    | 'smsBatchMax'
  > {
  /** Lifetime of a sign-in, linking or unlinking flow (re-authentication included). */
  flowTtlMs: number;
  /** Lifetime of a pending authorization request at the national portal (state, nonce, PKCE verifier). */
  ssoRequestTtlMs: number;
  /** A back-channel logout token whose `iat` is further than this from now is refused. */
  logoutTokenMaxAgeMs: number;
  /** SSO starts (each leaves a pending request) accepted per client IP address within `ssoStartWindowMs`. */
  ssoStartsPerIp: number;
  ssoStartWindowMs: number;
}

export const DEFAULT_MINISTRY_LIMITS: MinistryLimits = {
  otpTtlMs: DEFAULT_LIMITS.otpTtlMs,
  otpResendCooldownMs: DEFAULT_LIMITS.otpResendCooldownMs,
  otpMaxAttemptsPerCode: DEFAULT_LIMITS.otpMaxAttemptsPerCode,
  otpSendsPerPhone: DEFAULT_LIMITS.otpSendsPerPhone,
  otpSendWindowMs: DEFAULT_LIMITS.otpSendWindowMs,
  loginFailuresPerAccount: DEFAULT_LIMITS.loginFailuresPerAccount,
  loginFailuresPerIp: DEFAULT_LIMITS.loginFailuresPerIp,
  loginFailureWindowMs: DEFAULT_LIMITS.loginFailureWindowMs,
  lockoutBaseMs: DEFAULT_LIMITS.lockoutBaseMs,
  lockoutMaxMs: DEFAULT_LIMITS.lockoutMaxMs,
  sessionIdleMs: DEFAULT_LIMITS.sessionIdleMs,
  sessionAbsoluteMs: DEFAULT_LIMITS.sessionAbsoluteMs,
  externalTimeoutMs: DEFAULT_LIMITS.externalTimeoutMs,
  authNonceTtlMs: DEFAULT_LIMITS.authNonceTtlMs,
  smsBatchGapMs: DEFAULT_LIMITS.smsBatchGapMs,
  smsBatchMax: DEFAULT_LIMITS.smsBatchMax,
  flowTtlMs: 15 * 60_000,
  ssoRequestTtlMs: 10 * 60_000,
  logoutTokenMaxAgeMs: 5 * 60_000,
  ssoStartsPerIp: 300,
  ssoStartWindowMs: 10 * 60_000,
};

export interface MinistryConfig {
  host: string;
  port: number;
  /** Public origin of the ministry portal (redirect URIs, the USB login origin, the Secure cookie flag). */
  publicOrigin: string;
  /** PostgreSQL connection string; when absent the ministry portal uses SQLite at `sqlitePath`. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  /** Secret mixed into argon2id password hashes and OTP digests. */
  pepper: string;
  simulatorsUrl: string;
  /** The national portal's OpenID Provider (issuer identifier). */
  nationalIssuer: string;
  clientId: string;
  clientSecret: string;
  /** Seed the demo BCA accounts and list them on the home page. */
  demoMode: boolean;
  logLevel: string;
  limits: MinistryLimits;
}

/** The documented demo client secret (the national portal's default client list uses the same). */
export const DEMO_MINISTRY_CLIENT_SECRET = 'kyso-demo-bocongan-secret';
export const DEFAULT_MINISTRY_CLIENT_ID = 'bocongan-dvc';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Reads the ministry portal's configuration from `env`; throws `ConfigError` on bad values. */
export function loadMinistryConfig(env: NodeJS.ProcessEnv = process.env): MinistryConfig {
  const port = intVar(env, 'KYSO_MINISTRY_PORT', 8081, 0, 65535);
  const production = env.NODE_ENV === 'production';
  const pepper = pepperVar(env);
  const clientSecret = env.KYSO_MINISTRY_CLIENT_SECRET || (production ? '' : DEMO_MINISTRY_CLIENT_SECRET);
  if (clientSecret.length < 16)
    throw new ConfigError(
      'KYSO_MINISTRY_CLIENT_SECRET',
      'set the client secret registered at the national portal',
    );
  const demoMode = boolVar(env, 'KYSO_MINISTRY_DEMO_ACCOUNTS', !production);
  const nationalIssuer = originVar(env, 'KYSO_NATIONAL_PORTAL_ISSUER', 'http://localhost:8080');
  // Tokens and the client secret cross this connection: plain HTTP only for the local demo.
  if (production && !nationalIssuer.startsWith('https:'))
    throw new ConfigError('KYSO_NATIONAL_PORTAL_ISSUER', 'must be an https:// origin in production');
  return {
    host: env.KYSO_MINISTRY_HOST || '127.0.0.1',
    port,
    publicOrigin: originVar(env, 'KYSO_MINISTRY_PUBLIC_ORIGIN', `http://localhost:${port}`),
    databaseUrl: env.KYSO_MINISTRY_DATABASE_URL || undefined,
    sqlitePath: env.KYSO_MINISTRY_SQLITE_PATH || `${repoRoot}.data/ministry.sqlite`,
    pepper,
    simulatorsUrl: (env.KYSO_SIMULATORS_URL || 'http://localhost:8090').replace(/\/+$/, ''),
    nationalIssuer,
    clientId: env.KYSO_MINISTRY_CLIENT_ID || DEFAULT_MINISTRY_CLIENT_ID,
    clientSecret,
    demoMode,
    logLevel: env.KYSO_LOG_LEVEL || 'info',
    limits: { ...DEFAULT_MINISTRY_LIMITS, ...smsBatchVars(env) },
  };
}

/** Where the national portal sends the citizen back (registered as the client's redirect URI). */
export function callbackUrl(config: Pick<MinistryConfig, 'publicOrigin'>): string {
  return `${config.publicOrigin}/dang-nhap/dvcqg/callback`;
}
