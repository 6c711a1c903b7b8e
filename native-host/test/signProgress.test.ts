import { describe, expect, it } from 'vitest';
import { streamedProgress, throttledProgress } from '../src/signProgress.js';

describe('throttledProgress', () => {
  it('reports at most once every 50 ms, counted from the start and from the last event', () => {
    let now = 0;
    const seen: { done: number; total: number }[] = [];
    const onSigned = throttledProgress(
      (p) => seen.push(p),
      () => now,
    );
    onSigned(1, 100);
    now = 49;
    onSigned(2, 100);
    now = 50;
    onSigned(3, 100);
    now = 99;
    onSigned(4, 100);
    now = 100;
    onSigned(5, 100);
    expect(seen).toEqual([
      { done: 3, total: 100 },
      { done: 5, total: 100 },
    ]);
  });

  it('never reports the last digest: the reply says that', () => {
    let now = 0;
    const seen: number[] = [];
    const onSigned = throttledProgress(
      (p) => seen.push(p.done),
      () => now,
    );
    for (let i = 1; i <= 3; i++) {
      now += 60;
      onSigned(i, 3);
    }
    expect(seen).toEqual([1, 2]);
  });

  it('streamed: each event carries the signatures made since the previous one; sent() counts them', () => {
    let now = 0;
    const seen: { done: number; signatures?: string[] }[] = [];
    const stream = streamedProgress(
      (p) => seen.push({ done: p.done, signatures: p.signatures }),
      () => now,
    );
    const made: string[] = [];
    for (let i = 1; i <= 6; i++) {
      made.push(`s${i}`);
      now += 30;
      stream.onSigned(i, 6, made);
    }
    // Due at 60 ms (2 done) and 120 ms (4 done); never for the last digest.
    expect(seen).toEqual([
      { done: 2, signatures: ['s1', 's2'] },
      { done: 4, signatures: ['s3', 's4'] },
    ]);
    expect(stream.sent()).toBe(4);
  });
});
