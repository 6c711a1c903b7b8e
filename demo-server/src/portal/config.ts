/**
 * Configuration of the national portal, read from environment variables with documented defaults
 * (docs/configuration.md). Every limit and lifetime lives here so tests can tighten or loosen them.
 */
import { fileURLToPath } from 'node:url';
import { DEFAULT_SMS_BATCH, SMS_BATCH_LIMIT, type SmsBatchSettings } from './externals/smsBatcher.js';

export interface PortalLimits {
  /** SMS OTP lifetime (the portal's "2 phút"). */
  otpTtlMs: number;
  /** Minimum time between two OTP sends for one flow or login. */
  otpResendCooldownMs: number;
  /** Wrong entries accepted per issued code; the next wrong entry invalidates the code. */
  otpMaxAttemptsPerCode: number;
  /** OTP sends per phone within `otpSendWindowMs`. */
  otpSendsPerPhone: number;
  otpSendWindowMs: number;
  /** Registration / login flow lifetime. */
  flowTtlMs: number;
  /** Captcha lifetime. */
  captchaTtlMs: number;
  /** Failed logins (password or OTP) per account before a temporary lock. */
  loginFailuresPerAccount: number;
  /** Failed logins per client IP address within `loginFailureWindowMs` before the IP is throttled. */
  loginFailuresPerIp: number;
  loginFailureWindowMs: number;
  /** First temporary lockout; each further lockout doubles, up to `lockoutMaxMs`. */
  lockoutBaseMs: number;
  lockoutMaxMs: number;
  /** Registry look-ups (carrier, population, BHXH) per client IP within `registryCheckWindowMs`. */
  registryChecksPerIp: number;
  registryCheckWindowMs: number;
  /** Session inactivity and absolute timeouts (ASVS: 30 min / 12 h). */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Timeout of each call to the simulated external systems. */
  externalTimeoutMs: number;
  /** Lifetime of a USB-token challenge nonce (Web eID: 5 min). */
  authNonceTtlMs: number;
  /** While SMS are frequent, the least time between two batches to the gateway; 0 = one request per SMS. */
  smsBatchGapMs: number;
  /** Most SMS in one request to the gateway. */
  smsBatchMax: number;
}

export type LegacyRegistrationMode = 'allowed' | 'disabled';

export interface PortalConfig {
  host: string;
  port: number;
  /** Public origin of the portal (for links and the Secure cookie flag). */
  publicOrigin: string;
  /** PostgreSQL connection string; when absent the portal uses SQLite at `sqlitePath`. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  /** Secret mixed into argon2id password hashes and into OTP / captcha digests. */
  pepper: string;
  simulatorsUrl: string;
  /** Decree 69/2024 cut-off of the six legacy registration methods. */
  legacyRegistration: LegacyRegistrationMode;
  /** Accept the fixed captcha answer `CAPTCHA_TEST_ANSWER` (only ever on in tests). */
  captchaTestBypass: boolean;
  logLevel: string;
  limits: PortalLimits;
}

/** The answer every captcha accepts when `captchaTestBypass` is on. */
export const CAPTCHA_TEST_ANSWER = 'kiemthu';

export const DEFAULT_LIMITS: PortalLimits = {
  otpTtlMs: 120_000,
  otpResendCooldownMs: 30_000,
  otpMaxAttemptsPerCode: 5,
  otpSendsPerPhone: 5,
  otpSendWindowMs: 15 * 60_000,
  flowTtlMs: 15 * 60_000,
  captchaTtlMs: 10 * 60_000,
  loginFailuresPerAccount: 10,
  loginFailuresPerIp: 50,
  loginFailureWindowMs: 15 * 60_000,
  lockoutBaseMs: 15 * 60_000,
  lockoutMaxMs: 24 * 60 * 60_000,
  registryChecksPerIp: 30,
  registryCheckWindowMs: 60 * 60_000,
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 60 * 60_000,
  externalTimeoutMs: 3_000,
  authNonceTtlMs: 5 * 60_000,
  smsBatchGapMs: DEFAULT_SMS_BATCH.gapMs,
  smsBatchMax: DEFAULT_SMS_BATCH.maxBatch,
};

/** A development pepper: fine for the demo, refused when NODE_ENV=production. */
export const DEVELOPMENT_PEPPER = 'kyso-demo-pepper-not-for-production';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Environment readers shared by the portals' configurations; each throws `ConfigError` naming the variable. */
export function intVar(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}`);
  return n;
}

export function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected true/false, got "${raw}"`);
}

/** An origin (`http(s)://host[:port]`, trailing slashes dropped). */
export function originVar(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = (env[name] || fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(value))
    throw new ConfigError(name, 'expected an origin such as https://portal.example');
  return value;
}

/** `KYSO_PEPPER`: a development value outside production, at least 16 characters. */
export function pepperVar(env: NodeJS.ProcessEnv): string {
  const pepper = env.KYSO_PEPPER || (env.NODE_ENV === 'production' ? '' : DEVELOPMENT_PEPPER);
  if (pepper.length < 16)
    throw new ConfigError('KYSO_PEPPER', 'set a secret of at least 16 characters (required in production)');
  return pepper;
}

/** `KYSO_SMS_BATCH_GAP_MS` (0–1000) and `KYSO_SMS_BATCH_MAX` (1–100), read by both portals. */
export function smsBatchVars(env: NodeJS.ProcessEnv): Pick<PortalLimits, 'smsBatchGapMs' | 'smsBatchMax'> {
  return {
    smsBatchGapMs: intVar(env, 'KYSO_SMS_BATCH_GAP_MS', DEFAULT_LIMITS.smsBatchGapMs, 0, 1000),
    smsBatchMax: intVar(env, 'KYSO_SMS_BATCH_MAX', DEFAULT_LIMITS.smsBatchMax, 1, SMS_BATCH_LIMIT),
  };
}

/** The SMS batching of a portal's client of the national systems (`simulatorsClient`'s `smsBatch`). */
export function smsBatchSettings(
  limits: Pick<PortalLimits, 'smsBatchGapMs' | 'smsBatchMax'>,
): SmsBatchSettings {
  return { gapMs: limits.smsBatchGapMs, maxBatch: limits.smsBatchMax };
}

/** Reads the portal configuration from `env` (default `process.env`); throws `ConfigError` on bad values. */
export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const port = intVar(env, 'KYSO_PORTAL_PORT', 8080, 0, 65535);
  const host = env.KYSO_PORTAL_HOST || '127.0.0.1';
  const publicOrigin = originVar(env, 'KYSO_PORTAL_PUBLIC_ORIGIN', `http://localhost:${port}`);
  const production = env.NODE_ENV === 'production';
  const pepper = pepperVar(env);
  const legacy = (env.KYSO_LEGACY_REGISTRATION || 'allowed').toLowerCase();
  if (legacy !== 'allowed' && legacy !== 'disabled')
    throw new ConfigError('KYSO_LEGACY_REGISTRATION', 'expected "allowed" or "disabled"');
  const captchaTestBypass = boolVar(env, 'KYSO_CAPTCHA_TEST_BYPASS', env.NODE_ENV === 'test');
  if (captchaTestBypass && production)
    throw new ConfigError('KYSO_CAPTCHA_TEST_BYPASS', 'the captcha bypass cannot be enabled in production');
  return {
    host,
    port,
    publicOrigin,
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: env.KYSO_SQLITE_PATH || `${repoRoot}.data/portal.sqlite`,
    pepper,
    simulatorsUrl: (env.KYSO_SIMULATORS_URL || 'http://localhost:8090').replace(/\/+$/, ''),
    legacyRegistration: legacy,
    captchaTestBypass,
    logLevel: env.KYSO_LOG_LEVEL || 'info',
    limits: {
      ...DEFAULT_LIMITS,
      otpTtlMs: intVar(env, 'KYSO_OTP_TTL_SECONDS', DEFAULT_LIMITS.otpTtlMs / 1000, 30, 600) * 1000,
      externalTimeoutMs: intVar(
        env,
        'KYSO_EXTERNAL_TIMEOUT_MS',
        DEFAULT_LIMITS.externalTimeoutMs,
        100,
        60_000,
      ),
      ...smsBatchVars(env),
    },
  };
}
