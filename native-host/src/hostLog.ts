/**
 * Diagnostics for the native host. stdout carries only framed messages, so
 * every log line goes to stderr (Chrome and Firefox forward it to their own
 * logs). Callers pass only non-secret facts: never PINs, digests or signatures.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

function threshold(): number {
  const wanted = process.env.KYSO_HOST_LOG;
  if (wanted === 'silent') return -1;
  return wanted && wanted in ORDER ? ORDER[wanted as LogLevel] : ORDER.warn;
}

export function hostLog(level: LogLevel, message: string, facts?: Record<string, unknown>): void {
  if (ORDER[level] > threshold()) return;
  const line = facts ? `${message} ${JSON.stringify(facts)}` : message;
  process.stderr.write(`[kyso-host] ${level}: ${line}\n`);
}
