/**
 * Verifies an X.509-style signature (certificates, CRLs, OCSP responses) with WebCrypto:
 * RSA PKCS#1 v1.5, RSA-PSS (with its parameters), ECDSA P-256/384/521, Ed25519, and DSA
 * (BigInt, see dsaVerify.ts). Works on the DER as received (algorithm identifiers and keys are
 * read in place); pkijs objects from CRL and OCSP decoding are accepted too.
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { decodeAlgorithm } from '../cert/certificateStructure.js';
import {
  childrenOf,
  decodeOid,
  decodeSmallInteger,
  malformed,
  readTlv,
  TAG,
  type Tlv,
} from '../cert/derReader.js';
import { HASH_ALGORITHMS, NAMED_CURVES, SIGNATURE_ALGORITHMS } from '../cert/oidNames.js';
import { derTlv } from '../crypto/derWriter.js';
import { ecdsaDerToRaw } from '../crypto/ecdsaSignature.js';
import {
  NODE_PSS_PADDING,
  type NodeCryptoApi,
  nodeCrypto,
  nodeHashName,
  nodePublicKey,
} from '../crypto/nodeCrypto.js';
import { clearPublicKeyCache, importVerifyKey } from '../crypto/publicKeys.js';
import { toArrayBuffer } from '../encoding/index.js';
import { type DsaParams, dsaVerifyDigest, parseDsaParams } from './dsaVerify.js';

export type SignatureVerdict = 'valid' | 'invalid' | 'unsupported';

/** An AlgorithmIdentifier: OID and the full DER of its parameters (absent when omitted). */
export interface AlgorithmId {
  oid: string;
  params?: Uint8Array;
}

/** A SubjectPublicKeyInfo: its whole DER, the algorithm and the subjectPublicKey bits. */
export interface SubjectPublicKey {
  der: Uint8Array;
  algorithm: AlgorithmId;
  key: Uint8Array;
}

/** Curves and digests WebCrypto verifies with. */
const WEBCRYPTO_CURVES: ReadonlySet<string> = new Set(['P-256', 'P-384', 'P-521']);
const WEBCRYPTO_HASHES: ReadonlySet<string> = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

const RSA_OID = '1.2.840.113549.1.1.1';
const RSA_PSS_OID = '1.2.840.113549.1.1.10';
const EC_OID = '1.2.840.10045.2.1';
const DSA_OID = '1.2.840.10040.4.1';
const ED25519_OID = '1.3.101.112';
const MGF1_OID = '1.2.840.113549.1.1.8';
/** AlgorithmIdentifier { rsaEncryption, NULL }. */
const RSA_ALGORITHM_DER = Uint8Array.from([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

/** Forgets imported public keys (WebCrypto and node:crypto; the cache is the crypto module's). */
export function clearPublicKeyImportCache(): void {
  clearPublicKeyCache();
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available');
  return s;
}

type Scheme = { kind: 'rsa' | 'ecdsa' | 'dsa'; hash: string } | { kind: 'pss' } | { kind: 'ed25519' };

/** How a signature algorithm is verified here, from the shared OID table; undefined when it cannot be. */
function schemeOf(oid: string): Scheme | undefined {
  const info = SIGNATURE_ALGORITHMS[oid];
  if (!info) return undefined;
  if (info.family === 'rsa-pss') return { kind: 'pss' };
  if (info.family === 'eddsa') return info.name === 'Ed25519' ? { kind: 'ed25519' } : undefined;
  if (!info.hash || !WEBCRYPTO_HASHES.has(info.hash)) return undefined;
  return { kind: info.family, hash: info.hash };
}

/** An AlgorithmIdentifier TLV read in place. */
export function algorithmAt(buf: Uint8Array, t: Tlv): AlgorithmId {
  const { oid, params } = decodeAlgorithm(buf, t, 'AlgorithmIdentifier');
  return params ? { oid, params: buf.subarray(params.start, params.end) } : { oid };
}

/** A SubjectPublicKeyInfo TLV read in place. */
export function subjectPublicKeyAt(buf: Uint8Array, t: Tlv): SubjectPublicKey {
  if (t.tag !== TAG.SEQUENCE) throw malformed('subjectPublicKeyInfo is not a SEQUENCE');
  const [alg, bits, extra] = childrenOf(buf, t, 'subjectPublicKeyInfo');
  if (!alg || !bits || extra || bits.tag !== TAG.BIT_STRING || bits.end === bits.valueStart)
    throw malformed('subjectPublicKeyInfo');
  return {
    der: buf.subarray(t.start, t.end),
    algorithm: algorithmAt(buf, alg),
    key: buf.subarray(bits.valueStart + 1, bits.end),
  };
}

function isPkijsAlgorithm(a: AlgorithmId | pkijs.AlgorithmIdentifier): a is pkijs.AlgorithmIdentifier {
  return 'algorithmId' in a;
}

function algorithmOf(a: AlgorithmId | pkijs.AlgorithmIdentifier): AlgorithmId {
  if (!isPkijsAlgorithm(a)) return a;
  const p = a.algorithmParams as asn1js.AsnType | undefined;
  return p && !(p instanceof asn1js.Any)
    ? { oid: a.algorithmId, params: new Uint8Array(p.toBER(false)) }
    : { oid: a.algorithmId };
}

function publicKeyOf(k: SubjectPublicKey | pkijs.PublicKeyInfo): SubjectPublicKey {
  if ('der' in k) return k;
  const der = new Uint8Array(k.toSchema().toBER(false));
  return subjectPublicKeyAt(der, readTlv(der, 0, der.length, 'subjectPublicKeyInfo'));
}

/** The SPKI re-encoded with rsaEncryption, so RSA-PSS-only keys import everywhere. */
function rsaSpkiDer(key: SubjectPublicKey): Uint8Array {
  if (key.algorithm.oid === RSA_OID) return key.der;
  return derTlv(TAG.SEQUENCE, RSA_ALGORITHM_DER, derTlv(TAG.BIT_STRING, Uint8Array.of(0), key.key));
}

function hashOfAlgorithm(buf: Uint8Array, t: Tlv): string | undefined {
  const hash = HASH_ALGORITHMS[decodeAlgorithm(buf, t, 'hash algorithm').oid];
  return hash && WEBCRYPTO_HASHES.has(hash) ? hash : undefined;
}

/** RSASSA-PSS-params (RFC 4055 §3.1) → WebCrypto parameters; undefined when not supported. */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } | undefined {
  if (!params) return { hash: 'SHA-1', saltLength: 20 };
  try {
    const seq = readTlv(params, 0, params.length, 'RSASSA-PSS parameters');
    if (seq.tag !== TAG.SEQUENCE || seq.end !== params.length) return undefined;
    let hash: string | undefined = 'SHA-1';
    let mgfHash: string | undefined = 'SHA-1';
    let saltLength = 20;
    for (const field of childrenOf(params, seq, 'RSASSA-PSS parameters')) {
      const inner = readTlv(params, field.valueStart, field.end, 'RSASSA-PSS parameter');
      switch (field.tag) {
        case 0xa0:
          hash = hashOfAlgorithm(params, inner);
          break;
        case 0xa1: {
          const mgf = decodeAlgorithm(params, inner, 'mask generation');
          if (mgf.oid !== MGF1_OID) return undefined;
          mgfHash = mgf.params ? hashOfAlgorithm(params, mgf.params) : hash;
          break;
        }
        case 0xa2:
          saltLength = decodeSmallInteger(params, inner, 'saltLength');
          break;
        case 0xa3:
          if (decodeSmallInteger(params, inner, 'trailerField') !== 1) return undefined;
          break;
        default:
          return undefined;
      }
    }
    if (!hash || mgfHash !== hash) return undefined;
    return { hash, saltLength };
  } catch {
    return undefined;
  }
}

/** The key's named curve when WebCrypto supports it, with its field size in bytes. */
function curveOf(key: SubjectPublicKey): { name: string; bytes: number } | undefined {
  const p = key.algorithm.params;
  if (!p) return undefined;
  const curve = NAMED_CURVES[decodeOid(p, readTlv(p, 0, p.length, 'EC curve'), 'EC curve')];
  return curve && WEBCRYPTO_CURVES.has(curve.name)
    ? { name: curve.name, bytes: Math.ceil(curve.size / 8) }
    : undefined;
}

export interface SignedDataToVerify {
  /** The exact bytes that were signed (a TBS structure). */
  data: Uint8Array;
  signatureAlgorithm: AlgorithmId | pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
  publicKey: SubjectPublicKey | pkijs.PublicKeyInfo;
  /** DSA domain parameters inherited from the issuer when the key carries none (RFC 5280 §6.1.4 (f)). */
  inheritedDsaParams?: Uint8Array | ArrayBuffer;
}

function dsaParamsFor(key: SubjectPublicKey, inherited: Uint8Array | ArrayBuffer | undefined): DsaParams {
  const own = dsaParamsOf(key);
  if (own) return parseDsaParams(toArrayBuffer(own));
  if (inherited)
    return parseDsaParams(inherited instanceof Uint8Array ? toArrayBuffer(inherited) : inherited);
  throw new Error('DSA key without parameters');
}

/** One verification with node:crypto (synchronous); the key must already fit the scheme. */
function verifyWithNode(
  node: NodeCryptoApi,
  spkiDer: Uint8Array,
  hash: string | null,
  options: { dsaEncoding?: 'ieee-p1363'; padding?: number; saltLength?: number },
  signature: Uint8Array,
  data: Uint8Array,
): SignatureVerdict {
  const key = nodePublicKey(node, spkiDer);
  return node.verify(hash && nodeHashName(hash), data, { key, ...options }, signature) ? 'valid' : 'invalid';
}

/** Verifies a signature. Never throws: malformed material is 'invalid', unknown algorithms 'unsupported'. */
export async function verifySignedData(input: SignedDataToVerify): Promise<SignatureVerdict> {
  let algorithm: AlgorithmId;
  let key: SubjectPublicKey;
  try {
    algorithm = algorithmOf(input.signatureAlgorithm);
    key = publicKeyOf(input.publicKey);
  } catch {
    return 'invalid';
  }
  const scheme = schemeOf(algorithm.oid);
  if (!scheme) return 'unsupported';
  const keyAlg = key.algorithm.oid;
  const data = toArrayBuffer(input.data);
  const node = nodeCrypto();
  try {
    switch (scheme.kind) {
      case 'rsa': {
        if (keyAlg !== RSA_OID) return 'invalid';
        if (node) return verifyWithNode(node, key.der, scheme.hash, {}, input.signature, input.data);
        const imported = await importVerifyKey(rsaSpkiDer(key), {
          name: 'RSASSA-PKCS1-v1_5',
          hash: scheme.hash,
        });
        const ok = await subtle().verify('RSASSA-PKCS1-v1_5', imported, toArrayBuffer(input.signature), data);
        return ok ? 'valid' : 'invalid';
      }
      case 'pss': {
        if (keyAlg !== RSA_OID && keyAlg !== RSA_PSS_OID) return 'invalid';
        const params = pssParams(algorithm.params);
        if (!params) return 'unsupported';
        if (node)
          return verifyWithNode(
            node,
            rsaSpkiDer(key),
            params.hash,
            { padding: NODE_PSS_PADDING, saltLength: params.saltLength },
            input.signature,
            input.data,
          );
        const imported = await importVerifyKey(rsaSpkiDer(key), { name: 'RSA-PSS', hash: params.hash });
        const ok = await subtle().verify(
          { name: 'RSA-PSS', saltLength: params.saltLength },
          imported,
          toArrayBuffer(input.signature),
          data,
        );
        return ok ? 'valid' : 'invalid';
      }
      case 'ecdsa': {
        if (keyAlg !== EC_OID) return 'invalid';
        const curve = curveOf(key);
        if (!curve) return 'unsupported';
        const raw = ecdsaDerToRaw(input.signature, curve.bytes);
        if (node)
          return verifyWithNode(node, key.der, scheme.hash, { dsaEncoding: 'ieee-p1363' }, raw, input.data);
        const imported = await importVerifyKey(key.der, { name: 'ECDSA', namedCurve: curve.name });
        const ok = await subtle().verify(
          { name: 'ECDSA', hash: scheme.hash },
          imported,
          toArrayBuffer(raw),
          data,
        );
        return ok ? 'valid' : 'invalid';
      }
      case 'ed25519': {
        if (keyAlg !== ED25519_OID) return 'invalid';
        if (node) return verifyWithNode(node, key.der, null, {}, input.signature, input.data);
        const imported = await importVerifyKey(key.der, { name: 'Ed25519' });
        const ok = await subtle().verify('Ed25519', imported, toArrayBuffer(input.signature), data);
        return ok ? 'valid' : 'invalid';
      }
      case 'dsa': {
        if (keyAlg !== DSA_OID) return 'invalid';
        const params = dsaParamsFor(key, input.inheritedDsaParams);
        const digest = new Uint8Array(await subtle().digest(scheme.hash, data));
        const ok = dsaVerifyDigest(params, toArrayBuffer(key.key), digest, input.signature);
        return ok ? 'valid' : 'invalid';
      }
    }
  } catch {
    return 'invalid';
  }
}

/** What a signed X.509 structure (certificate) carries for its signature check. */
export interface SignedStructure {
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
}

/** Verifies the signature on a certificate with the issuer's key. */
export function verifyCertificateSignature(
  cert: SignedStructure,
  issuerKey: SubjectPublicKey,
  inheritedDsaParams?: Uint8Array,
): Promise<SignatureVerdict> {
  const input: SignedDataToVerify = {
    data: cert.tbs,
    signatureAlgorithm: cert.signatureAlgorithm,
    signature: cert.signature,
    publicKey: issuerKey,
  };
  if (inheritedDsaParams) input.inheritedDsaParams = inheritedDsaParams;
  return verifySignedData(input);
}

/** DSA parameters carried by a key, for inheritance by keys below it. */
export function dsaParamsOf(key: SubjectPublicKey): Uint8Array | undefined {
  if (key.algorithm.oid !== DSA_OID) return undefined;
  const p = key.algorithm.params;
  return p && p[0] === TAG.SEQUENCE ? p : undefined;
}

export function isDsaKeyWithoutParams(key: SubjectPublicKey): boolean {
  return key.algorithm.oid === DSA_OID && dsaParamsOf(key) === undefined;
}
