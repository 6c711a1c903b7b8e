/**
 * PKCS#11 return values (CKR_*) → the shared Kyso error codes.
 * Values are those of the PKCS#11 v2.40 / v3.0 specification.
 */
import type { ErrorCode } from '@kyso/lib/protocol';

export const CKR = {
  ARGUMENTS_BAD: 0x07,
  DATA_INVALID: 0x20,
  DATA_LEN_RANGE: 0x21,
  DEVICE_ERROR: 0x30,
  DEVICE_REMOVED: 0x32,
  FUNCTION_CANCELED: 0x50,
  KEY_HANDLE_INVALID: 0x60,
  KEY_TYPE_INCONSISTENT: 0x63,
  KEY_FUNCTION_NOT_PERMITTED: 0x68,
  MECHANISM_INVALID: 0x70,
  MECHANISM_PARAM_INVALID: 0x71,
  OBJECT_HANDLE_INVALID: 0x82,
  PIN_INCORRECT: 0xa0,
  PIN_INVALID: 0xa1,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  SESSION_CLOSED: 0xb0,
  SESSION_HANDLE_INVALID: 0xb3,
  SLOT_ID_INVALID: 0x03,
  TOKEN_NOT_PRESENT: 0xe0,
  TOKEN_NOT_RECOGNIZED: 0xe1,
  USER_ALREADY_LOGGED_IN: 0x100,
  USER_NOT_LOGGED_IN: 0x101,
} as const;

const BY_VALUE: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [CKR.PIN_INCORRECT, 'PIN_INCORRECT'],
  [CKR.PIN_LOCKED, 'PIN_LOCKED'],
  [CKR.PIN_LEN_RANGE, 'PIN_INVALID'],
  [CKR.PIN_INVALID, 'PIN_INVALID'],
  [CKR.DEVICE_REMOVED, 'TOKEN_REMOVED'],
  [CKR.TOKEN_NOT_PRESENT, 'TOKEN_REMOVED'],
  [CKR.TOKEN_NOT_RECOGNIZED, 'TOKEN_REMOVED'],
  [CKR.SLOT_ID_INVALID, 'TOKEN_REMOVED'],
  [CKR.SESSION_CLOSED, 'TOKEN_REMOVED'],
  [CKR.SESSION_HANDLE_INVALID, 'TOKEN_REMOVED'],
  [CKR.DEVICE_ERROR, 'TOKEN_REMOVED'],
  [CKR.MECHANISM_INVALID, 'MECHANISM_UNSUPPORTED'],
  [CKR.MECHANISM_PARAM_INVALID, 'MECHANISM_UNSUPPORTED'],
  [CKR.KEY_TYPE_INCONSISTENT, 'MECHANISM_UNSUPPORTED'],
  [CKR.KEY_FUNCTION_NOT_PERMITTED, 'MECHANISM_UNSUPPORTED'],
  [CKR.DATA_LEN_RANGE, 'MECHANISM_UNSUPPORTED'],
  [CKR.KEY_HANDLE_INVALID, 'CERTIFICATE_NOT_FOUND'],
  [CKR.OBJECT_HANDLE_INVALID, 'CERTIFICATE_NOT_FOUND'],
  [CKR.FUNCTION_CANCELED, 'USER_CANCELLED'],
  [CKR.ARGUMENTS_BAD, 'INVALID_REQUEST'],
  [CKR.DATA_INVALID, 'INVALID_REQUEST'],
]);

/** The Kyso code for a PKCS#11 return value; anything unexpected is INTERNAL. */
export function codeForReturnValue(rv: number): ErrorCode {
  return BY_VALUE.get(rv) ?? 'INTERNAL';
}

/** The CKR value carried by an error thrown by pkcs11js, if there is one. */
export function returnValueOf(e: unknown): { rv: number; name: string } | undefined {
  if (e instanceof Error && /^CKR_/.test(e.message)) {
    const rv = (e as Error & { code?: unknown }).code;
    if (typeof rv === 'number') return { rv, name: e.message };
  }
  return undefined;
}
