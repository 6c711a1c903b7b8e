import { describe, expect, it } from 'vitest';
import { ConsentStore } from '../../extension/src/background/consentStore.js';
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
});
