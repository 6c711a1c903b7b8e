/** Key pairs for the demo PKI, through WebCrypto (works in Node and browsers). */
import { toArrayBuffer } from '../encoding/binaryInput.js';
import type { DemoKeyType, DerBytes } from './types.js';

export interface DemoKeyPair {
  keyType: DemoKeyType;
  /** SubjectPublicKeyInfo DER. */
  publicKey: DerBytes;
  /** PKCS#8 DER. */
  privateKey: DerBytes;
}

const RSA_PARAMS: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC_PARAMS: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

export const RSA_KEY_SIZE = 2048;
export const EC_CURVE = 'P-256';

export async function generateKeyPair(keyType: DemoKeyType): Promise<DemoKeyPair> {
  const pair = (await globalThis.crypto.subtle.generateKey(keyType === 'RSA' ? RSA_PARAMS : EC_PARAMS, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const [spki, pkcs8] = await Promise.all([
    globalThis.crypto.subtle.exportKey('spki', pair.publicKey),
    globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey),
  ]);
  return { keyType, publicKey: new Uint8Array(spki), privateKey: new Uint8Array(pkcs8) };
}

/** Imports a CA's PKCS#8 RSA key for sha256WithRSAEncryption signing. */
export function importSigningKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    toArrayBuffer(pkcs8),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}
