/**
 * Binary input accepted everywhere in `lib`: DER bytes, PEM text (one or more blocks) or base64 text.
 * Works in browsers and Node. Encoding to base64 and hex uses Node's Buffer when there is one (several
 * times faster for a certificate-sized input, on the login-token hot path); the portable encoders give the
 * same text everywhere else (both are tested against each other).
 */
import { KysoError } from '../protocol/kysoError.js';

export type BinaryInput = Uint8Array | ArrayBuffer | string;

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int16Array(256).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_LOOKUP[B64_ALPHABET.charCodeAt(i)] = i;
B64_LOOKUP['-'.charCodeAt(0)] = 62; // base64url
B64_LOOKUP['_'.charCodeAt(0)] = 63;

/** Decodes standard or URL-safe base64 (whitespace ignored, padding optional). Throws INVALID_REQUEST. */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) throw new KysoError('INVALID_REQUEST', 'invalid base64 length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64_LOOKUP[clean.charCodeAt(i) & 0xff] ?? -1;
    if (v < 0 || clean.charCodeAt(i) > 0xff)
      throw new KysoError('INVALID_REQUEST', `invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}

/** Node's Buffer, when present (only its encoders are used). */
interface NodeBufferApi {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: string): string };
}
const nodeBuffer = (globalThis as { Buffer?: NodeBufferApi }).Buffer;
/** Below this size the portable loops beat creating a Buffer view. */
const BUFFER_MIN_BYTES = 32;

export function bytesToBase64(bytes: Uint8Array | ArrayBuffer): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (nodeBuffer && b.length >= BUFFER_MIN_BYTES)
    return nodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  return portableBytesToBase64(b);
}

/** bytesToBase64 without Buffer (what browsers run). */
export function portableBytesToBase64(b: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    out +=
      B64_ALPHABET[n >> 18]! +
      B64_ALPHABET[(n >> 12) & 63]! +
      B64_ALPHABET[(n >> 6) & 63]! +
      B64_ALPHABET[n & 63]!;
  }
  if (i < b.length) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8);
    out += B64_ALPHABET[n >> 18]! + B64_ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64_ALPHABET[(n >> 6) & 63]! + '=' : '==';
  }
  return out;
}

export function bytesToBase64Url(bytes: Uint8Array | ArrayBuffer): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const HEX_DIGITS: string[] = [];
for (let i = 0; i < 256; i++) HEX_DIGITS.push(i.toString(16).padStart(2, '0'));

/** Lower-case hex. */
export function bytesToHex(bytes: Uint8Array | ArrayBuffer): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (nodeBuffer && b.length >= BUFFER_MIN_BYTES)
    return nodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  return portableBytesToHex(b);
}

/** bytesToHex without Buffer (what browsers run). */
export function portableBytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_DIGITS[b[i]!];
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean))
    throw new KysoError('INVALID_REQUEST', 'invalid hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

const PEM_CACHE_LIMIT = 64;
/** Recently decoded PEM texts: servers pass the same trust-anchor bundle on every verification. */
const pemCache = new Map<string, readonly PemBlock[]>();

/** All PEM blocks in a text, in order. Each call returns fresh copies of the bytes. */
export function decodePemBlocks(text: string): PemBlock[] {
  let blocks = pemCache.get(text);
  if (!blocks) {
    const decoded: PemBlock[] = [];
    for (const m of text.matchAll(PEM_RE)) {
      const body = (m[2] ?? '').replace(/^[A-Za-z-]+:.*$/gm, ''); // drop RFC 1421 headers
      decoded.push({ label: m[1]!, der: base64ToBytes(body) });
    }
    if (pemCache.size >= PEM_CACHE_LIMIT) pemCache.delete(pemCache.keys().next().value as string);
    pemCache.set(text, decoded);
    blocks = decoded;
  }
  return blocks.map((b) => ({ label: b.label, der: b.der.slice() }));
}

export function encodePem(label: string, der: Uint8Array | ArrayBuffer): string {
  const b64 = bytesToBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Normalises DER, PEM (first block, or the first with `label`) or base64 to DER bytes.
 * Throws KysoError(INVALID_REQUEST) with a readable message for anything else.
 */
export function toDer(input: BinaryInput, label?: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof input !== 'string') throw new KysoError('INVALID_REQUEST', 'expected bytes, PEM or base64 text');
  const text = input.trim();
  if (text.startsWith('-----BEGIN')) {
    const blocks = decodePemBlocks(text);
    const block = label ? blocks.find((b) => b.label === label) : blocks[0];
    if (!block) throw new KysoError('INVALID_REQUEST', label ? `no PEM block "${label}"` : 'malformed PEM');
    return block.der;
  }
  if (text.length === 0) throw new KysoError('INVALID_REQUEST', 'empty input');
  return base64ToBytes(text);
}

/** Like `toDer`, but returns every PEM block (or the single DER/base64 value). */
export function toDerList(input: BinaryInput, label?: string): Uint8Array[] {
  if (typeof input === 'string' && input.trim().startsWith('-----BEGIN')) {
    return decodePemBlocks(input)
      .filter((b) => !label || b.label === label)
      .map((b) => b.der);
  }
  return [toDer(input, label)];
}

/** A view usable where an exact ArrayBuffer is required (pkijs/asn1js, WebCrypto). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes.buffer;
  // `new Uint8Array(view)` always copies (a Node Buffer's `slice` would not, and would leak its pool).
  return new Uint8Array(bytes).buffer as ArrayBuffer;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
