/** The back-off of a watching page after failed checks (pageWatch.ts; its spacing in Chromium: test/e2e/pageWatch.test.ts). */
import { describe, expect, it } from 'vitest';
import { backOffSeconds, MAX_BACKOFF_SECONDS } from '../../src/web/client/checkBackOff.js';

describe('backOffSeconds', () => {
  it('doubles the delay with each failure in a row', () => {
    expect([0, 1, 2, 3, 4].map((n) => backOffSeconds(1, n))).toEqual([1, 2, 4, 8, 16]);
    expect([0, 1, 2].map((n) => backOffSeconds(2, n))).toEqual([2, 4, 8]);
  });

  it('stops growing at MAX_BACKOFF_SECONDS, however many failures', () => {
    expect(MAX_BACKOFF_SECONDS).toBe(30);
    expect(backOffSeconds(1, 4)).toBe(16);
    expect(backOffSeconds(1, 5)).toBe(30);
    expect(backOffSeconds(2, 4)).toBe(30);
    expect(backOffSeconds(5, 3)).toBe(30);
    expect(backOffSeconds(1, 1000)).toBe(30);
  });

  it('never checks more often than the page itself does when its delay is longer than the cap', () => {
    expect(backOffSeconds(60, 0)).toBe(60);
    expect(backOffSeconds(60, 1)).toBe(60);
    expect(backOffSeconds(60, 5)).toBe(60);
  });
});
