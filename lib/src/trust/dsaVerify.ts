/**
 * DSA signature verification (FIPS 186-4 §4.7) with BigInt, since WebCrypto has no DSA.
 * Only verification; used for old certificates and the PKITS DSA cases.
 */
import * as asn1js from 'asn1js';

export interface DsaParams {
  p: bigint;
  q: bigint;
  g: bigint;
}

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function integerValue(block: asn1js.AsnType | undefined): bigint {
  if (!(block instanceof asn1js.Integer)) throw new Error('expected INTEGER');
  return toBigInt(new Uint8Array(block.valueBlock.valueHexView));
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

/** Reads Dss-Parms (SEQUENCE { p, q, g }). Throws on malformed input. */
export function parseDsaParams(der: ArrayBuffer): DsaParams {
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) throw new Error('bad DSA parameters');
  const [p, q, g] = asn.result.valueBlock.value;
  return { p: integerValue(p), q: integerValue(q), g: integerValue(g) };
}

/** Verifies a DER Dss-Sig-Value over `digest` with public value `publicKeyDer` (an INTEGER). */
export function dsaVerifyDigest(
  params: DsaParams,
  publicKeyDer: ArrayBuffer,
  digest: Uint8Array,
  signatureDer: Uint8Array,
): boolean {
  const keyAsn = asn1js.fromBER(publicKeyDer);
  if (keyAsn.offset === -1) return false;
  const y = integerValue(keyAsn.result);
  const sigAsn = asn1js.fromBER(signatureDer);
  if (sigAsn.offset === -1 || !(sigAsn.result instanceof asn1js.Sequence)) return false;
  const [rBlock, sBlock] = sigAsn.result.valueBlock.value;
  const r = integerValue(rBlock);
  const s = integerValue(sBlock);
  const { p, q, g } = params;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const qBits = q.toString(2).length;
  let z = toBigInt(digest);
  const hashBits = digest.length * 8;
  if (hashBits > qBits) z >>= BigInt(hashBits - qBits);
  const w = modInverse(s, q);
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}
