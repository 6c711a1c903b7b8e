import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../src/portal/config.js';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { EXPIRED_GRACE_MS, purgeExpiredState } from '../../src/portal/db/purgeExpired.js';
import { FlowStore } from '../../src/portal/flows/flowStore.js';
import { SessionStore } from '../../src/portal/security/sessionStore.js';
import { memoryDatabase } from './testDatabase.js';

describe('purge of expired state', () => {
  let db: PortalDb;
  const clock = manualClock();
  beforeEach(async () => {
    db = await memoryDatabase();
  });

  it('keeps flows until the grace period after expiry, then removes them; idle sessions go too', async () => {
    const flows = new FlowStore(db, clock);
    const sessions = new SessionStore(db, clock, DEFAULT_LIMITS);
    const { record } = await sessions.create('127.0.0.1', 'test');
    const flow = await flows.create({
      kind: 'registration',
      sessionIdHash: record.idHash,
      subject: 'congDan',
      method: 'thueBaoDiDong',
      state: 'collect',
      ttlMs: 1000,
      data: {},
    });
    await db
      .insertInto('accounts')
      .values({
        id: 'a1',
        username: '001090012345',
        subject: 'congDan',
        idNumber: '001090012345',
        fullName: 'Nguyễn Văn An',
        dateOfBirth: null,
        phone: null,
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 2,
        registrationMethod: 'thueBaoDiDong',
        createdAt: clock(),
      })
      .execute();
    clock.advance(1000 + EXPIRED_GRACE_MS);
    // The session idled out (30 min) well before the flow's grace period (1 h) ended.
    expect(await purgeExpiredState(db, clock(), DEFAULT_LIMITS)).toMatchObject({ flows: 0, sessions: 1 });
    expect((await flows.load(flow.id, 'registration', record.idHash)).ok).toBe(false);
    clock.advance(1);
    const counts = await purgeExpiredState(db, clock(), DEFAULT_LIMITS);
    expect(counts).toMatchObject({ flows: 1, sessions: 0 });
    expect(await db.selectFrom('flows').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('accounts').select('id').execute()).toEqual([{ id: 'a1' }]);
  });
});
