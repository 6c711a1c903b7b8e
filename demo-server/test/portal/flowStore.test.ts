/** FlowStore.loadWithLocks: the flow as `load` gives it, and two lockout keys' state, in one statement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { FlowStore } from '../../src/portal/flows/flowStore.js';
import { memoryDatabase } from './testDatabase.js';

describe('FlowStore.loadWithLocks', () => {
  let db: PortalDb;
  let now = 1_000_000;
  let flows: FlowStore;
  beforeAll(async () => {
    db = await memoryDatabase();
    flows = new FlowStore(db, () => now);
    await db
      .insertInto('lockouts')
      .values([
        { key: 'ip:192.0.2.7', lockedUntil: 2_000_000, lockCount: 1, failures: 0, updatedAt: 1 },
        { key: 'acct:001090012345', lockedUntil: 3_000_000, lockCount: 1, failures: 0, updatedAt: 1 },
      ])
      .execute();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('gives the flow that load gives, and each key’s lockedUntil (0 for a key never locked)', async () => {
    const created = await flows.create({
      kind: 'login',
      sessionIdHash: 'a'.repeat(64),
      subject: 'congDan',
      method: 'password',
      state: 'credentials',
      ttlMs: 60_000,
      data: { username: 'x' },
      messages: [{ code: 'OTP_SENT', type: 'info' }],
    });
    const plain = await flows.load(created.id, 'login', 'a'.repeat(64));
    const both = await flows.loadWithLocks(created.id, 'login', 'a'.repeat(64), [
      'ip:192.0.2.7',
      'acct:001090012345',
    ]);
    expect(plain.ok && both.ok).toBe(true);
    if (!plain.ok || !both.ok) return;
    expect(both.flow).toEqual(plain.flow);
    expect(both.flow).toEqual(created);
    expect(both.lockedUntil).toEqual([2_000_000, 3_000_000]);
    const none = await flows.loadWithLocks(created.id, 'login', 'a'.repeat(64), ['ip:198.51.100.1', 'acct:']);
    expect(none.ok && none.lockedUntil).toEqual([0, 0]);
  });

  it('another session’s flow, another kind, a malformed id: not found; past its expiry: expired', async () => {
    const f = await flows.create({
      kind: 'login',
      sessionIdHash: 'b'.repeat(64),
      subject: 'congDan',
      method: 'usbKySo',
      state: 'challenge',
      ttlMs: 1_000,
      data: {},
    });
    const keys = ['ip:192.0.2.7', 'acct:'] as const;
    expect(await flows.loadWithLocks(f.id, 'login', 'c'.repeat(64), keys)).toEqual({
      ok: false,
      code: 'FLOW_NOT_FOUND',
    });
    expect((await flows.loadWithLocks(f.id, 'registration', 'b'.repeat(64), keys)).ok).toBe(false);
    expect((await flows.loadWithLocks("x' or 1=1 --", 'login', 'b'.repeat(64), keys)).ok).toBe(false);
    now += 1_000;
    expect(await flows.loadWithLocks(f.id, 'login', 'b'.repeat(64), keys)).toEqual({
      ok: false,
      code: 'FLOW_EXPIRED',
    });
  });
});
