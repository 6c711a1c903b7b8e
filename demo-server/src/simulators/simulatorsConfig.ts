/** Configuration of the simulated external systems, from environment variables with documented defaults. */

export interface SimulatorsConfig {
  /** KYSO_SIMULATORS_PORT, default 8090. */
  port: number;
  /** KYSO_SIMULATORS_HOST, default 127.0.0.1. */
  host: string;
  /** KYSO_SIMULATORS_PUBLIC_URL, default http://localhost:<port>: base of links, of the PKI URLs in certificates. */
  publicUrl: string;
  /** KYSO_SIMULATORS_TIMEOUT_DELAY_MS, default 10,000: how long a "timeout" magic value holds a request. */
  timeoutDelayMs: number;
  /** KYSO_SIMULATORS_APPROVAL_TTL_MS, default 120,000: life of a SIM or remote-signing request. */
  approvalTtlMs: number;
  /** KYSO_SIMULATORS_LOG_LEVEL, default info (fatal, error, warn, info, debug, trace, silent). */
  logLevel: string;
}

export const SIMULATORS_DEFAULTS = {
  port: 8090,
  host: '127.0.0.1',
  timeoutDelayMs: 10_000,
  approvalTtlMs: 120_000,
  logLevel: 'info',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class SimulatorsConfigError extends Error {
  override readonly name = 'SimulatorsConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()))
    throw new SimulatorsConfigError(`${name} phải là số nguyên / must be an integer (got "${raw}")`);
  const n = Number(raw.trim());
  if (n < min || n > max)
    throw new SimulatorsConfigError(
      `${name} phải nằm trong [${min}, ${max}] / must be within [${min}, ${max}]`,
    );
  return n;
}

export function simulatorsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SimulatorsConfig {
  const port = integer(env, 'KYSO_SIMULATORS_PORT', SIMULATORS_DEFAULTS.port, 0, 65_535);
  const host = env.KYSO_SIMULATORS_HOST?.trim() || SIMULATORS_DEFAULTS.host;
  const publicUrl = (env.KYSO_SIMULATORS_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\/[^/\s]+$/.test(publicUrl))
    throw new SimulatorsConfigError(
      `KYSO_SIMULATORS_PUBLIC_URL phải có dạng http(s)://máy[:cổng] / must look like http(s)://host[:port] (got "${publicUrl}")`,
    );
  const logLevel = env.KYSO_SIMULATORS_LOG_LEVEL?.trim() || SIMULATORS_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new SimulatorsConfigError(
      `KYSO_SIMULATORS_LOG_LEVEL: ${LOG_LEVELS.join(', ')} (got "${logLevel}")`,
    );
  return {
    port,
    host,
    publicUrl,
    timeoutDelayMs: integer(
      env,
      'KYSO_SIMULATORS_TIMEOUT_DELAY_MS',
      SIMULATORS_DEFAULTS.timeoutDelayMs,
      0,
      600_000,
    ),
    approvalTtlMs: integer(
      env,
      'KYSO_SIMULATORS_APPROVAL_TTL_MS',
      SIMULATORS_DEFAULTS.approvalTtlMs,
      1000,
      3_600_000,
    ),
    logLevel,
  };
}
