/**
 * Verifies an X.509-style signature (certificates, CRLs, OCSP responses) with WebCrypto:
 * RSA PKCS#1 v1.5, RSA-PSS (with its parameters), ECDSA P-256/384/521, Ed25519, and DSA
 * (BigInt, see dsaVerify.ts).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesToHex, toArrayBuffer } from '../encoding/index.js';
import { type DsaParams, dsaVerifyDigest, parseDsaParams } from './dsaVerify.js';

export type SignatureVerdict = 'valid' | 'invalid' | 'unsupported';

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

type Scheme = { kind: 'rsa' | 'ecdsa' | 'dsa'; hash: string } | { kind: 'pss' } | { kind: 'ed25519' };

const SCHEME_BY_OID: Record<string, Scheme> = {
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { kind: 'pss' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'SHA-512' },
  '1.2.840.10040.4.3': { kind: 'dsa', hash: 'SHA-1' },
  '2.16.840.1.101.3.4.3.2': { kind: 'dsa', hash: 'SHA-256' },
  '1.3.101.112': { kind: 'ed25519' },
};

const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

const RSA_OID = '1.2.840.113549.1.1.1';
const RSA_PSS_OID = '1.2.840.113549.1.1.10';
const EC_OID = '1.2.840.10045.2.1';
const DSA_OID = '1.2.840.10040.4.1';
const ED25519_OID = '1.3.101.112';
const MGF1_OID = '1.2.840.113549.1.1.8';

const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 256;

/** Forgets imported public keys. */
export function clearPublicKeyImportCache(): void {
  keyCache.clear();
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available');
  return s;
}

function importCached(
  spkiDer: Uint8Array,
  alg: RsaHashedImportParams | EcKeyImportParams | Algorithm,
): Promise<CryptoKey> {
  const key = `${JSON.stringify(alg)}|${bytesToHex(spkiDer)}`;
  let p = keyCache.get(key);
  if (!p) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    p = subtle().importKey('spki', toArrayBuffer(spkiDer), alg, false, ['verify']);
    keyCache.set(key, p);
    p.catch(() => keyCache.delete(key));
  }
  return p;
}

/** The SPKI re-encoded with rsaEncryption, so RSA-PSS-only keys import everywhere. */
function rsaSpkiDer(spki: pkijs.PublicKeyInfo): Uint8Array {
  if (spki.algorithm.algorithmId === RSA_OID) return new Uint8Array(spki.toSchema().toBER(false));
  const copy = new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: RSA_OID, algorithmParams: new asn1js.Null() }),
    subjectPublicKey: spki.subjectPublicKey,
  });
  return new Uint8Array(copy.toSchema().toBER(false));
}

function pssParams(alg: pkijs.AlgorithmIdentifier): { hash: string; saltLength: number } | undefined {
  if (!alg.algorithmParams) return { hash: 'SHA-1', saltLength: 20 };
  let params: pkijs.RSASSAPSSParams;
  try {
    params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
  } catch {
    return undefined;
  }
  const hash = HASH_BY_OID[params.hashAlgorithm.algorithmId];
  if (!hash) return undefined;
  if (params.maskGenAlgorithm.algorithmId !== MGF1_OID) return undefined;
  const mgfHashParams = params.maskGenAlgorithm.algorithmParams;
  if (mgfHashParams) {
    try {
      const mgfHash = new pkijs.AlgorithmIdentifier({ schema: mgfHashParams });
      if (HASH_BY_OID[mgfHash.algorithmId] !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  if (params.trailerField !== 1) return undefined;
  return { hash, saltLength: params.saltLength };
}

/** DER ECDSA-Sig-Value → fixed-size r‖s as WebCrypto expects. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) return undefined;
  const ints = asn.result.valueBlock.value;
  if (ints.length !== 2 || !ints.every((i) => i instanceof asn1js.Integer)) return undefined;
  const out = new Uint8Array(size * 2);
  for (let k = 0; k < 2; k++) {
    let bytes = new Uint8Array((ints[k] as asn1js.Integer).valueBlock.valueHexView);
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) return undefined;
    out.set(bytes, k * size + size - bytes.length);
  }
  return out;
}

export interface SignedDataToVerify {
  /** The exact bytes that were signed (a TBS structure). */
  data: Uint8Array;
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
  publicKey: pkijs.PublicKeyInfo;
  /** DSA domain parameters inherited from the issuer when the key carries none (RFC 5280 §6.1.4 (f)). */
  inheritedDsaParams?: ArrayBuffer;
}

/** Verifies a signature. Never throws: malformed material is 'invalid', unknown algorithms 'unsupported'. */
export async function verifySignedData(input: SignedDataToVerify): Promise<SignatureVerdict> {
  const scheme = SCHEME_BY_OID[input.signatureAlgorithm.algorithmId];
  if (!scheme) return 'unsupported';
  const keyAlg = input.publicKey.algorithm.algorithmId;
  const data = toArrayBuffer(input.data);
  try {
    switch (scheme.kind) {
      case 'rsa': {
        if (keyAlg !== RSA_OID) return 'invalid';
        const key = await importCached(rsaSpkiDer(input.publicKey), {
          name: 'RSASSA-PKCS1-v1_5',
          hash: scheme.hash,
        });
        const ok = await subtle().verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(input.signature), data);
        return ok ? 'valid' : 'invalid';
      }
      case 'pss': {
        if (keyAlg !== RSA_OID && keyAlg !== RSA_PSS_OID) return 'invalid';
        const params = pssParams(input.signatureAlgorithm);
        if (!params) return 'unsupported';
        const key = await importCached(rsaSpkiDer(input.publicKey), { name: 'RSA-PSS', hash: params.hash });
        const ok = await subtle().verify(
          { name: 'RSA-PSS', saltLength: params.saltLength },
          key,
          toArrayBuffer(input.signature),
          data,
        );
        return ok ? 'valid' : 'invalid';
      }
      case 'ecdsa': {
        if (keyAlg !== EC_OID) return 'invalid';
        const curveParam = input.publicKey.algorithm.algorithmParams;
        const curveOid =
          curveParam instanceof asn1js.ObjectIdentifier ? curveParam.valueBlock.toString() : '';
        const curve = CURVES[curveOid];
        if (!curve) return 'unsupported';
        const raw = ecdsaDerToRaw(input.signature, curve.size);
        if (!raw) return 'invalid';
        const key = await importCached(new Uint8Array(input.publicKey.toSchema().toBER(false)), {
          name: 'ECDSA',
          namedCurve: curve.name,
        });
        const ok = await subtle().verify({ name: 'ECDSA', hash: scheme.hash }, key, toArrayBuffer(raw), data);
        return ok ? 'valid' : 'invalid';
      }
      case 'ed25519': {
        if (keyAlg !== ED25519_OID) return 'invalid';
        const key = await importCached(new Uint8Array(input.publicKey.toSchema().toBER(false)), {
          name: 'Ed25519',
        });
        const ok = await subtle().verify('Ed25519', key, toArrayBuffer(input.signature), data);
        return ok ? 'valid' : 'invalid';
      }
      case 'dsa': {
        if (keyAlg !== DSA_OID) return 'invalid';
        const own = input.publicKey.algorithm.algorithmParams;
        let params: DsaParams;
        if (own instanceof asn1js.Sequence) params = parseDsaParams(own.toBER(false));
        else if (input.inheritedDsaParams) params = parseDsaParams(input.inheritedDsaParams);
        else return 'invalid';
        const digest = new Uint8Array(await subtle().digest(scheme.hash, data));
        const ok = dsaVerifyDigest(
          params,
          toArrayBuffer(new Uint8Array(input.publicKey.subjectPublicKey.valueBlock.valueHexView)),
          digest,
          input.signature,
        );
        return ok ? 'valid' : 'invalid';
      }
    }
  } catch {
    return 'invalid';
  }
}

/** Verifies the signature on a certificate with the issuer's key. */
export function verifyCertificateSignature(
  cert: pkijs.Certificate,
  issuerKey: pkijs.PublicKeyInfo,
  inheritedDsaParams?: ArrayBuffer,
): Promise<SignatureVerdict> {
  const input: SignedDataToVerify = {
    data: cert.tbsView,
    signatureAlgorithm: cert.signatureAlgorithm,
    signature: new Uint8Array(cert.signatureValue.valueBlock.valueHexView),
    publicKey: issuerKey,
  };
  if (inheritedDsaParams) input.inheritedDsaParams = inheritedDsaParams;
  return verifySignedData(input);
}

/** DSA parameters carried by a key, for inheritance by keys below it. */
export function dsaParamsOf(spki: pkijs.PublicKeyInfo): ArrayBuffer | undefined {
  if (spki.algorithm.algorithmId !== DSA_OID) return undefined;
  const p = spki.algorithm.algorithmParams;
  return p instanceof asn1js.Sequence ? p.toBER(false) : undefined;
}

export function isDsaKeyWithoutParams(spki: pkijs.PublicKeyInfo): boolean {
  return (
    spki.algorithm.algorithmId === DSA_OID && !(spki.algorithm.algorithmParams instanceof asn1js.Sequence)
  );
}
