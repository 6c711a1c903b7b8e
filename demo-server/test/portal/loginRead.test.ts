/** readLoginSnapshot: the login flow as FlowStore.load gives it, and its locks, account and OTP, in one statement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { FlowStore } from '../../src/portal/flows/flowStore.js';
import { readLoginSnapshot } from '../../src/portal/flows/loginRead.js';
import { insertCitizenAccount } from './portalTestKit.js';
import { AN } from './registrationFlowSuite.js';
import { memoryDatabase } from './testDatabase.js';

const SESSION = 'a'.repeat(64);
const KEYS = { ipLock: 'ip:192.0.2.7', accountLock: 'acct:001090012345', username: '001090012345' };

describe('readLoginSnapshot', () => {
  let db: PortalDb;
  let now = 1_000_000;
  let flows: FlowStore;
  beforeAll(async () => {
    db = await memoryDatabase();
    flows = new FlowStore(db, () => now);
    await db
      .insertInto('lockouts')
      .values([
        { key: KEYS.ipLock, lockedUntil: 2_000_000, lockCount: 1, failures: 0, updatedAt: 1 },
        { key: KEYS.accountLock, lockedUntil: 3_000_000, lockCount: 1, failures: 0, updatedAt: 1 },
      ])
      .execute();
    await insertCitizenAccount(db, AN, {
      id: 'acc-an',
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      createdAt: 1,
    });
  });
  afterAll(async () => {
    await db.destroy();
  });

  const login = () =>
    flows.create({
      kind: 'login',
      sessionIdHash: SESSION,
      subject: 'congDan',
      method: 'password',
      state: 'credentials',
      ttlMs: 60_000,
      data: { username: 'x' },
      messages: [{ code: 'OTP_SENT', type: 'info' }],
    });

  it('gives the flow that FlowStore.load gives, the locks, the named account and no OTP yet', async () => {
    const created = await login();
    const plain = await flows.load(created.id, 'login', SESSION);
    const r = await readLoginSnapshot(db, now, created.id, SESSION, KEYS);
    expect(plain.ok && r.ok).toBe(true);
    if (!plain.ok || !r.ok) return;
    expect(r.snapshot.flow).toEqual(plain.flow);
    expect(r.snapshot.flow).toEqual(created);
    expect(r.snapshot).toMatchObject({
      ipLockedUntil: 2_000_000,
      accountLockedUntil: 3_000_000,
      account: {
        id: 'acc-an',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        phone: '0912345678',
      },
      otpIssuedAt: undefined,
    });
  });

  it('an unknown name, keys never locked: no account and 0; the flow’s own OTP only', async () => {
    const created = await login();
    const other = await login();
    await db
      .insertInto('otps')
      .values({
        flowId: other.id,
        phone: '0912345678',
        codeDigest: 'd',
        issuedAt: 5,
        expiresAt: 9,
        wrongAttempts: 0,
      })
      .execute();
    const keys = { ipLock: 'ip:198.51.100.1', accountLock: 'acct:001099000404', username: '001099000404' };
    const r = await readLoginSnapshot(db, now, created.id, SESSION, keys);
    expect(r.ok && r.snapshot).toMatchObject({
      ipLockedUntil: 0,
      accountLockedUntil: 0,
      account: undefined,
      otpIssuedAt: undefined,
    });
    const withOtp = await readLoginSnapshot(db, now, other.id, SESSION, keys);
    expect(withOtp.ok && withOtp.snapshot.otpIssuedAt).toBe(5);
  });

  it('another session’s flow, a registration flow, a malformed id: not found; past its expiry: expired', async () => {
    const f = await flows.create({
      kind: 'login',
      sessionIdHash: 'b'.repeat(64),
      subject: 'congDan',
      method: 'usbKySo',
      state: 'challenge',
      ttlMs: 1_000,
      data: {},
    });
    const reg = await flows.create({
      kind: 'registration',
      sessionIdHash: 'b'.repeat(64),
      subject: 'congDan',
      method: 'thueBaoDiDong',
      state: 'collect',
      ttlMs: 60_000,
      data: {},
    });
    const notFound = { ok: false, code: 'FLOW_NOT_FOUND' };
    expect(await readLoginSnapshot(db, now, f.id, 'c'.repeat(64), KEYS)).toEqual(notFound);
    expect(await readLoginSnapshot(db, now, reg.id, 'b'.repeat(64), KEYS)).toEqual(notFound);
    expect(await readLoginSnapshot(db, now, "x' or 1=1 --", 'b'.repeat(64), KEYS)).toEqual(notFound);
    expect((await readLoginSnapshot(db, now + 999, f.id, 'b'.repeat(64), KEYS)).ok).toBe(true);
    now += 1_000;
    expect(await readLoginSnapshot(db, now, f.id, 'b'.repeat(64), KEYS)).toEqual({
      ok: false,
      code: 'FLOW_EXPIRED',
    });
  });
});
