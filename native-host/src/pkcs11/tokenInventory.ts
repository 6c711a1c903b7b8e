/**
 * What the loaded modules hold: present, initialised tokens and the
 * certificates that have a key pair beside them (same CKA_ID).
 */
import { X509Certificate } from 'node:crypto';
import type { KeyType, TokenCertificate, TokenFlags, TokenInfo } from '@kyso/lib/protocol';
import type { Handle, PKCS11 } from 'pkcs11js';
import { hostLog } from '../hostLog.js';
import { encodeHandle } from './certificateHandle.js';
import type { LoadedModule, ModuleRegistry, Pkcs11Api } from './moduleRegistry.js';

export interface PresentToken {
  module: LoadedModule;
  slot: Handle;
  info: TokenInfo;
  minPinLength: number;
  maxPinLength: number;
}

export function tokenFlags(api: Pkcs11Api, flags: number): TokenFlags {
  return {
    loginRequired: (flags & api.CKF_LOGIN_REQUIRED) !== 0,
    protectedAuthPath: (flags & api.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    pinCountLow: (flags & api.CKF_USER_PIN_COUNT_LOW) !== 0,
    pinFinalTry: (flags & api.CKF_USER_PIN_FINAL_TRY) !== 0,
    pinLocked: (flags & api.CKF_USER_PIN_LOCKED) !== 0,
  };
}

/** A slot handle as a decimal string (pkcs11js gives 8-byte native-endian buffers). */
function slotIdText(slot: Handle): string {
  if (slot.length === 8) return slot.readBigUInt64LE(0).toString();
  if (slot.length === 4) return String(slot.readUInt32LE(0));
  return slot.toString('hex');
}

export function readToken(api: Pkcs11Api, module: LoadedModule, slot: Handle): PresentToken | undefined {
  const t = module.p11.C_GetTokenInfo(slot);
  if ((t.flags & api.CKF_TOKEN_INITIALIZED) === 0) return undefined;
  return {
    module,
    slot,
    info: {
      module: module.candidate.path,
      slotId: slotIdText(slot),
      label: t.label.trim(),
      serial: t.serialNumber.trim(),
      manufacturer: t.manufacturerID.trim(),
      model: t.model.trim(),
      flags: tokenFlags(api, t.flags),
    },
    minPinLength: t.minPinLen,
    maxPinLength: t.maxPinLen,
  };
}

/** Every present, initialised token of every loaded module; a failing module is skipped. */
export function presentTokens(api: Pkcs11Api, registry: ModuleRegistry): PresentToken[] {
  const out: PresentToken[] = [];
  for (const module of registry.modules) {
    let slots: Handle[];
    try {
      slots = module.p11.C_GetSlotList(true);
    } catch (e) {
      hostLog('warn', 'C_GetSlotList failed', { path: module.candidate.path, error: String(e) });
      continue;
    }
    for (const slot of slots) {
      try {
        const token = readToken(api, module, slot);
        if (token) out.push(token);
      } catch (e) {
        hostLog('warn', 'C_GetTokenInfo failed', { path: module.candidate.path, error: String(e) });
      }
    }
  }
  return out;
}

export function findObjects(
  p11: PKCS11,
  session: Handle,
  template: { type: number; value: unknown }[],
): Handle[] {
  p11.C_FindObjectsInit(session, template as never);
  try {
    const all: Handle[] = [];
    for (;;) {
      const batch = p11.C_FindObjects(session, 64);
      if (batch.length === 0) return all;
      all.push(...batch);
    }
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

/** One attribute's bytes, or undefined when the token does not give it. */
export function readAttribute(
  p11: PKCS11,
  session: Handle,
  object: Handle,
  type: number,
): Buffer | undefined {
  try {
    const [attr] = p11.C_GetAttributeValue(session, object, [{ type }]);
    const value = attr?.value;
    return Buffer.isBuffer(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function readBoolean(p11: PKCS11, session: Handle, object: Handle, type: number): boolean {
  const v = readAttribute(p11, session, object, type);
  return v !== undefined && v.length > 0 && v[0] !== 0;
}

/** OpenSSL curve names → the names and sizes Kyso reports. */
const CURVES: Readonly<Record<string, { name: string; size: number }>> = {
  prime256v1: { name: 'P-256', size: 256 },
  secp384r1: { name: 'P-384', size: 384 },
  secp521r1: { name: 'P-521', size: 521 },
};

interface KeyDescription {
  keyType: KeyType;
  keySize?: number;
  curve?: string;
}

/** Key type, size and curve from the certificate's public key; undefined for other key types. */
export function describeCertificateKey(der: Buffer): KeyDescription | undefined {
  const key = new X509Certificate(der).publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    return details.modulusLength === undefined
      ? { keyType: 'RSA' }
      : { keyType: 'RSA', keySize: details.modulusLength };
  }
  if (key.asymmetricKeyType === 'ec') {
    const named = details.namedCurve;
    const known = named ? CURVES[named] : undefined;
    const out: KeyDescription = { keyType: 'EC' };
    if (known) {
      out.curve = known.name;
      out.keySize = known.size;
    } else if (named) out.curve = named;
    return out;
  }
  return undefined;
}

function certificatesOfToken(api: Pkcs11Api, token: PresentToken): TokenCertificate[] {
  const { p11 } = token.module;
  const session = p11.C_OpenSession(token.slot, api.CKF_SERIAL_SESSION);
  try {
    const keyIds = new Map<string, boolean>();
    for (const cls of [api.CKO_PRIVATE_KEY, api.CKO_PUBLIC_KEY]) {
      for (const key of findObjects(p11, session, [{ type: api.CKA_CLASS, value: cls }])) {
        const id = readAttribute(p11, session, key, api.CKA_ID);
        if (id === undefined) continue;
        const hex = id.toString('hex');
        const always =
          cls === api.CKO_PRIVATE_KEY && readBoolean(p11, session, key, api.CKA_ALWAYS_AUTHENTICATE);
        keyIds.set(hex, (keyIds.get(hex) ?? false) || always);
      }
    }
    const out: TokenCertificate[] = [];
    const certs = findObjects(p11, session, [
      { type: api.CKA_CLASS, value: api.CKO_CERTIFICATE },
      { type: api.CKA_CERTIFICATE_TYPE, value: api.CKC_X_509 },
    ]);
    for (const cert of certs) {
      const id = readAttribute(p11, session, cert, api.CKA_ID);
      const der = readAttribute(p11, session, cert, api.CKA_VALUE);
      if (id === undefined || der === undefined || !keyIds.has(id.toString('hex'))) continue;
      let key: KeyDescription | undefined;
      try {
        key = describeCertificateKey(der);
      } catch (e) {
        hostLog('warn', 'certificate on token could not be parsed', {
          serial: token.info.serial,
          error: String(e),
        });
        continue;
      }
      if (!key) continue;
      const { label, serial, manufacturer, model, flags } = token.info;
      const entry: TokenCertificate = {
        handle: encodeHandle({ module: token.module.candidate.path, serial, id }),
        certificate: der.toString('base64'),
        token: { label, serial, manufacturer, model, flags },
        ...key,
      };
      if (keyIds.get(id.toString('hex'))) entry.alwaysAuthenticate = true;
      out.push(entry);
    }
    return out;
  } finally {
    p11.C_CloseSession(session);
  }
}

/** Certificates with a key pair on every present token; a failing token is skipped. */
export function listCertificates(api: Pkcs11Api, registry: ModuleRegistry): TokenCertificate[] {
  const out: TokenCertificate[] = [];
  for (const token of presentTokens(api, registry)) {
    try {
      out.push(...certificatesOfToken(api, token));
    } catch (e) {
      hostLog('warn', 'reading certificates failed', { serial: token.info.serial, error: String(e) });
    }
  }
  return out;
}
