import { describe, expect, it } from 'vitest';
import { FrameReader } from '../src/framing/frameReader.js';
import { encodeFrame } from '../src/framing/frameWriter.js';

const payloads = (events: ReturnType<FrameReader['push']>): string[] =>
  events.map((e) => (e.kind === 'frame' ? e.payload.toString() : `oversize:${e.length}`));

describe('FrameReader', () => {
  it('reads several frames from one chunk and a frame split across chunks', () => {
    const r = new FrameReader(100);
    const all = Buffer.concat([encodeFrame('{"a":1}'), encodeFrame('[]'), encodeFrame('"xyz"')]);
    expect(payloads(r.push(all.subarray(0, 13)))).toEqual(['{"a":1}']);
    expect(r.midFrame).toBe(true);
    expect(payloads(r.push(all.subarray(13)))).toEqual(['[]', '"xyz"']);
    expect(r.midFrame).toBe(false);
  });

  it('accepts a frame of exactly the limit and reports one above it', () => {
    const r = new FrameReader(5);
    expect(payloads(r.push(encodeFrame('12345')))).toEqual(['12345']);
    expect(payloads(r.push(encodeFrame('123456')))).toEqual(['oversize:6']);
    expect(r.midFrame).toBe(false);
  });

  it('skips an oversize body arriving over several chunks, then reads the next frame', () => {
    const r = new FrameReader(4);
    const big = encodeFrame('0123456789');
    expect(payloads(r.push(big.subarray(0, 6)))).toEqual(['oversize:10']);
    expect(r.midFrame).toBe(true);
    expect(payloads(r.push(big.subarray(6, 10)))).toEqual([]);
    expect(payloads(r.push(Buffer.concat([big.subarray(10), encodeFrame('ok')])))).toEqual(['ok']);
  });

  it('keeps nothing for a 4 GiB length prefix', () => {
    const r = new FrameReader(1024);
    const h = Buffer.alloc(4);
    h.writeUInt32LE(0xffffffff, 0);
    expect(payloads(r.push(h))).toEqual([`oversize:${0xffffffff}`]);
    expect(payloads(r.push(Buffer.alloc(1000)))).toEqual([]);
    expect(r.midFrame).toBe(true);
  });

  it('handles an empty frame', () => {
    expect(payloads(new FrameReader(10).push(encodeFrame('')))).toEqual(['']);
  });
});
