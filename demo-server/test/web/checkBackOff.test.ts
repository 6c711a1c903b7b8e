/** The back-off of a watching page after failed checks (pageWatch.ts; its spacing in Chromium: test/e2e/pageWatch.test.ts). */
import { describe, expect, it } from 'vitest';
import {
  backOffSeconds,
  MAX_BACKOFF_SECONDS,
  MAX_RETRY_AFTER_SECONDS,
  nextCheckSeconds,
  parseHttpDate,
  retryAfterSeconds,
} from '../../src/web/client/checkBackOff.js';

/** 2026-11-27T14:00:00Z, a Friday. */
const NOW = Date.UTC(2026, 10, 27, 14, 0, 0);

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

describe('nextCheckSeconds', () => {
  it('is the back-off when the answer asked for nothing', () => {
    expect([1, 2, 3, 6].map((n) => nextCheckSeconds(1, n))).toEqual([2, 4, 8, 30]);
    expect(nextCheckSeconds(1, 2, undefined)).toBe(4);
  });

  it('waits as long as Retry-After asks when that is longer than the back-off', () => {
    expect(nextCheckSeconds(1, 1, 3)).toBe(3);
    expect(nextCheckSeconds(2, 3, 45.5)).toBe(45.5);
    expect(nextCheckSeconds(1, 6, 120)).toBe(120);
  });

  it('never checks earlier than the back-off, whatever Retry-After says', () => {
    expect(nextCheckSeconds(1, 1, 0)).toBe(2);
    expect(nextCheckSeconds(1, 3, 5)).toBe(8);
    expect(nextCheckSeconds(60, 1, 10)).toBe(60);
    expect(nextCheckSeconds(1, 2, -50)).toBe(4);
  });

  it('follows Retry-After for at most MAX_RETRY_AFTER_SECONDS', () => {
    expect(MAX_RETRY_AFTER_SECONDS).toBe(300);
    expect(nextCheckSeconds(1, 1, 300)).toBe(300);
    expect(nextCheckSeconds(1, 1, 301)).toBe(300);
    expect(nextCheckSeconds(1, 1, 86_400 * 365)).toBe(300);
    expect(nextCheckSeconds(1, 1, Number.POSITIVE_INFINITY)).toBe(300);
    // A page whose own delay is longer than the cap still keeps it.
    expect(nextCheckSeconds(600, 1, 86_400)).toBe(600);
  });
});

describe('parseHttpDate', () => {
  const nov1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

  it('reads the three forms of RFC 9110', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(nov1994);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(nov1994);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(nov1994);
    expect(parseHttpDate('Fri Nov 27 14:00:00 2026', NOW)).toBe(NOW);
  });

  it('puts a two-digit year no more than 50 years after now', () => {
    expect(parseHttpDate('Friday, 27-Nov-26 14:00:00 GMT', NOW)).toBe(NOW);
    expect(parseHttpDate('Monday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Monday, 01-Jan-77 00:00:00 GMT', NOW)).toBe(Date.UTC(1977, 0, 1));
  });

  it('reads a leap second as the second after :59', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT', NOW)).toBe(Date.UTC(2017, 0, 1));
  });

  it('refuses what is not an HTTP-date, or names no real time', () => {
    for (const text of [
      '',
      'soon',
      '2026-11-27T14:00:00Z',
      'Fri, 27 Nov 2026 14:00:00 UTC',
      'fri, 27 nov 2026 14:00:00 GMT',
      'Fri, 27 Nov 2026 14:00 GMT',
      'Fri, 7 Nov 2026 14:00:00 GMT',
      ' Fri, 27 Nov 2026 14:00:00 GMT',
      'Friday, 27 Nov 2026 14:00:00 GMT',
      'Fri, 27-Nov-26 14:00:00 GMT',
      'Fri, 31 Feb 2026 14:00:00 GMT',
      'Fri, 00 Nov 2026 14:00:00 GMT',
      'Fri, 27 Nov 2026 24:00:00 GMT',
      'Fri, 27 Nov 2026 14:60:00 GMT',
      'Fri, 27 Nov 2026 14:00:61 GMT',
      'Fri, 27 Nov 0050 14:00:00 GMT',
    ]) {
      expect(parseHttpDate(text, NOW), text).toBeUndefined();
    }
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds('120', null, NOW)).toBe(120);
    expect(retryAfterSeconds(' 3 ', null, NOW)).toBe(3);
    expect(retryAfterSeconds('0', null, NOW)).toBe(0);
    expect(retryAfterSeconds('999999999999', null, NOW)).toBe(999_999_999_999);
  });

  it('counts an HTTP-date from the answer’s Date header, so that a wrong browser clock changes nothing', () => {
    const date = 'Fri, 27 Nov 2026 14:00:00 GMT';
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:00:05 GMT', date, NOW)).toBe(5);
    // The browser's clock is an hour behind: still 5 seconds.
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:00:05 GMT', date, NOW - 3_600_000)).toBe(5);
  });

  it('counts an HTTP-date from now when the answer has no valid Date header', () => {
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:01:00 GMT', null, NOW)).toBe(60);
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:01:00 GMT', 'yesterday', NOW)).toBe(60);
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:00:01 GMT', null, NOW + 500)).toBe(0.5);
  });

  it('asks for no wait when the date is already past', () => {
    expect(retryAfterSeconds('Sun, 06 Nov 1994 08:49:37 GMT', null, NOW)).toBe(0);
    expect(retryAfterSeconds('Fri, 27 Nov 2026 13:59:00 GMT', 'Fri, 27 Nov 2026 14:00:00 GMT', NOW)).toBe(0);
  });

  it('asks for nothing when there is no header or it is not valid', () => {
    for (const value of [null, '', '  ', '-5', '1.5', '+3', '3s', 'soon', '0x10', '2026-11-27T14:01:00Z']) {
      expect(retryAfterSeconds(value, null, NOW), String(value)).toBeUndefined();
    }
  });
});
