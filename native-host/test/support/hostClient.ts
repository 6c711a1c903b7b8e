/** Test side of the host client: raw frames (also malformed ones) and the shared client. */
export { HostClient, type Reply } from '../../src/client/hostClient.js';

/** A frame around any body, also bytes that are not JSON (for framing tests). */
export function frame(json: string | Buffer): Buffer {
  const body = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
