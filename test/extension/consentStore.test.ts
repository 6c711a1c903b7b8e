import { describe, expect, it } from 'vitest';
import { ConsentStore, type StorageArea } from '../../extension/src/background/consentStore.js';
import { memoryStorage } from './memoryStorage.js';

describe('ConsentStore', () => {
  it('has no decision for a new origin', async () => {
    const store = new ConsentStore(memoryStorage());
    expect(await store.decisionFor('https://a.gov.vn')).toBeUndefined();
  });

  it('records allow and deny per origin, the latest decision winning', async () => {
    const store = new ConsentStore(memoryStorage(), () => new Date('2026-01-01T00:00:00Z'));
    await store.record('https://a.gov.vn', 'allow');
    await store.record('https://b.gov.vn', 'deny');
    expect(await store.decisionFor('https://a.gov.vn')).toBe('allow');
    expect(await store.decisionFor('https://b.gov.vn')).toBe('deny');
    expect(await store.decisionFor('https://a.gov.vn:8443')).toBeUndefined();
    await store.record('https://a.gov.vn', 'deny');
    expect(await store.decisionFor('https://a.gov.vn')).toBe('deny');
    expect(await store.list()).toEqual([
      { origin: 'https://a.gov.vn', decision: 'deny', decidedAt: '2026-01-01T00:00:00.000Z' },
      { origin: 'https://b.gov.vn', decision: 'deny', decidedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('revoke forgets the decision so the site is asked again', async () => {
    const store = new ConsentStore(memoryStorage());
    await store.record('https://a.gov.vn', 'deny');
    await store.revoke('https://a.gov.vn');
    expect(await store.decisionFor('https://a.gov.vn')).toBeUndefined();
  });

  it('ignores corrupt stored entries', async () => {
    const area = memoryStorage();
    await area.set({
      'kyso.consent.v1': [{ origin: 'https://x', decision: 'maybe', decidedAt: 'x' }, 42, null],
    });
    const store = new ConsentStore(area);
    expect(await store.list()).toEqual([]);
    expect(await store.decisionFor('https://x')).toBeUndefined();
  });

  it('reads storage once (preload at start), then answers from memory and keeps its own writes', async () => {
    const area = memoryStorage();
    await area.set({
      'kyso.consent.v1': [{ origin: 'https://a.gov.vn', decision: 'allow', decidedAt: 'x' }],
    });
    let gets = 0;
    const counted: StorageArea = {
      get: (k) => {
        gets++;
        return area.get(k);
      },
      set: (i) => area.set(i),
    };
    const store = new ConsentStore(counted);
    store.preload();
    expect(gets).toBe(1);
    for (let i = 0; i < 5; i++) expect(await store.decisionFor('https://a.gov.vn')).toBe('allow');
    await store.record('https://b.gov.vn', 'deny');
    await store.revoke('https://a.gov.vn');
    expect(await store.decisionFor('https://a.gov.vn')).toBeUndefined();
    expect(await store.decisionFor('https://b.gov.vn')).toBe('deny');
    expect(gets).toBe(1);
    // What memory says is what storage holds.
    expect(area.dump()['kyso.consent.v1']).toEqual(await store.list());
  });

  it('follows changes another context makes to the stored decisions', async () => {
    const listeners: ((c: Record<string, { newValue?: unknown }>) => void)[] = [];
    const area = {
      ...memoryStorage(),
      onChanged: { addListener: (cb: (typeof listeners)[0]) => listeners.push(cb) },
    };
    const store = new ConsentStore(area);
    expect(await store.decisionFor('https://a.gov.vn')).toBeUndefined();
    for (const l of listeners)
      l({
        'kyso.consent.v1': { newValue: [{ origin: 'https://a.gov.vn', decision: 'deny', decidedAt: 'x' }] },
      });
    expect(await store.decisionFor('https://a.gov.vn')).toBe('deny');
    for (const l of listeners) l({ other: { newValue: 1 } });
    expect(await store.decisionFor('https://a.gov.vn')).toBe('deny');
    for (const l of listeners) l({ 'kyso.consent.v1': {} });
    expect(await store.decisionFor('https://a.gov.vn')).toBeUndefined();
  });

  it('a failed storage read is not remembered: the next call reads again', async () => {
    const area = memoryStorage();
    let fail = true;
    const flaky: StorageArea = {
      get: (k) => (fail ? Promise.reject(new Error('storage not ready')) : area.get(k)),
      set: (i) => area.set(i),
    };
    const store = new ConsentStore(flaky);
    await expect(store.decisionFor('https://a.gov.vn')).rejects.toThrow('storage not ready');
    fail = false;
    await area.set({
      'kyso.consent.v1': [{ origin: 'https://a.gov.vn', decision: 'allow', decidedAt: 'x' }],
    });
    expect(await store.decisionFor('https://a.gov.vn')).toBe('allow');
  });
});
