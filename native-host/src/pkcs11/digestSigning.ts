/**
 * `sign`: one login, every digest signed, logout — also when a digest fails. The work before
 * the PIN (token, session, checks) can run ahead of it (`openSigningSession`, kept by
 * `PreparedSigns`); the logout can wait until the reply is written (`signInSession`'s `finish`).
 *  - RSASSA-PKCS1-v1_5: CKM_RSA_PKCS over DigestInfo(hash) ‖ digest.
 *  - RSA-PSS: CKM_RSA_PKCS_PSS with { hashAlg, MGF1(hash), sLen = hash length }.
 *  - ECDSA: CKM_ECDSA over the digest; the token returns raw r ‖ s.
 * Keys with CKA_ALWAYS_AUTHENTICATE get a context-specific login before each
 * signature. A token with a protected authentication path (PIN pad) is
 * logged in without a PIN when none is given.
 */
import {
  type HashAlgorithm,
  KysoError,
  type SignatureScheme,
  type SignParams,
  type SignResult,
  type TokenFlags,
} from '@kyso/lib/protocol';
import type { Handle, Mechanism, PKCS11 } from 'pkcs11js';
import { decodeHandle } from './certificateHandle.js';
import type { LoadedModule, ModuleRegistry, Pkcs11Api } from './moduleRegistry.js';
import { CKR, codeForReturnValue, returnValueOf } from './returnValueMapping.js';
import {
  findObjects,
  type PresentToken,
  presentTokens,
  readAttribute,
  readBoolean,
  readToken,
  tokenFlags,
} from './tokenInventory.js';

/** DER DigestInfo prefixes (RFC 8017 §9.2, note 1). */
export const DIGEST_INFO_PREFIX: Readonly<Record<HashAlgorithm, Buffer>> = {
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  'SHA-512': Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

function pssParameters(api: Pkcs11Api, hash: HashAlgorithm): Mechanism {
  const table = {
    'SHA-256': [api.CKM_SHA256, api.CKG_MGF1_SHA256, 32],
    'SHA-384': [api.CKM_SHA384, api.CKG_MGF1_SHA384, 48],
    'SHA-512': [api.CKM_SHA512, api.CKG_MGF1_SHA512, 64],
  } as const;
  const [hashAlg, mgf, saltLen] = table[hash];
  return {
    mechanism: api.CKM_RSA_PKCS_PSS,
    parameter: { type: api.CK_PARAMS_RSA_PSS, hashAlg, mgf, saltLen },
  } as Mechanism;
}

/** Mechanism and the bytes handed to C_Sign for one digest. */
export function signingInput(
  api: Pkcs11Api,
  scheme: SignatureScheme,
  hash: HashAlgorithm,
  digest: Buffer,
): { mechanism: Mechanism; data: Buffer } {
  if (scheme === 'RSASSA-PKCS1-v1_5')
    return {
      mechanism: { mechanism: api.CKM_RSA_PKCS },
      data: Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]),
    };
  if (scheme === 'RSA-PSS') return { mechanism: pssParameters(api, hash), data: digest };
  return { mechanism: { mechanism: api.CKM_ECDSA }, data: digest };
}

/** Turns a pkcs11js error into a KysoError with the shared code. */
export function toKysoError(e: unknown, context: string): KysoError {
  if (e instanceof KysoError) return e;
  const rv = returnValueOf(e);
  if (rv) return new KysoError(codeForReturnValue(rv.rv), `${context}: ${rv.name}`, { ckr: rv.name });
  return new KysoError('INTERNAL', `${context}: ${e instanceof Error ? e.message : String(e)}`);
}

function flagsNow(api: Pkcs11Api, token: PresentToken): TokenFlags | undefined {
  try {
    return tokenFlags(api, token.module.p11.C_GetTokenInfo(token.slot).flags);
  } catch {
    return undefined;
  }
}

function pinData(flags: TokenFlags | undefined): Record<string, unknown> | undefined {
  return flags
    ? { pinCountLow: flags.pinCountLow, pinFinalTry: flags.pinFinalTry, pinLocked: flags.pinLocked }
    : undefined;
}

/**
 * Logs in (user or context-specific), mapping PIN failures with the token's flags after the
 * failure. False (nothing done) when the token is already logged in as the user: that login is
 * not this PIN's, and the caller must end it before logging in again.
 */
function login(
  api: Pkcs11Api,
  token: PresentToken,
  session: Handle,
  userType: number,
  pin: string | undefined,
): boolean {
  try {
    // PIN pad: pkcs11js 2.1.7 cannot pass NULL_PTR, so the PIN is empty (ulPinLen = 0),
    // which PIN-pad middleware (OpenSC included) takes as "ask the reader".
    token.module.p11.C_Login(session, userType, pin ?? '');
    return true;
  } catch (e) {
    const rv = returnValueOf(e);
    if (rv?.rv === CKR.USER_ALREADY_LOGGED_IN && userType === api.CKU_USER) return false;
    if (rv?.rv === CKR.PIN_INCORRECT || rv?.rv === CKR.PIN_LOCKED) {
      const flags = flagsNow(api, token);
      const locked = rv.rv === CKR.PIN_LOCKED || flags?.pinLocked === true;
      throw new KysoError(
        locked ? 'PIN_LOCKED' : 'PIN_INCORRECT',
        locked ? 'the token PIN is locked' : 'the PIN is incorrect',
        pinData(flags),
      );
    }
    throw toKysoError(e, 'C_Login');
  }
}

function checkPinLength(token: PresentToken, pin: string): void {
  const bytes = Buffer.byteLength(pin, 'utf8');
  const min = token.minPinLength;
  const max = token.maxPinLength > 0 ? token.maxPinLength : Number.MAX_SAFE_INTEGER;
  if (bytes < min || bytes > max)
    throw new KysoError('PIN_INVALID', `the PIN must be ${min} to ${token.maxPinLength} characters`, {
      minLength: min,
      maxLength: token.maxPinLength,
    });
}

/** Last slot each token (module, serial) was seen in, so a sign does not read every token's info. */
const slotCache = new WeakMap<LoadedModule, Map<string, Handle>>();

function tokenIn(
  api: Pkcs11Api,
  module: LoadedModule,
  slot: Handle,
  serial: string,
): PresentToken | undefined {
  try {
    const token = readToken(api, module, slot);
    return token?.info.serial === serial ? token : undefined;
  } catch {
    return undefined;
  }
}

function findToken(api: Pkcs11Api, registry: ModuleRegistry, module: string, serial: string): PresentToken {
  const loaded = registry.find(module);
  if (!loaded) throw new KysoError('CERTIFICATE_NOT_FOUND', 'the module of this certificate is not loaded');
  const known = slotCache.get(loaded) ?? new Map<string, Handle>();
  slotCache.set(loaded, known);
  const cached = known.get(serial);
  const hit = cached && tokenIn(api, loaded, cached, serial);
  if (hit) return hit;
  known.delete(serial);
  let slots: Handle[] = [];
  try {
    slots = loaded.p11.C_GetSlotList(true);
  } catch {
    // a module that cannot list its slots holds no token we can use
  }
  for (const slot of slots) {
    const token = tokenIn(api, loaded, slot, serial);
    if (token) {
      known.set(serial, slot);
      return token;
    }
  }
  throw new KysoError('TOKEN_REMOVED', 'the token holding this certificate is not present');
}

function ulongOf(value: Buffer): number {
  return value.length >= 8 ? Number(value.readBigUInt64LE(0)) : value.readUInt32LE(0);
}

/** CKA_KEY_TYPE and CKA_ALWAYS_AUTHENTICATE in one call when the token allows it. */
function keyFacts(
  api: Pkcs11Api,
  p11: PKCS11,
  session: Handle,
  key: Handle,
): { type?: number; always: boolean } {
  try {
    const [type, always] = p11.C_GetAttributeValue(session, key, [
      { type: api.CKA_KEY_TYPE },
      { type: api.CKA_ALWAYS_AUTHENTICATE },
    ]);
    const t = type?.value;
    const a = always?.value;
    return {
      ...(Buffer.isBuffer(t) ? { type: ulongOf(t) } : {}),
      always: Buffer.isBuffer(a) && a.length > 0 && a[0] !== 0,
    };
  } catch {
    // Tokens without CKA_ALWAYS_AUTHENTICATE (PKCS#11 < 2.20) refuse the pair: ask one by one.
    const t = readAttribute(p11, session, key, api.CKA_KEY_TYPE);
    return {
      ...(t ? { type: ulongOf(t) } : {}),
      always: readBoolean(p11, session, key, api.CKA_ALWAYS_AUTHENTICATE),
    };
  }
}

function checkScheme(api: Pkcs11Api, keyType: number | undefined, scheme: SignatureScheme): void {
  if (keyType === undefined) return;
  const wantRsa = scheme !== 'ECDSA';
  if (wantRsa && keyType !== api.CKK_RSA)
    throw new KysoError('INVALID_REQUEST', `${scheme} needs an RSA key`);
  if (!wantRsa && keyType !== api.CKK_EC) throw new KysoError('INVALID_REQUEST', 'ECDSA needs an EC key');
}

const SIGNATURE_BUFFER_BYTES = 1024;

/** What a sign is asked to do, without the PIN. */
export type SigningRequest = Pick<SignParams, 'handle' | 'hashAlgorithm' | 'scheme' | 'digests'>;

/**
 * A token session opened for one sign before the PIN is known: the token found, the session
 * open (not logged in — a private key cannot even be found yet), the request checked and its
 * bytes for `C_Sign` ready. Ends with `closeSigningSession`.
 */
export interface SigningSession {
  readonly request: SigningRequest;
  readonly token: PresentToken;
  readonly session: Handle;
  readonly keyId: Buffer;
  readonly inputs: readonly { mechanism: Mechanism; data: Buffer }[];
}

/** A new (not logged-in) session on the token. */
function openSession(api: Pkcs11Api, token: PresentToken): Handle {
  try {
    return token.module.p11.C_OpenSession(token.slot, api.CKF_SERIAL_SESSION);
  } catch (e) {
    throw toKysoError(e, 'C_OpenSession');
  }
}

/** Everything before the PIN: token lookup, checks, session, signing inputs. */
export function openSigningSession(
  api: Pkcs11Api,
  registry: ModuleRegistry,
  request: SigningRequest,
): SigningSession {
  const parts = decodeHandle(request.handle);
  if (!parts) throw new KysoError('CERTIFICATE_NOT_FOUND', 'unknown certificate handle');
  const token = findToken(api, registry, parts.module, parts.serial);
  const flags = token.info.flags;
  if (flags.pinLocked) throw new KysoError('PIN_LOCKED', 'the token PIN is locked', pinData(flags));
  const inputs = request.digests.map((d) =>
    signingInput(api, request.scheme, request.hashAlgorithm, Buffer.from(d, 'base64')),
  );
  const session = openSession(api, token);
  const { handle, hashAlgorithm, scheme, digests } = request;
  return { request: { handle, hashAlgorithm, scheme, digests }, token, session, keyId: parts.id, inputs };
}

/**
 * Whether the session can still be used for this token: it exists, it is on the token's slot,
 * and that slot still holds the same token (it may have been removed and another put in, and a
 * middleware may give a new session the handle of an old one).
 */
export function sessionAlive(api: Pkcs11Api, s: SigningSession): boolean {
  const { module, slot, info } = s.token;
  return onItsSlot(s) && tokenIn(api, module, slot, info.serial) !== undefined;
}

/** Whether the session's handle still names a session, on the token's slot. */
function onItsSlot(s: SigningSession): boolean {
  try {
    const { slotID } = s.token.module.p11.C_GetSessionInfo(s.session);
    return Buffer.from(slotID).equals(Buffer.from(s.token.slot));
  } catch {
    return false;
  }
}

/**
 * Closes a session held for a prepared sign (never logged in), unless its handle is gone or now
 * names a session of another slot: that session is someone else's and is left alone.
 */
export function closeHeldSession(s: SigningSession): void {
  if (onItsSlot(s)) closeSigningSession(s, false);
}

/**
 * Told when every session of a token's slot was closed because a logout failed (see `endLogin`):
 * sessions held for that token (prepared signs) are gone.
 */
export type SlotSessionsClosed = (token: PresentToken) => void;

/**
 * Ends this application's login on the session's token. A PKCS#11 login belongs to the
 * application, per token — every session of it shares it — and closing one session does not end
 * it while another (a prepared sign's) stays open. So when `C_Logout` fails, every session of the
 * slot is closed (`C_CloseAllSessions`), which ends the login for sure, and `onSlotClosed` is
 * told. True when `C_Logout` ended it (or no login was left); false when the slot was closed.
 */
function endLogin(s: SigningSession, onSlotClosed: SlotSessionsClosed | undefined): boolean {
  const { p11 } = s.token.module;
  try {
    p11.C_Logout(s.session);
    return true;
  } catch (e) {
    if (returnValueOf(e)?.rv === CKR.USER_NOT_LOGGED_IN) return true;
  }
  try {
    p11.C_CloseAllSessions(s.token.slot);
  } catch {
    // token gone: its sessions, and the login, went with it
  }
  onSlotClosed?.(s.token);
  return false;
}

/**
 * Logs out (when logged in) and closes the session; never throws. A logout that fails closes
 * every session of the token's slot (`endLogin`): never a login left behind for the next sign.
 */
export function closeSigningSession(
  s: SigningSession,
  loggedIn: boolean,
  onSlotClosed?: SlotSessionsClosed,
): void {
  if (loggedIn && !endLogin(s, onSlotClosed)) return;
  try {
    s.token.module.p11.C_CloseSession(s.session);
  } catch {
    // token gone: nothing left to close
  }
}

/** A finished sign: its result, and `finish` (logout, close) to run once the reply is written. */
export interface SignedInSession {
  result: SignResult;
  finish: () => void;
}

export interface SignInOptions {
  /** Called after each signature with the number done so far and the signatures made so far. */
  onSigned?: (done: number, total: number, signatures: readonly string[]) => void;
  /** Told when a failed logout made the host close every session of a token's slot. */
  onSlotClosed?: SlotSessionsClosed;
}

/**
 * The part of a sign that needs the PIN: login, the private key, every digest. On any error the
 * session is logged out and closed before the error is thrown; on success the caller runs
 * `finish` (as soon as the reply is out).
 */
export function signInSession(
  api: Pkcs11Api,
  s: SigningSession,
  pin: string | undefined,
  options: SignInOptions = {},
): SignedInSession {
  const { token, request } = s;
  const { onSigned, onSlotClosed } = options;
  const { p11 } = token.module;
  const flags = token.info.flags;
  let active = s;
  let loggedIn = false;
  try {
    const usePinPad = pin === undefined && flags.protectedAuthPath;
    if (pin === undefined && !usePinPad && flags.loginRequired)
      throw new KysoError('PIN_INVALID', 'this token needs a PIN', {
        minLength: token.minPinLength,
        maxLength: token.maxPinLength,
      });
    if (pin !== undefined) checkPinLength(token, pin);
    if (flags.loginRequired) {
      const given = usePinPad ? undefined : pin;
      if (!login(api, token, active.session, api.CKU_USER, given)) {
        // The token is still logged in — a login is per token, and a session held open for a
        // prepared sign keeps one alive when a logout failed. Never sign on it: end it and log in
        // with this PIN (a wrong PIN must fail). If the slot had to be closed, open a new session.
        if (!endLogin(active, onSlotClosed)) active = { ...active, session: openSession(api, token) };
        if (!login(api, token, active.session, api.CKU_USER, given))
          throw new KysoError('INTERNAL', 'C_Login: the token stays logged in after its logout');
      }
      loggedIn = true;
    }
    const { session } = active;
    let keys: Handle[];
    try {
      keys = findObjects(p11, session, [
        { type: api.CKA_CLASS, value: api.CKO_PRIVATE_KEY },
        { type: api.CKA_ID, value: s.keyId },
      ]);
    } catch (e) {
      throw toKysoError(e, 'C_FindObjects');
    }
    const key = keys[0];
    if (key === undefined)
      throw new KysoError('CERTIFICATE_NOT_FOUND', 'no private key for this certificate');
    const facts = keyFacts(api, p11, session, key);
    checkScheme(api, facts.type, request.scheme);
    const alwaysAuthenticate = facts.always;
    const out = Buffer.allocUnsafe(SIGNATURE_BUFFER_BYTES);
    const signatures: string[] = [];
    const total = s.inputs.length;
    for (let i = 0; i < total; i++) {
      const { mechanism, data } = s.inputs[i]!;
      try {
        p11.C_SignInit(session, mechanism, key);
        if (alwaysAuthenticate)
          login(api, token, session, api.CKU_CONTEXT_SPECIFIC, usePinPad ? undefined : pin);
        signatures.push(p11.C_Sign(session, data, out).toString('base64'));
      } catch (e) {
        const err = toKysoError(e, `signing digest ${i}`);
        throw new KysoError(err.code, err.message, { ...err.data, digestIndex: i });
      }
      onSigned?.(i + 1, total, signatures);
    }
    const result: SignResult = { signatures };
    if (usePinPad) result.protectedAuthPath = true;
    const done = loggedIn;
    const used = active;
    return { result, finish: () => closeSigningSession(used, done, onSlotClosed) };
  } catch (e) {
    closeSigningSession(active, loggedIn, onSlotClosed);
    throw e;
  }
}

/** Ends every session (and so every login) of this host on every present token. */
export function logoutAll(api: Pkcs11Api, registry: ModuleRegistry): void {
  for (const token of presentTokens(api, registry)) {
    try {
      token.module.p11.C_CloseAllSessions(token.slot);
    } catch {
      // a token that went away has no session left
    }
  }
}
