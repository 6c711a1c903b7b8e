/**
 * The host's stdio loop: frames in, one reply per request out, in order.
 * Requests are handled one at a time (PKCS#11 sessions are not shared), so
 * several requests in flight are answered in the order they came.
 */
import {
  BROWSER_TO_HOST_MAX_BYTES,
  HOST_PROTOCOL_VERSION,
  HOST_TO_BROWSER_MAX_BYTES,
  KysoError,
  readRequestId,
  validateHostRequest,
} from '@kyso/lib/protocol';
import { type FrameEvent, FrameReader } from './framing/frameReader.js';
import { encodeFrame } from './framing/frameWriter.js';
import { hostLog } from './hostLog.js';
import type { HostMethods } from './hostMethods.js';

type RequestId = string | number | null;

/** Serialises a reply; a result that would break the browser's 1 MiB cap becomes an error. */
export function encodeReply(id: RequestId, outcome: { result: unknown } | { error: KysoError }): Buffer {
  if ('result' in outcome) {
    const frame = encodeFrame(JSON.stringify({ v: HOST_PROTOCOL_VERSION, id, result: outcome.result }));
    if (frame.length - 4 <= HOST_TO_BROWSER_MAX_BYTES) return frame;
    hostLog('error', 'reply too large for the browser', { bytes: frame.length - 4 });
    return encodeReply(id, {
      error: new KysoError(
        'INTERNAL',
        `reply of ${frame.length - 4} bytes exceeds ${HOST_TO_BROWSER_MAX_BYTES}`,
      ),
    });
  }
  return encodeFrame(JSON.stringify({ v: HOST_PROTOCOL_VERSION, id, error: outcome.error.toWire() }));
}

/** Serialises an event sent before the reply to request `id`. */
export function encodeEvent(id: string | number, event: string, data: unknown): Buffer {
  return encodeFrame(JSON.stringify({ v: HOST_PROTOCOL_VERSION, id, event, data }));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface LoopIo {
  input: NodeJS.ReadableStream;
  write(frame: Buffer): void;
  /** Called once when the input has ended and every reply is written. */
  done(reason: 'end' | 'truncated'): void;
}

export function runMessageLoop(methods: HostMethods, io: LoopIo): void {
  const reader = new FrameReader(BROWSER_TO_HOST_MAX_BYTES);
  let queue: Promise<void> = Promise.resolve();

  const handle = async (event: FrameEvent): Promise<void> => {
    if (event.kind === 'oversize') {
      hostLog('warn', 'frame above the size limit refused', { bytes: event.length });
      io.write(
        encodeReply(null, {
          error: new KysoError(
            'INVALID_REQUEST',
            `frame of ${event.length} bytes exceeds ${BROWSER_TO_HOST_MAX_BYTES}`,
          ),
        }),
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(event.payload));
    } catch {
      io.write(encodeReply(null, { error: new KysoError('INVALID_REQUEST', 'frame is not UTF-8 JSON') }));
      return;
    }
    const id = readRequestId(parsed);
    // Run once the reply is out (a sign's logout and session close).
    const afterReply: (() => void)[] = [];
    try {
      const request = validateHostRequest(parsed);
      const started = performance.now();
      const result = await methods.call(request, {
        progress: (data) => io.write(encodeEvent(request.id, 'progress', data)),
        afterReply: (work) => afterReply.push(work),
      });
      hostLog('debug', 'request done', {
        method: request.method,
        ms: Math.round(performance.now() - started),
      });
      io.write(encodeReply(request.id, { result }));
    } catch (e) {
      const error =
        e instanceof KysoError
          ? e
          : new KysoError('INTERNAL', e instanceof Error ? e.message : 'unexpected failure');
      if (error.code === 'INTERNAL') hostLog('error', 'request failed', { error: error.message });
      io.write(encodeReply(id, { error }));
    } finally {
      for (const work of afterReply) work();
    }
  };

  const failed = (e: unknown): void => {
    hostLog('error', 'could not answer a frame', { error: e instanceof Error ? e.message : String(e) });
  };
  io.input.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk)) queue = queue.then(() => handle(event)).catch(failed);
  });
  io.input.on('end', () => {
    const truncated = reader.midFrame;
    queue = queue.then(() => {
      if (truncated) {
        hostLog('warn', 'input ended in the middle of a frame');
        io.write(encodeReply(null, { error: new KysoError('INVALID_REQUEST', 'truncated frame') }));
      }
      io.done(truncated ? 'truncated' : 'end');
    });
  });
}
