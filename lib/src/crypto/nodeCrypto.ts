/**
 * node:crypto when `lib` runs in Node (servers verifying login tokens and signatures), found at run time
 * through `process.getBuiltinModule` so browser bundles never import it. Node's synchronous digests
 * and verification avoid WebCrypto's thread-pool round trip per call, which costs more than the
 * cryptography itself for one small signature (measured in bench/authToken.bench.ts). In browsers, or
 * after `preferWebCrypto(true)`, callers use WebCrypto.
 */

import { bytesToBase64, bytesToBase64Url, hexToBytes } from '../encoding/binaryInput.js';

/** The part of node:crypto used here (declared locally: `lib` also compiles without Node's types). */
export interface NodeCryptoApi {
  createHash(algorithm: string): { update(data: Uint8Array): { digest(): Uint8Array } };
  createPublicKey(
    key:
      | { key: Uint8Array; format: 'der'; type: 'spki' }
      | { key: { kty: 'EC'; crv: string; x: string; y: string }; format: 'jwk' },
  ): NodeKeyObject;
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

/**
 * The exact SubjectPublicKeyInfo DER before the point, for id-ecPublicKey keys on the named NIST curves
 * with an uncompressed point (0x04 ‖ x ‖ y): the form certificates carry.
 */
const EC_SPKI_PREFIXES: readonly { crv: string; prefix: Uint8Array; size: number }[] = [
  { crv: 'P-256', prefix: hexToBytes('3059301306072a8648ce3d020106082a8648ce3d030107034200'), size: 32 },
  { crv: 'P-384', prefix: hexToBytes('3076301006072a8648ce3d020106052b81040022036200'), size: 48 },
  { crv: 'P-521', prefix: hexToBytes('30819b301006072a8648ce3d020106052b8104002303818600'), size: 66 },
];

/**
 * The same key as a JWK when `spki` is exactly one of the EC_SPKI_PREFIXES forms. OpenSSL 3 imports
 * a JWK's coordinates (checked to lie on the curve) about twice as fast as it decodes SPKI DER, which
 * matters for a leaf key seen once (bench/authToken.bench.ts, "new user").
 */
export function ecJwkOfSpki(spki: Uint8Array): { kty: 'EC'; crv: string; x: string; y: string } | undefined {
  for (const { crv, prefix, size } of EC_SPKI_PREFIXES) {
    if (spki.length !== prefix.length + 1 + 2 * size) continue;
    let same = true;
    for (let i = 0; i < prefix.length && same; i++) same = spki[i] === prefix[i];
    if (!same || spki[prefix.length] !== 0x04) continue;
    const at = prefix.length + 1;
    return {
      kty: 'EC',
      crv,
      x: bytesToBase64Url(spki.subarray(at, at + size)),
      y: bytesToBase64Url(spki.subarray(at + size)),
    };
  }
  return undefined;
}

const KEY_LIMIT = 256;
const keys = new Map<string, NodeKeyObject>();

/** A KeyObject for a SubjectPublicKeyInfo, cached by its bytes (256 most recent). Throws when malformed. */
export function nodePublicKey(node: NodeCryptoApi, spki: Uint8Array): NodeKeyObject {
  const cacheKey = bytesToBase64(spki);
  let key = keys.get(cacheKey);
  if (!key) {
    const jwk = ecJwkOfSpki(spki);
    key = jwk
      ? node.createPublicKey({ key: jwk, format: 'jwk' })
      : node.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    if (keys.size >= KEY_LIMIT) keys.delete(keys.keys().next().value as string);
    keys.set(cacheKey, key);
  }
  return key;
}

/** Forgets the cached KeyObjects. */
export function clearNodePublicKeys(): void {
  keys.clear();
}
