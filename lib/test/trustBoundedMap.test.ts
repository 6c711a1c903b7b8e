/** The bounded map behind the revocation cache and the validated-path cache. */
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/trust/boundedMap.js';
import { RevocationCache } from '../src/trust/revocationCache.js';

describe('BoundedMap', () => {
  it('drops the oldest entry when full; storing a key again makes it the newest', () => {
    const m = new BoundedMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    m.set('c', 4);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([3, undefined, 4]);
    expect(m.size).toBe(2);
  });

  it('touch keeps a recently read entry over an older one', () => {
    const m = new BoundedMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.touch('a', 1);
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([1, undefined, 3]);
  });
});

describe('RevocationCache bound', () => {
  it('keeps at most maxEntries responses, the oldest stored leaving first', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    const later = new Date(now.getTime() + 60_000);
    const cache = new RevocationCache(2);
    cache.set('crl:a', new Uint8Array([1]), later, now);
    cache.set('crl:b', new Uint8Array([2]), later, now);
    cache.set('crl:c', new Uint8Array([3]), later, now);
    expect(cache.size).toBe(2);
    expect(cache.get('crl:a', now)).toBeUndefined();
    expect(cache.get('crl:c', now)).toEqual(new Uint8Array([3]));
  });
});
