/**
 * Native messaging input framing: a 4-byte native-endian length, then that
 * many bytes of UTF-8 JSON. Chunks are queued and concatenated once per frame.
 * A length above the limit is reported at once and its body is skipped as it
 * arrives, without ever being stored, so the stream stays in step.
 */
import { endianness } from 'node:os';

export type FrameEvent = { kind: 'frame'; payload: Buffer } | { kind: 'oversize'; length: number };

const readLength: (b: Buffer, offset: number) => number =
  endianness() === 'LE' ? (b, o) => b.readUInt32LE(o) : (b, o) => b.readUInt32BE(o);

export class FrameReader {
  private readonly maxBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the frame being read, or -1 while reading a header. */
  private expected = -1;
  /** Bytes of an oversize body still to discard. */
  private skipping = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Feeds a chunk; returns the events it completes, in order. */
  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let rest = chunk;
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, rest.length);
      this.skipping -= n;
      rest = rest.subarray(n);
    }
    if (rest.length === 0) return events;
    this.chunks.push(rest);
    this.buffered += rest.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const header = this.take(4);
        const length = readLength(header, 0);
        if (length > this.maxBytes) {
          events.push({ kind: 'oversize', length });
          const n = Math.min(length, this.buffered);
          this.take(n);
          this.skipping = length - n;
          if (this.skipping > 0) break;
          continue;
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      events.push({ kind: 'frame', payload: this.take(this.expected) });
      this.expected = -1;
    }
    return events;
  }

  /** True when the stream ended in the middle of a frame. */
  get midFrame(): boolean {
    return this.buffered > 0 || this.expected >= 0 || this.skipping > 0;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, n);
    const left = all.subarray(n);
    this.chunks = left.length > 0 ? [left] : [];
    this.buffered = left.length;
    return out;
  }
}
