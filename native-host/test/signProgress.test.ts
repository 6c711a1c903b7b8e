import { describe, expect, it } from 'vitest';
import { throttledProgress } from '../src/signProgress.js';

describe('throttledProgress', () => {
  it('reports every 10 digests while the clock stands still, never the last digest', () => {
    const seen: number[] = [];
    const onSigned = throttledProgress(
      (p) => seen.push(p.done),
      () => 0,
    );
    for (let i = 1; i <= 35; i++) onSigned(i, 35);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('reports sooner when 50 ms have passed since the last event', () => {
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
    now = 60;
    onSigned(4, 100);
    expect(seen).toEqual([{ done: 3, total: 100 }]);
  });
});
