/**
 * Raw RSA PKCS#1 v1.5 signatures over a digest the client computed (what a SIM or a remote
 * HSM does): the DER DigestInfo is built here and padded/encrypted with the private key,
 * so the digest is not hashed a second time.
 */
import { constants, type KeyObject, privateEncrypt } from 'node:crypto';

export interface HashAlgorithm {
  name: 'SHA-256' | 'SHA-384' | 'SHA-512';
  oid: string;
  /** Digest length in bytes. */
  length: number;
  /** DER of DigestInfo up to the digest OCTET STRING contents. */
  digestInfoPrefix: Buffer;
}

const HASHES: readonly HashAlgorithm[] = [
  {
    name: 'SHA-256',
    oid: '2.16.840.1.101.3.4.2.1',
    length: 32,
    digestInfoPrefix: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  },
  {
    name: 'SHA-384',
    oid: '2.16.840.1.101.3.4.2.2',
    length: 48,
    digestInfoPrefix: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  },
  {
    name: 'SHA-512',
    oid: '2.16.840.1.101.3.4.2.3',
    length: 64,
    digestInfoPrefix: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
  },
];

/** Accepts "SHA-256", "sha256", "SHA256" or the OID "2.16.840.1.101.3.4.2.1" (and 384/512). */
export function hashAlgorithmOf(input: string): HashAlgorithm | undefined {
  const compact = input.trim().toUpperCase().replace(/[-_]/g, '');
  return HASHES.find((h) => h.oid === input.trim() || h.name.replace('-', '') === compact);
}

export const SUPPORTED_HASHES = HASHES.map((h) => h.name);

/** Strict base64 (standard or URL-safe alphabet, padding optional) → bytes, or undefined. */
export function decodeBase64(input: string): Buffer | undefined {
  const s = input.trim();
  if (s.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const bytes = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length > 0 ? bytes : undefined;
}

/** RSASSA-PKCS1-v1_5 over an already computed digest. */
export function signDigest(privateKey: KeyObject, hash: HashAlgorithm, digest: Uint8Array): Buffer {
  if (digest.length !== hash.length) throw new RangeError(`a ${hash.name} digest has ${hash.length} bytes`);
  return privateEncrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([hash.digestInfoPrefix, digest]),
  );
}
