/** The hash functions `lib` signs and verifies with, their OIDs and WebCrypto digesting. */
import { toArrayBuffer } from '../encoding/binaryInput.js';
import { HASH_ALGORITHMS, HASH_LENGTHS, type HashAlgorithm } from '../protocol/hostMessages.js';
import { nodeCrypto, nodeHashName } from './nodeCrypto.js';

export { HASH_ALGORITHMS, HASH_LENGTHS, type HashAlgorithm };

export const HASH_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

const BY_OID: ReadonlyMap<string, HashAlgorithm> = new Map(
  HASH_ALGORITHMS.map((h) => [HASH_OIDS[h], h] as const),
);

/** The hash named by an OID, or undefined for anything Kyso does not accept (SHA-1, MD5…). */
export function hashFromOid(oid: string): HashAlgorithm | undefined {
  return BY_OID.get(oid);
}

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return typeof value === 'string' && (HASH_ALGORITHMS as readonly string[]).includes(value);
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (globalThis.crypto.subtle) is not available');
  return s;
}

export { subtle as webCryptoSubtle };

/** Digest of `data` with the named hash (node:crypto in Node, WebCrypto elsewhere). */
export async function digest(hash: HashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  const node = nodeCrypto();
  if (node) return new Uint8Array(node.createHash(nodeHashName(hash)).update(data).digest());
  return new Uint8Array(await subtle().digest(hash, toArrayBuffer(data)));
}
