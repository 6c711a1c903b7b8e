/**
 * Documented magic inputs of the simulated systems (docs/simulators.md lists the same table,
 * and the start page shows it). Where a number ends in an HTTP or protocol status, the last
 * digits name the behaviour: …503 = unavailable, …504 = timeout, …401 = user cancel, etc.
 */

/** ID numbers (CCCD) for the population database, BHXH and the remote-signing provider. */
export const MAGIC_ID = {
  /** Nobody has it: population verify → match false, citizen lookup → 404, no credentials. */
  noMatch: '001099000404',
  /** The system answers HTTP 503 SERVICE_UNAVAILABLE. */
  unavailable: '001099000503',
  /** The system answers only after the timeout delay, then HTTP 504 UPSTREAM_TIMEOUT. */
  timeout: '001099000504',
} as const;

/** BHXH codes. */
export const MAGIC_BHXH = {
  noMatch: '0199000404',
  unavailable: '0199000503',
  timeout: '0199000504',
} as const;

/** Domestic phone numbers for the carriers and the SMS gateway (MSISDN 84… for the MSSP). */
export const MAGIC_PHONE = {
  /** No such subscriber (HTTP 404 at the carriers). */
  noMatch: '0969000404',
  unavailable: '0969000503',
  timeout: '0969000504',
} as const;

/** E-mail recipients for the mail gateway. */
export const MAGIC_EMAIL = {
  unavailable: 'unavailable@kyso-demo.example',
  timeout: 'timeout@kyso-demo.example',
} as const;

/** SIM-signature (MSSP) MSISDNs. */
export const MAGIC_MSISDN = {
  /** The user presses "Hủy" on the phone: status 401 USER_CANCEL at once. */
  userCancel: '84969000401',
  /** The phone never answers: 504 OUTSTANDING_TRANSACTION until expiry, then 208 EXPIRED_TRANSACTION. */
  noAnswer: '84969000208',
  /** The SIM's PIN is blocked: 402 PIN_NR_BLOCKED at once. */
  pinBlocked: '84969000402',
  /** Not a SIM-PKI subscriber: the request is refused with 105 UNKNOWN_CLIENT (HTTP 404). */
  notSubscribed: '84969000105',
  /**
   * A SIM-PKI subscriber whose SIM holds no certificate (not issued yet, or revoked and not renewed): the
   * profile query answers 422 NO_CERT_FOUND, a signature request is refused with it (HTTP 404).
   */
  noCertificate: '84969000422',
  /** The MSSP answers HTTP 503. */
  unavailable: '84969000503',
  /** The MSSP answers only after the timeout delay, then HTTP 504. */
  timeout: '84969000504',
} as const;

/** Remote-signing (SmartCA/MySign-style) users: CCCD numbers of synthetic citizens with a credential. */
export const MAGIC_RS_USER = {
  /** Every signature request is rejected in the app: 4002. */
  rejects: '001099004002',
  /** Nobody ever confirms: 4001 until expiry, then 4003. */
  neverConfirms: '001099004003',
  /** The signing key is locked: 4004 at once. */
  keyLocked: '001099004004',
} as const;

/** SIM PIN of every simulated SIM-PKI SIM (the real default PIN of Viettel SIM CA). */
export const SIM_PIN = '012345';
/** Wrong PINs in a row that block a simulated SIM's PIN. */
export const SIM_PIN_ATTEMPTS = 3;
/** PIN of the simulated remote-signing app. */
export const RS_APP_PIN = '123456';
/** Wrong app PINs in a row that lock the remote-signing key (status 4004). */
export const RS_APP_PIN_ATTEMPTS = 5;

/** The fault a magic value triggers, if any. */
export type SimulatedFault = 'unavailable' | 'timeout';

export function faultFor(
  value: string,
  table: { readonly unavailable: string; readonly timeout: string },
): SimulatedFault | undefined {
  if (value === table.unavailable) return 'unavailable';
  if (value === table.timeout) return 'timeout';
  return undefined;
}

/** PUK that unblocks a simulated SIM's PIN on the phone page. */
export const SIM_PUK = '12345678';
