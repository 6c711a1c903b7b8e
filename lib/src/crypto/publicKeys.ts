/**
 * Public keys from SubjectPublicKeyInfo: what kind they are, and verifying signatures with them
 * through WebCrypto (imported keys are cached, keyed by SPKI bytes and algorithm).
 */

import { childrenOf, decodeOid, readTlv } from '../cert/derReader.js';
import { bytesToBase64, toArrayBuffer } from '../encoding/binaryInput.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';
import { derNull, derOid, derSequence } from './derWriter.js';
import { CURVE_FIELD_BYTES, ecdsaSignatureToRaw, type NamedCurve } from './ecdsaSignature.js';
import { webCryptoSubtle } from './hashAlgorithms.js';
import {
  clearNodePublicKeys,
  NODE_PSS_PADDING,
  type NodeCryptoApi,
  nodeCrypto,
  nodeHashName,
  nodePublicKey,
} from './nodeCrypto.js';
import {
  OID,
  parseRsaPssParameters,
  readAlgorithmIdentifier,
  type SignatureAlgorithm,
  UnsupportedAlgorithmError,
} from './signatureAlgorithms.js';

const CURVE_OIDS: Readonly<Record<string, NamedCurve>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

export type PublicKeyKind =
  | { type: 'RSA'; bits: number; pssOnly: boolean }
  | { type: 'EC'; curve: NamedCurve; bits: number };

/** Describes a SubjectPublicKeyInfo (DER). Throws UnsupportedAlgorithmError for other key types. */
export function describePublicKey(spki: Uint8Array): PublicKeyKind {
  const seq = readTlv(spki, 0);
  const [algEl, keyEl] = childrenOf(spki, seq);
  if (!algEl || !keyEl || keyEl.tag !== 0x03) throw new UnsupportedAlgorithmError('(malformed key)');
  const { oid, parameters } = readAlgorithmIdentifier(spki.subarray(algEl.start, algEl.end));
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    // BIT STRING: unused-bits octet, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
    const inner = spki.subarray(keyEl.valueStart + 1, keyEl.end);
    const [modulus] = childrenOf(inner, readTlv(inner, 0));
    if (modulus?.tag !== 0x02) throw new UnsupportedAlgorithmError('(malformed RSA key)');
    let start = modulus.valueStart;
    while (start < modulus.end && inner[start] === 0) start++;
    const top = inner[start] ?? 0;
    const bits = (modulus.end - start) * 8 - (top === 0 ? 8 : Math.clz32(top) - 24);
    return { type: 'RSA', bits, pssOnly: oid === OID.rsassaPss };
  }
  if (oid === OID.ecPublicKey && parameters && parameters[0] === 0x06) {
    const curveOid = decodeOid(parameters, readTlv(parameters, 0));
    const curve = CURVE_OIDS[curveOid];
    if (!curve) throw new UnsupportedAlgorithmError(curveOid);
    return { type: 'EC', curve, bits: curve === 'P-521' ? 521 : CURVE_FIELD_BYTES[curve] * 8 };
  }
  throw new UnsupportedAlgorithmError(oid);
}

/** The signature scheme a key signs with by default: RSA → PKCS#1 v1.5 (PSS for PSS-only keys), EC → ECDSA. */
export function defaultScheme(kind: PublicKeyKind): SignatureScheme {
  if (kind.type === 'EC') return 'ECDSA';
  return kind.pssOnly ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
}

/** True when the scheme can be used with the key. */
export function schemeFitsKey(scheme: SignatureScheme, kind: PublicKeyKind): boolean {
  if (kind.type === 'EC') return scheme === 'ECDSA';
  return kind.pssOnly ? scheme === 'RSA-PSS' : scheme !== 'ECDSA';
}

const KEY_CACHE_LIMIT = 256;
const keyCache = new Map<string, Promise<CryptoKey>>();

function importParams(
  alg: SignatureAlgorithm,
  kind: PublicKeyKind,
): RsaHashedImportParams | EcKeyImportParams {
  if (kind.type === 'EC') return { name: 'ECDSA', namedCurve: kind.curve };
  return { name: alg.scheme === 'RSA-PSS' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: alg.hash };
}

/**
 * WebCrypto only imports RSA keys labelled rsaEncryption. An id-RSASSA-PSS key carries the same
 * RSAPublicKey, so it is relabelled — after checking the signature respects the key's PSS parameters
 * (same hash, at least the stated salt length; RFC 4055 §3.1).
 */
function importableSpki(spki: Uint8Array, alg: SignatureAlgorithm, kind: PublicKeyKind): Uint8Array {
  if (kind.type !== 'RSA' || !kind.pssOnly) return spki;
  const [algEl, keyEl] = childrenOf(spki, readTlv(spki, 0));
  if (!algEl || !keyEl) throw new UnsupportedAlgorithmError('(malformed RSA-PSS key)');
  const { parameters } = readAlgorithmIdentifier(spki.subarray(algEl.start, algEl.end));
  if (parameters && parameters[0] === 0x30 && parameters.length > 2) {
    const restriction = parseRsaPssParameters(parameters);
    if (restriction.hash !== alg.hash || (alg.saltLength ?? 0) < restriction.saltLength)
      throw new UnsupportedAlgorithmError(OID.rsassaPss);
  }
  return derSequence(
    derSequence(derOid(OID.rsaEncryption), derNull()),
    spki.subarray(keyEl.start, keyEl.end),
  );
}

/**
 * A WebCrypto verification key for a SubjectPublicKeyInfo, imported once per (key, parameters) and kept
 * among the 256 most recent; a failed import is not kept. Shared by every verifier in `lib`.
 */
export function importVerifyKey(
  spki: Uint8Array,
  params: RsaHashedImportParams | EcKeyImportParams | Algorithm,
): Promise<CryptoKey> {
  const id = `${JSON.stringify(params)}|${bytesToBase64(spki)}`;
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    key = webCryptoSubtle().importKey('spki', toArrayBuffer(spki), params, false, ['verify']);
    key.catch(() => keyCache.delete(id));
    keyCache.set(id, key);
  }
  return key;
}

function importKey(spki: Uint8Array, alg: SignatureAlgorithm, kind: PublicKeyKind): Promise<CryptoKey> {
  return importVerifyKey(importableSpki(spki, alg, kind), importParams(alg, kind));
}

/** The same verification, synchronously with node:crypto. */
function verifyWithNode(
  node: NodeCryptoApi,
  spki: Uint8Array,
  alg: SignatureAlgorithm,
  kind: PublicKeyKind,
  signature: Uint8Array,
  data: Uint8Array,
): boolean {
  const usable = importableSpki(spki, alg, kind);
  const key = nodePublicKey(node, usable);
  const hash = nodeHashName(alg.hash);
  if (kind.type === 'EC') {
    const raw = ecdsaSignatureToRaw(signature, CURVE_FIELD_BYTES[kind.curve]);
    return node.verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, raw);
  }
  if (alg.scheme === 'RSA-PSS')
    return node.verify(
      hash,
      data,
      { key, padding: NODE_PSS_PADDING, saltLength: alg.saltLength ?? 0 },
      signature,
    );
  return node.verify(hash, data, { key }, signature);
}

/**
 * Verifies `signature` over `data` (the hash is applied by node:crypto in Node, WebCrypto elsewhere). ECDSA signatures may be raw r‖s
 * or DER. Returns false for any wrong signature or key/algorithm mismatch; never throws for bad input.
 */
export async function verifySignature(
  spki: Uint8Array,
  alg: SignatureAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  let kind: PublicKeyKind;
  try {
    kind = describePublicKey(spki);
  } catch {
    return false;
  }
  if (!schemeFitsKey(alg.scheme, kind)) return false;
  const node = nodeCrypto();
  try {
    if (node) return verifyWithNode(node, spki, alg, kind, signature, data);
    const key = await importKey(spki, alg, kind);
    if (kind.type === 'EC') {
      const raw = ecdsaSignatureToRaw(signature, CURVE_FIELD_BYTES[kind.curve]);
      return await webCryptoSubtle().verify(
        { name: 'ECDSA', hash: alg.hash },
        key,
        toArrayBuffer(raw),
        toArrayBuffer(data),
      );
    }
    const params: AlgorithmIdentifier | RsaPssParams =
      alg.scheme === 'RSA-PSS'
        ? { name: 'RSA-PSS', saltLength: alg.saltLength ?? 0 }
        : { name: 'RSASSA-PKCS1-v1_5' };
    return await webCryptoSubtle().verify(params, key, toArrayBuffer(signature), toArrayBuffer(data));
  } catch {
    return false;
  }
}

/** Forgets every imported key (for tests and cold-cache measurements). */
export function clearPublicKeyCache(): void {
  keyCache.clear();
  clearNodePublicKeys();
}
