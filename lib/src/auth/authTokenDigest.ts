/**
 * The value a login token signs, as Web eID `web-eid:1.0` defines it: the signature is over
 * H(origin) ‖ H(nonce), H being the hash of the token's algorithm, so a signer working on digests
 * signs H(H(origin) ‖ H(nonce)). Hashing each part first separates the fields. The nonce is hashed as
 * the UTF-8 bytes of its base64 text, exactly as the server handed it out.
 */
import { concatBytes } from '../crypto/derWriter.js';
import { digest, type HashAlgorithm } from '../crypto/hashAlgorithms.js';

const utf8 = new TextEncoder();

/** H(origin) ‖ H(nonce): the data a verifier passes to a verify-with-hash primitive. */
export async function authTokenSignedData(
  origin: string,
  nonce: string,
  hash: HashAlgorithm,
): Promise<Uint8Array> {
  const [o, n] = await Promise.all([digest(hash, utf8.encode(origin)), digest(hash, utf8.encode(nonce))]);
  return concatBytes([o, n]);
}

/** H(H(origin) ‖ H(nonce)): the digest a token signs. */
export async function authTokenDigest(
  origin: string,
  nonce: string,
  hash: HashAlgorithm,
): Promise<Uint8Array> {
  return digest(hash, await authTokenSignedData(origin, nonce, hash));
}
