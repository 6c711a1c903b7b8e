/**
 * The ministry's pino options: the portal's redaction (passwords, OTPs, PINs, cookies, CSRF tokens) plus
 * request URLs whose secret query parameters are masked — the SSO callback carries the authorization code
 * and the state, which must never reach a log (ASVS 7.1.1).
 */
import type { FastifyRequest } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import { portalLoggerOptions } from '../../portal/web/logging.js';

/** Query parameters never written to a log. */
export const SECRET_QUERY_PARAMETERS: readonly string[] = [
  'code',
  'state',
  'session_state',
  'id_token',
  'id_token_hint',
  'access_token',
  'logout_token',
  'otp',
  'password',
];

const REDACTED = '[redacted]';

/** `url` with the value of every secret query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const name of SECRET_QUERY_PARAMETERS)
    if (params.has(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

export function ministryLoggerOptions(
  level: string,
  stream?: DestinationStream,
): LoggerOptions & { stream?: DestinationStream } {
  return {
    ...portalLoggerOptions(level),
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
