/** pino options of the portal: JSON logs with secrets redacted (passwords, OTPs, PINs, captcha, cookies). */
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

export function portalLoggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}
