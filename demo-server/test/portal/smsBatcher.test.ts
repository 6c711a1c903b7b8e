/** The SMS batcher's policy (fake timers: no real waiting, no timing assertions) and the batch answer reader. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  readSmsBatchAnswer,
  SmsBatcher,
  type SmsMessage,
  type SmsOutcome,
} from '../../src/portal/externals/smsBatcher.js';

const OK: SmsOutcome = { ok: true, value: true };

/** A gateway whose answers the test releases by hand; records every batch it received. */
function manualGateway() {
  const batches: SmsMessage[][] = [];
  const answers: ((outcomes: readonly SmsOutcome[]) => void)[] = [];
  const failures: ((e: unknown) => void)[] = [];
  const send = (messages: readonly SmsMessage[]) =>
    new Promise<readonly SmsOutcome[]>((resolve, reject) => {
      batches.push([...messages]);
      answers.push(resolve);
      failures.push(reject);
    });
  return { batches, answers, failures, send };
}

/** Settles when the promise does; `pending` until then. */
function track<T>(p: Promise<T>): { value: T | 'pending' } {
  const box: { value: T | 'pending' } = { value: 'pending' };
  void p.then((v) => {
    box.value = v;
  });
  return box;
}

const texts = (batches: SmsMessage[][]) => batches.map((b) => b.map((m) => m.text));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SmsBatcher', () => {
  it('sends the first message after a quiet period at once, with what arrives in the same turn', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 100 });
    void b.send('0912000001', 'a');
    void b.send('0912000002', 'b');
    expect(g.batches).toEqual([]);
    // One event-loop turn later (setImmediate), not after the gap.
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(g.batches)).toEqual([['a', 'b']]);
    expect(g.batches[0]?.[0]).toEqual({ to: '0912000001', text: 'a' });
    b.close();
  });

  it('while sends are frequent, holds messages until the gap after the previous batch, then sends them together', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 100 });
    void b.send('0912000001', 'first');
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(g.batches)).toEqual([['first']]);
    await vi.advanceTimersByTimeAsync(5);
    void b.send('0912000002', 'second');
    await vi.advanceTimersByTimeAsync(10);
    void b.send('0912000003', 'third');
    await vi.advanceTimersByTimeAsync(9);
    // 24 ms after the first batch left: still waiting.
    expect(texts(g.batches)).toEqual([['first']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(texts(g.batches)).toEqual([['first'], ['second', 'third']]);
    // The first batch is still unanswered: several batches are in flight at once.
    expect(g.answers).toHaveLength(2);
    // Quiet for longer than the gap: the next message goes at once again.
    await vi.advanceTimersByTimeAsync(100);
    void b.send('0912000004', 'fourth');
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(g.batches)).toEqual([['first'], ['second', 'third'], ['fourth']]);
  });

  it('never puts more than maxBatch in one request: a full batch leaves at once, the rest in the next', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 3 });
    for (const t of ['1', '2', '3', '4', '5', '6', '7']) void b.send('0912000001', t);
    // Two full batches left without waiting for the turn to end.
    expect(texts(g.batches)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    await vi.advanceTimersByTimeAsync(24);
    expect(g.batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(texts(g.batches)).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
  });

  it('routes each result to its own caller', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 100 });
    const first = b.send('0912000001', 'a');
    const second = b.send('0969000503', 'b');
    const third = b.send('0912000003', 'c');
    await vi.advanceTimersByTimeAsync(0);
    g.answers[0]?.([OK, { ok: false, failure: 'unavailable' }, { ok: false, failure: 'timeout' }]);
    expect(await first).toEqual(OK);
    expect(await second).toEqual({ ok: false, failure: 'unavailable' });
    expect(await third).toEqual({ ok: false, failure: 'timeout' });
  });

  it('fails every message of a batch whose sender failed, and only those', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 2 });
    const inFirst = [b.send('0912000001', 'a'), b.send('0912000002', 'b')];
    const inSecond = b.send('0912000003', 'c');
    await vi.advanceTimersByTimeAsync(25);
    expect(g.batches).toHaveLength(2);
    g.failures[0]?.(new Error('socket hang up'));
    g.answers[1]?.([OK]);
    expect(await Promise.all(inFirst)).toEqual([
      { ok: false, failure: 'unavailable' },
      { ok: false, failure: 'unavailable' },
    ]);
    expect(await inSecond).toEqual(OK);
  });

  it('fails a whole batch with invalidResponse when the sender gives another number of outcomes', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 100 });
    const sent = [b.send('0912000001', 'a'), b.send('0912000002', 'b')];
    await vi.advanceTimersByTimeAsync(0);
    g.answers[0]?.([OK]);
    expect(await Promise.all(sent)).toEqual([
      { ok: false, failure: 'invalidResponse' },
      { ok: false, failure: 'invalidResponse' },
    ]);
  });

  it('fails the batch as unavailable when the sender throws instead of returning a promise', async () => {
    const b = new SmsBatcher(
      () => {
        throw new Error('no socket');
      },
      { gapMs: 25, maxBatch: 100 },
    );
    const sent = b.send('0912000001', 'a');
    await vi.advanceTimersByTimeAsync(0);
    expect(await sent).toEqual({ ok: false, failure: 'unavailable' });
  });

  it('close sends what waits at once and leaves no timer; later messages go at once, each on its own', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 1000, maxBatch: 100 });
    void b.send('0912000001', 'a');
    await vi.advanceTimersByTimeAsync(0);
    const waiting = track(b.send('0912000002', 'b'));
    expect(vi.getTimerCount()).toBe(1);
    b.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(texts(g.batches)).toEqual([['a'], ['b']]);
    g.answers[1]?.([OK]);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.value).toEqual(OK);
    void b.send('0912000003', 'c');
    void b.send('0912000004', 'd');
    expect(texts(g.batches)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close during the turn a quiet-time batch collects sends it at once and cancels the setImmediate', async () => {
    const g = manualGateway();
    const b = new SmsBatcher(g.send, { gapMs: 25, maxBatch: 100 });
    void b.send('0912000001', 'a');
    void b.send('0912000002', 'b');
    expect(vi.getTimerCount()).toBe(1);
    b.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(texts(g.batches)).toEqual([['a', 'b']]);
    await vi.advanceTimersByTimeAsync(0);
    expect(g.batches).toHaveLength(1);
  });

  it('refuses settings outside the documented ranges', () => {
    const send = manualGateway().send;
    expect(() => new SmsBatcher(send, { gapMs: 0, maxBatch: 10 })).toThrow(RangeError);
    expect(() => new SmsBatcher(send, { gapMs: 1001, maxBatch: 10 })).toThrow(RangeError);
    expect(() => new SmsBatcher(send, { gapMs: 25, maxBatch: 0 })).toThrow(RangeError);
    expect(() => new SmsBatcher(send, { gapMs: 25, maxBatch: 101 })).toThrow(RangeError);
    expect(() => new SmsBatcher(send, { gapMs: 1, maxBatch: 1 })).not.toThrow();
  });
});

describe('readSmsBatchAnswer', () => {
  const sent = { id: 'm1', to: '0912000001', sentAt: '2026-11-27T14:00:00.000Z' };

  it('maps each result in order: an id is sent, UPSTREAM_TIMEOUT a timeout, any other error unavailable', () => {
    const answer = {
      results: [
        sent,
        { error: { code: 'UPSTREAM_TIMEOUT', message: 'x' } },
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'x' } },
        { error: { code: 'INVALID_REQUEST', message: 'x' } },
      ],
    };
    expect(readSmsBatchAnswer({ ok: true, value: answer }, 4)).toEqual([
      OK,
      { ok: false, failure: 'timeout' },
      { ok: false, failure: 'unavailable' },
      { ok: false, failure: 'unavailable' },
    ]);
  });

  it('fails every message with the HTTP failure (a missing endpoint counts as unavailable)', () => {
    expect(readSmsBatchAnswer({ ok: false, failure: 'timeout' }, 2)).toEqual([
      { ok: false, failure: 'timeout' },
      { ok: false, failure: 'timeout' },
    ]);
    expect(readSmsBatchAnswer({ ok: false, failure: 'notFound' }, 1)).toEqual([
      { ok: false, failure: 'unavailable' },
    ]);
  });

  it('fails every message with invalidResponse on a malformed answer or a wrong count', () => {
    const invalid2 = [
      { ok: false, failure: 'invalidResponse' },
      { ok: false, failure: 'invalidResponse' },
    ];
    for (const value of [
      null,
      'sent',
      {},
      { results: 'no' },
      { results: [sent] },
      { results: [sent, sent, sent] },
      { results: [sent, null] },
      { results: [sent, { error: 'down' }] },
      { results: [sent, { id: 7 }] },
    ])
      expect(readSmsBatchAnswer({ ok: true, value }, 2)).toEqual(invalid2);
  });
});
