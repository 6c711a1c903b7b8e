import { PassThrough } from 'node:stream';
import { HOST_TO_BROWSER_MAX_BYTES, type HostRequest, KysoError } from '@kyso/lib/protocol';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../src/framing/frameWriter.js';
import { HostMethods, type MethodEvents } from '../src/hostMethods.js';
import { encodeReply, runMessageLoop } from '../src/messageLoop.js';

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

describe('runMessageLoop', () => {
  it("writes a reply before the method's after-reply work (a sign's logout), then runs it", async () => {
    const order: string[] = [];
    const methods = new (class extends HostMethods {
      override async call(_request: HostRequest, events?: MethodEvents): Promise<never> {
        events?.afterReply?.(() => order.push('logout'));
        order.push('signed');
        return { signatures: [] } as never;
      }
    })();
    const input = new PassThrough();
    const finished = new Promise<void>((resolve) =>
      runMessageLoop(methods, {
        input,
        write: (frame) => order.push(`reply ${JSON.stringify(body(frame))}`),
        done: () => resolve(),
      }),
    );
    input.end(encodeFrame(JSON.stringify({ v: 1, id: 5, method: 'listTokens' })));
    await finished;
    expect(order).toEqual(['signed', 'reply {"v":1,"id":5,"result":{"signatures":[]}}', 'logout']);
  });
});
