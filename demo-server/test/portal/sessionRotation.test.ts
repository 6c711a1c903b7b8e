/**
 * SessionStore.rotate (every sign-in and sign-out): the old cookie token names no session afterwards, the
 * new one names the signed-in session with a new CSRF token and fresh timestamps, and the store holds one
 * row for it — also when the old row was already gone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { SessionStore } from '../../src/portal/security/sessionStore.js';
import { testDatabase } from './portalTestKit.js';

describe('session rotation', () => {
  let db: PortalDb;
  const clock = manualClock();
  let store: SessionStore;

  beforeEach(async () => {
    db = await testDatabase('sqlite');
    store = new SessionStore(db, clock, DEFAULT_LIMITS);
  });
  afterEach(async () => {
    await db.destroy();
  });

  const rows = () => db.selectFrom('sessions').selectAll().execute();

  it('the old token stops working; the new one carries the account, a new CSRF token and new timestamps', async () => {
    const before = await store.create('192.0.2.7', 'Firefox');
    clock.advance(90_000);
    const after = await store.rotate(before.record, 'acc-1');
    expect(await store.load(before.token)).toBeUndefined();
    const loaded = await store.load(after.token);
    expect(loaded).toMatchObject({
      accountId: 'acc-1',
      ip: '192.0.2.7',
      userAgent: 'Firefox',
      createdAt: clock(),
      lastSeenAt: clock(),
    });
    expect(after.token).not.toBe(before.token);
    expect(after.record.csrfToken).not.toBe(before.record.csrfToken);
    expect(await rows()).toHaveLength(1);
    // Signing out rotates again, to no account.
    const out = await store.rotate(after.record, null);
    expect(await store.load(after.token)).toBeUndefined();
    expect((await store.load(out.token))?.accountId).toBeNull();
    expect(await rows()).toHaveLength(1);
  });

  it('a session already gone (signed out elsewhere) is replaced by a new row', async () => {
    const before = await store.create('192.0.2.8', 'Chromium');
    await store.destroy(before.record.idHash);
    const after = await store.rotate(before.record, 'acc-2');
    expect((await store.load(after.token))?.accountId).toBe('acc-2');
    expect(await rows()).toHaveLength(1);
  });
});
