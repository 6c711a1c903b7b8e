/**
 * pino options of the portals (national and ministry): JSON logs with secrets redacted — passwords, OTPs,
 * PINs, captcha, cookies and CSRF tokens in bodies and headers, and the secret query parameters of request
 * URLs (authorization codes, state, ID tokens on the OpenID endpoints; ASVS 7.1.1).
 */
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordConfirm',
  '*.otp',
  '*.pin',
  '*.captcha',
  '*._csrf',
  '*.csrfToken',
  '*.cookie',
  'body.password',
  'body.passwordConfirm',
  'body.otp',
  'body.pin',
  'body.captcha',
];

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

export function portalLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: {
      // Fastify's request (method, URL with secrets masked, host, address); anything else logged under
      // `req` is left to the redaction paths above.
      req: (req: FastifyRequest | Record<string, unknown>) =>
        typeof req.url === 'string'
          ? { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip }
          : req,
    },
  };
}
