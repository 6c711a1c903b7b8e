/**
 * Typed errors for pages: one class per family of shared codes, all subclasses
 * of KysoError so `err.code` and `err.userMessage('vi')` work on every one.
 */
import type { ErrorCode } from '../protocol/errorCodes.js';
import { KysoError, type WireError } from '../protocol/kysoError.js';

/** The extension or kyso-host is missing, unreachable or of an incompatible version. */
export class KysoInstallationError extends KysoError {
  override readonly name = 'KysoInstallationError';
}
/** The page's origin is not served (http) or the user denied it. */
export class KysoOriginError extends KysoError {
  override readonly name = 'KysoOriginError';
}
/** The user cancelled, did not answer in time, or another operation is open. */
export class KysoUserInteractionError extends KysoError {
  override readonly name = 'KysoUserInteractionError';
}
/** The page sent something Kyso cannot do (a fault of the page). */
export class KysoRequestError extends KysoError {
  override readonly name = 'KysoRequestError';
}
/** The USB token or its driver is missing or failed. */
export class KysoTokenError extends KysoError {
  override readonly name = 'KysoTokenError';
}
/** No usable certificate, or the chosen one is gone, expired or not yet valid. */
export class KysoCertificateError extends KysoError {
  override readonly name = 'KysoCertificateError';
}
/** Wrong, locked or malformed PIN. */
export class KysoPinError extends KysoError {
  override readonly name = 'KysoPinError';
}
/** An unexpected fault inside Kyso. */
export class KysoInternalError extends KysoError {
  override readonly name = 'KysoInternalError';
}

type KysoErrorClass = new (code: ErrorCode, message?: string, data?: Record<string, unknown>) => KysoError;

/** Every shared code has its family; a new code fails to typecheck until it is placed here. */
export const ERROR_FAMILIES: Readonly<Record<ErrorCode, KysoErrorClass>> = {
  EXTENSION_UNAVAILABLE: KysoInstallationError,
  HOST_UNAVAILABLE: KysoInstallationError,
  VERSION_MISMATCH: KysoInstallationError,
  MODULE_LOAD_FAILED: KysoInstallationError,
  INSECURE_ORIGIN: KysoOriginError,
  ORIGIN_DENIED: KysoOriginError,
  USER_CANCELLED: KysoUserInteractionError,
  TIMEOUT: KysoUserInteractionError,
  BUSY: KysoUserInteractionError,
  INVALID_REQUEST: KysoRequestError,
  MECHANISM_UNSUPPORTED: KysoRequestError,
  NO_TOKEN: KysoTokenError,
  TOKEN_REMOVED: KysoTokenError,
  NO_CERTIFICATE: KysoCertificateError,
  CERTIFICATE_NOT_FOUND: KysoCertificateError,
  CERTIFICATE_EXPIRED: KysoCertificateError,
  CERTIFICATE_NOT_YET_VALID: KysoCertificateError,
  PIN_INCORRECT: KysoPinError,
  PIN_LOCKED: KysoPinError,
  PIN_INVALID: KysoPinError,
  INTERNAL: KysoInternalError,
};

/** The typed error for a code. */
export function sdkError(code: ErrorCode, message?: string, data?: Record<string, unknown>): KysoError {
  return new ERROR_FAMILIES[code](code, message, data);
}

/** The typed error for a wire error (`{ code, message, data? }`); unknown codes become INTERNAL. */
export function sdkErrorFromWire(wire: WireError | unknown): KysoError {
  const e = KysoError.fromWire(wire);
  return sdkError(e.code, e.message, e.data);
}
