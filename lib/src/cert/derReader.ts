/**
 * THE strict, zero-copy DER reader of `lib`: certificates (description and path validation), CMS,
 * keys and signatures all read TLVs in place through it.
 *
 * Why not asn1js here: measured on this machine, `asn1js.fromBER` alone takes ~6× node-forge's whole
 * certificate parse (it eagerly re-parses every BIT/OCTET STRING as nested ASN.1). The description only
 * needs to walk known structures, so it reads TLV headers in place; pkijs/asn1js stay the engine for
 * signatures and path validation (see `CertificateDescription.toPkijs`).
 *
 * Every failure is a `KysoError('INVALID_REQUEST')`.
 */

import { bytesToHex } from '../encoding/binaryInput.js';
import { KysoError } from '../protocol/kysoError.js';

/** One TLV: `start` is the tag byte, `valueStart..end` the contents. */
export interface Tlv {
  /** The full identifier byte (class, constructed bit, tag number ≤ 30). */
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function malformed(what: string): KysoError {
  return new KysoError('INVALID_REQUEST', `malformed DER: ${what}`);
}

/** Reads the TLV starting at `offset`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length, what = 'DER element'): Tlv {
  if (offset + 2 > limit) throw malformed(`${what} is truncated`);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw malformed(`${what} uses a high tag number`);
  let pos = offset + 1;
  let len = buf[pos++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw malformed(`${what} uses indefinite length (not DER)`);
    if (n > 4) throw malformed(`${what} has an oversized length`);
    if (pos + n > limit) throw malformed(`${what} length is truncated`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++]!;
  }
  const end = pos + len;
  if (end > limit) throw malformed(`${what} runs past its container`);
  return { tag, start: offset, valueStart: pos, end };
}

/** Reads a TLV and checks its tag. */
export function expectTlv(buf: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const t = readTlv(buf, offset, limit, what);
  if (t.tag !== tag)
    throw malformed(`${what} has tag 0x${t.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return t;
}

/** All direct children of a constructed TLV; they must fill it exactly. */
export function childrenOf(buf: Uint8Array, parent: Tlv, what = 'DER element'): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw malformed(`${what} is not constructed`);
  const out: Tlv[] = [];
  let pos = parent.valueStart;
  while (pos < parent.end) {
    const child = readTlv(buf, pos, parent.end, what);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** The contents octets of a TLV. */
export function contents(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.valueStart, t.end);
}

/** The whole encoding (identifier, length and contents) of a TLV. */
export function tlvBytes(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** Dotted OID text of an OBJECT IDENTIFIER's contents. */
export function decodeOid(buf: Uint8Array, t: Tlv, what = 'OID'): string {
  if (t.tag !== TAG.OID) throw malformed(`${what} is not an OID`);
  if (t.end === t.valueStart) throw malformed(`${what} is an empty OID`);
  const parts: number[] = [];
  let value = 0;
  let first = true;
  for (let i = t.valueStart; i < t.end; i++) {
    const b = buf[i]!;
    if (value === 0 && b === 0x80) throw malformed(`${what} has a non-minimal OID arc`);
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) throw malformed(`${what} has an oversized OID arc`);
    if ((b & 0x80) === 0) {
      if (first) {
        const a = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(a, value - a * 40);
        first = false;
      } else parts.push(value);
      value = 0;
    }
  }
  if ((buf[t.end - 1]! & 0x80) !== 0) throw malformed(`${what} has an unterminated OID arc`);
  return parts.join('.');
}

/** Dotted OID text of OBJECT IDENTIFIER contents given on their own. */
export function decodeOidContents(content: Uint8Array): string {
  return decodeOid(content, { tag: TAG.OID, start: 0, valueStart: 0, end: content.length });
}

export function decodeBoolean(buf: Uint8Array, t: Tlv, what: string): boolean {
  if (t.tag !== TAG.BOOLEAN || t.end - t.valueStart !== 1) throw malformed(`${what} is not a BOOLEAN`);
  return buf[t.valueStart] !== 0;
}

/** INTEGER as lower-case hex of its magnitude bytes (the DER sign byte 00 removed). */
export function decodeIntegerHex(buf: Uint8Array, t: Tlv, what: string): string {
  if (t.tag !== TAG.INTEGER || t.end === t.valueStart) throw malformed(`${what} is not an INTEGER`);
  let start = t.valueStart;
  if (buf[start] === 0 && start + 1 < t.end) start++;
  let s = '';
  for (let i = start; i < t.end; i++) s += HEX[buf[i]!];
  return s;
}

/** Small non-negative INTEGER (path lengths, versions). */
export function decodeSmallInteger(buf: Uint8Array, t: Tlv, what: string): number {
  if (t.tag !== TAG.INTEGER && t.tag !== 0x80) throw malformed(`${what} is not an INTEGER`);
  const n = t.end - t.valueStart;
  if (n === 0 || n > 6 || (buf[t.valueStart]! & 0x80) !== 0) throw malformed(`${what} is out of range`);
  let v = 0;
  for (let i = t.valueStart; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

/** Bit length of an unsigned big-endian magnitude (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Lower-case hex (whole certificates too: the encoding module's Buffer fast path applies). */
export function hexOf(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}
