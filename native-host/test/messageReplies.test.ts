import { HOST_TO_BROWSER_MAX_BYTES, KysoError } from '@kyso/lib/protocol';
import { describe, expect, it } from 'vitest';
import { encodeReply } from '../src/messageLoop.js';

const body = (frame: Buffer): unknown => JSON.parse(frame.subarray(4).toString('utf8'));

describe('encodeReply', () => {
  it('frames results and errors with the request id', () => {
    expect(body(encodeReply(3, { result: { tokens: [] } }))).toEqual({ v: 1, id: 3, result: { tokens: [] } });
    expect(body(encodeReply(null, { error: new KysoError('INVALID_REQUEST', 'bad') }))).toEqual({
      v: 1,
      id: null,
      error: { code: 'INVALID_REQUEST', message: 'bad' },
    });
  });

  it('never sends more than the browser accepts: an oversize result becomes an error', () => {
    const huge = { blob: 'x'.repeat(HOST_TO_BROWSER_MAX_BYTES) };
    const frame = encodeReply('big', { result: huge });
    expect(frame.length).toBeLessThan(1000);
    expect(body(frame)).toMatchObject({ id: 'big', error: { code: 'INTERNAL' } });
    const fits = { blob: 'x'.repeat(HOST_TO_BROWSER_MAX_BYTES - 100) };
    expect(encodeReply('ok', { result: fits }).length - 4).toBeLessThanOrEqual(HOST_TO_BROWSER_MAX_BYTES);
  });
});
