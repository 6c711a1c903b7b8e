/**
 * The ministry's pino options: the portals' redaction (passwords, OTPs, PINs, cookies, CSRF tokens, and the
 * secret query parameters of URLs — the SSO callback carries the authorization code and the state, which must
 * never reach a log, ASVS 7.1.1) with an optional destination stream.
 */
import type { DestinationStream, LoggerOptions } from 'pino';
import { portalLoggerOptions } from '../../portal/web/logging.js';

export function ministryLoggerOptions(
  level: string,
  stream?: DestinationStream,
): LoggerOptions & { stream?: DestinationStream } {
  return { ...portalLoggerOptions(level), ...(stream ? { stream } : {}) };
}
