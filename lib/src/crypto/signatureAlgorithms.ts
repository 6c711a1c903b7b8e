/**
 * Signature AlgorithmIdentifiers: building them for what Kyso signs, and reading the ones found in
 * CMS SignerInfos and certificates (RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA with SHA-2).
 */

import { childrenOf, decodeOid, readTlv } from '../cert/derReader.js';
import type { SignatureScheme } from '../protocol/hostMessages.js';
import { derExplicit, derInteger, derNull, derOid, derSequence } from './derWriter.js';
import { HASH_LENGTHS, HASH_OIDS, type HashAlgorithm, hashFromOid } from './hashAlgorithms.js';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  sha1: '1.3.14.3.2.26',
} as const;

const RSA_PKCS1_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

const ECDSA_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};

/** A fully described signature algorithm. */
export interface SignatureAlgorithm {
  scheme: SignatureScheme;
  hash: HashAlgorithm;
  /** RSA-PSS salt length in bytes. */
  saltLength?: number;
}

/** Digest AlgorithmIdentifier (parameters absent, RFC 5754 §2). */
export function digestAlgorithmIdentifier(hash: HashAlgorithm): Uint8Array {
  return derSequence(derOid(HASH_OIDS[hash]));
}

/** RSASSA-PSS-params with the same hash for the message and MGF1, salt = hash length (RFC 4055 §3.1). */
export function rsaPssParameters(hash: HashAlgorithm, saltLength = HASH_LENGTHS[hash]): Uint8Array {
  const hashAlg = derSequence(derOid(HASH_OIDS[hash]), derNull());
  return derSequence(
    derExplicit(0, hashAlg),
    derExplicit(1, derSequence(derOid(OID.mgf1), hashAlg)),
    derExplicit(2, derInteger(saltLength)),
  );
}

/** Signature AlgorithmIdentifier for a scheme and hash. */
export function signatureAlgorithmIdentifier(alg: SignatureAlgorithm): Uint8Array {
  switch (alg.scheme) {
    case 'RSASSA-PKCS1-v1_5':
      return derSequence(derOid(RSA_PKCS1_OIDS[alg.hash]), derNull());
    case 'RSA-PSS':
      return derSequence(derOid(OID.rsassaPss), rsaPssParameters(alg.hash, alg.saltLength));
    case 'ECDSA':
      return derSequence(derOid(ECDSA_OIDS[alg.hash]));
  }
}

/** Why an AlgorithmIdentifier was not accepted. */
export class UnsupportedAlgorithmError extends Error {
  constructor(readonly oid: string) {
    super(`unsupported algorithm ${oid}`);
    this.name = 'UnsupportedAlgorithmError';
  }
}

function reverseLookup(
  table: Readonly<Record<HashAlgorithm, string>>,
  oid: string,
): HashAlgorithm | undefined {
  for (const [h, o] of Object.entries(table)) if (o === oid) return h as HashAlgorithm;
  return undefined;
}

/** OID and raw parameters of an AlgorithmIdentifier DER. */
export function readAlgorithmIdentifier(der: Uint8Array): { oid: string; parameters?: Uint8Array } {
  const seq = readTlv(der, 0);
  const [oidEl, paramsEl] = childrenOf(der, seq);
  if (seq.tag !== 0x30 || !oidEl || oidEl.tag !== 0x06) throw new UnsupportedAlgorithmError('(malformed)');
  const oid = decodeOid(der, oidEl);
  return paramsEl ? { oid, parameters: der.subarray(paramsEl.start, paramsEl.end) } : { oid };
}

function hashOfAlgorithmIdentifier(der: Uint8Array): HashAlgorithm {
  const { oid } = readAlgorithmIdentifier(der);
  const h = hashFromOid(oid);
  if (!h) throw new UnsupportedAlgorithmError(oid);
  return h;
}

/** Parses RSASSA-PSS-params; only SHA-2, MGF1 with the same hash and trailerField 1 are accepted. */
export function parseRsaPssParameters(params: Uint8Array): { hash: HashAlgorithm; saltLength: number } {
  const seq = readTlv(params, 0);
  if (seq.tag !== 0x30) throw new UnsupportedAlgorithmError(OID.rsassaPss);
  let hash: HashAlgorithm | undefined;
  let mgfHash: HashAlgorithm | undefined;
  let saltLength = 20;
  for (const field of childrenOf(params, seq)) {
    const inner = readTlv(params, field.valueStart, field.end);
    const innerBytes = params.subarray(inner.start, inner.end);
    if (field.tag === 0xa0) hash = hashOfAlgorithmIdentifier(innerBytes);
    else if (field.tag === 0xa1) {
      const mgf = readAlgorithmIdentifier(innerBytes);
      if (mgf.oid !== OID.mgf1 || !mgf.parameters) throw new UnsupportedAlgorithmError(mgf.oid);
      mgfHash = hashOfAlgorithmIdentifier(mgf.parameters);
    } else if (field.tag === 0xa2) {
      if (inner.tag !== 0x02 || inner.end - inner.valueStart > 4)
        throw new UnsupportedAlgorithmError(OID.rsassaPss);
      saltLength = 0;
      for (let i = inner.valueStart; i < inner.end; i++) saltLength = saltLength * 256 + params[i]!;
    } else if (field.tag === 0xa3) {
      if (inner.tag !== 0x02 || inner.end - inner.valueStart !== 1 || params[inner.valueStart] !== 1)
        throw new UnsupportedAlgorithmError(OID.rsassaPss);
    } else throw new UnsupportedAlgorithmError(OID.rsassaPss);
  }
  // Absent hash / MGF mean SHA-1, which Kyso does not accept.
  if (!hash || !mgfHash) throw new UnsupportedAlgorithmError(OID.sha1);
  if (hash !== mgfHash) throw new UnsupportedAlgorithmError(OID.mgf1);
  return { hash, saltLength };
}

/**
 * Reads a signature AlgorithmIdentifier. `digestHash` is the digest algorithm next to it (CMS), needed
 * when the signature OID is plain rsaEncryption (as OpenSSL writes in CMS).
 */
export function parseSignatureAlgorithm(der: Uint8Array, digestHash?: HashAlgorithm): SignatureAlgorithm {
  const { oid, parameters } = readAlgorithmIdentifier(der);
  const rsa = reverseLookup(RSA_PKCS1_OIDS, oid);
  if (rsa) return { scheme: 'RSASSA-PKCS1-v1_5', hash: rsa };
  const ec = reverseLookup(ECDSA_OIDS, oid);
  if (ec) return { scheme: 'ECDSA', hash: ec };
  if (oid === OID.rsaEncryption && digestHash) return { scheme: 'RSASSA-PKCS1-v1_5', hash: digestHash };
  if (oid === OID.rsassaPss && parameters) return { scheme: 'RSA-PSS', ...parseRsaPssParameters(parameters) };
  throw new UnsupportedAlgorithmError(oid);
}
