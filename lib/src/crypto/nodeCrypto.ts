/**
 * node:crypto when `lib` runs in Node (servers verifying login tokens and signatures), found at run time
 * through `process.getBuiltinModule` so browser bundles never import it. Node's synchronous digests
 * and verification avoid WebCrypto's thread-pool round trip per call, which costs more than the
 * cryptography itself for one small signature (measured in bench/authToken.bench.ts). In browsers, or
 * after `preferWebCrypto(true)`, callers use WebCrypto.
 */

import { bytesToBase64 } from '../encoding/binaryInput.js';

/** The part of node:crypto used here (declared locally: `lib` also compiles without Node's types). */
export interface NodeCryptoApi {
  createHash(algorithm: string): { update(data: Uint8Array): { digest(): Uint8Array } };
  createPublicKey(key: { key: Uint8Array; format: 'der'; type: 'spki' }): NodeKeyObject;
  verify(
    algorithm: string | null | undefined,
    data: Uint8Array,
    key: { key: NodeKeyObject; dsaEncoding?: 'der' | 'ieee-p1363'; padding?: number; saltLength?: number },
    signature: Uint8Array,
  ): boolean;
}

/** A node:crypto KeyObject (opaque here). */
export interface NodeKeyObject {
  readonly asymmetricKeyType?: string;
}

/** RSA_PKCS1_PSS_PADDING from node:crypto's constants. */
export const NODE_PSS_PADDING = 6;

const builtin = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:crypto') as NodeCryptoApi | undefined;
  } catch {
    return undefined;
  }
})();

let webCryptoOnly = false;

/** node:crypto, or undefined in browsers (and when WebCrypto is preferred). */
export function nodeCrypto(): NodeCryptoApi | undefined {
  return webCryptoOnly ? undefined : builtin;
}

/** Use WebCrypto even in Node (tests of the browser path; comparisons). */
export function preferWebCrypto(on: boolean): void {
  webCryptoOnly = on;
}

/** Node's digest name for a WebCrypto one: 'SHA-256' → 'sha256'. */
export function nodeHashName(hash: string): string {
  return hash.replace('-', '').toLowerCase();
}

const KEY_LIMIT = 256;
const keys = new Map<string, NodeKeyObject>();

/** A KeyObject for a SubjectPublicKeyInfo, cached by its bytes (256 most recent). Throws when malformed. */
export function nodePublicKey(node: NodeCryptoApi, spki: Uint8Array): NodeKeyObject {
  const cacheKey = bytesToBase64(spki);
  let key = keys.get(cacheKey);
  if (!key) {
    key = node.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    if (keys.size >= KEY_LIMIT) keys.delete(keys.keys().next().value as string);
    keys.set(cacheKey, key);
  }
  return key;
}

/** Forgets the cached KeyObjects. */
export function clearNodePublicKeys(): void {
  keys.clear();
}
