/**
 * A minimal, strict reader of DER/BER tag-length-value elements, used to slice exact byte ranges
 * (a certificate's issuer, serial number, public key…) without re-encoding them.
 */
import { KysoError } from '../protocol/kysoError.js';

export interface DerElement {
  /** The identifier octet (single-byte tags only, which is all X.509/CMS use). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the last content octet. */
  readonly end: number;
}

function malformed(what: string): KysoError {
  return new KysoError('INVALID_REQUEST', `malformed DER: ${what}`);
}

/** Reads the element starting at `offset`; definite lengths only. Throws KysoError(INVALID_REQUEST). */
export function readElement(bytes: Uint8Array, offset = 0, limit = bytes.length): DerElement {
  if (offset + 2 > limit) throw malformed('truncated header');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw malformed('multi-byte tag');
  let lengthByte = bytes[offset + 1]!;
  let pos = offset + 2;
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else {
    lengthByte &= 0x7f;
    if (lengthByte === 0) throw malformed('indefinite length');
    if (lengthByte > 4 || pos + lengthByte > limit) throw malformed('length too long');
    length = 0;
    for (let i = 0; i < lengthByte; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) throw malformed('content runs past its container');
  return { tag, start: offset, contentStart: pos, end };
}

/** The child elements of a constructed element. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readElement(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** The whole encoding (header and content) of an element. */
export function elementBytes(bytes: Uint8Array, el: DerElement): Uint8Array {
  return bytes.subarray(el.start, el.end);
}

/** The content octets of an element. */
export function elementContent(bytes: Uint8Array, el: DerElement): Uint8Array {
  return bytes.subarray(el.contentStart, el.end);
}

/** Dotted form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) throw malformed('empty OID');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw malformed('OID arc too large');
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else arcs.push(value);
      value = 0;
    } else if (i === content.length - 1) throw malformed('truncated OID');
  }
  return arcs.join('.');
}

/** Decodes a DER UTCTime (0x17) or GeneralizedTime (0x18) element's content to a Date; undefined if invalid. */
export function decodeDerTime(tag: number, content: Uint8Array): Date | undefined {
  const text = new TextDecoder('latin1').decode(content);
  const m =
    tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d{1,9})?Z$/.exec(text)
        : null;
  if (!m) return undefined;
  const n = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const year = tag === 0x17 ? (n[0] >= 50 ? 1900 : 2000) + n[0] : n[0];
  const date = new Date(Date.UTC(year, n[1] - 1, n[2], n[3], n[4], n[5]));
  if (
    date.getUTCMonth() !== n[1] - 1 ||
    date.getUTCDate() !== n[2] ||
    date.getUTCHours() !== n[3] ||
    date.getUTCMinutes() !== n[4] ||
    date.getUTCSeconds() !== n[5]
  )
    return undefined;
  return date;
}
