/**
 * An ArrayBuffer holding exactly these bytes, for pkijs/asn1js and WebCrypto.
 * Always copies: a Node Buffer is a Uint8Array view into a shared pool, and its own
 * `slice()` does not copy, so the pool would otherwise leak into the parser.
 */
export function derBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}
