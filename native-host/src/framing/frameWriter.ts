/** Native messaging output framing: 4-byte native-endian length + UTF-8 JSON. */
import { endianness } from 'node:os';

const LITTLE = endianness() === 'LE';

export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  const out = Buffer.allocUnsafe(4 + body.length);
  if (LITTLE) out.writeUInt32LE(body.length, 0);
  else out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}
