/**
 * A small DER writer: exact, canonical encodings for the structures `lib` builds
 * (CMS SignedData, signed attributes, algorithm identifiers).
 */

function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** An element with the given identifier octet and the concatenated contents. */
export function derTlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(contents);
  return concatBytes([Uint8Array.from([tag, ...lengthOctets(body.length)]), body]);
}

export const derSequence = (...items: readonly Uint8Array[]): Uint8Array => derTlv(0x30, ...items);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF with its elements sorted by encoding, as DER requires (X.690 §11.6). */
export function derSetOf(items: readonly Uint8Array[], tag = 0x31): Uint8Array {
  return derTlv(tag, ...[...items].sort(compareBytes));
}

export function derInteger(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff)
    throw new RangeError('integer out of range');
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return derTlv(0x02, Uint8Array.from(bytes));
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, sign octet added). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  const content =
    trimmed.length > 0 && trimmed[0]! & 0x80 ? concatBytes([Uint8Array.of(0), trimmed]) : trimmed;
  return derTlv(0x02, content.length === 0 ? Uint8Array.of(0) : content);
}

export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => Number.parseInt(s, 10));
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0))
    throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  for (const v of values) {
    const chunk: number[] = [];
    let n = v;
    do {
      chunk.unshift(n % 128);
      n = Math.floor(n / 128);
    } while (n > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return derTlv(0x06, Uint8Array.from(out));
}

export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);

export const derOctetString = (value: Uint8Array): Uint8Array => derTlv(0x04, value);

/** [n] EXPLICIT (constructed context tag). */
export const derExplicit = (n: number, ...contents: readonly Uint8Array[]): Uint8Array =>
  derTlv(0xa0 | n, ...contents);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** RFC 5280/5652 Time: UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds, UTC. */
export function derTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  const text = y >= 1950 && y < 2050 ? pad(y % 100) + rest : pad(y, 4) + rest;
  return derTlv(y >= 1950 && y < 2050 ? 0x17 : 0x18, new TextEncoder().encode(text));
}
