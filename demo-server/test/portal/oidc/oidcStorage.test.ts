/**
 * The OpenID provider's storage in the portal database: the adapter (upsert, look-ups by id/uid/user code,
 * expiry, consumption, revocation by grant), the shared keys, and the purge of expired rows.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../../src/portal/config.js';
import type { PortalDb } from '../../../src/portal/db/connect.js';
import { purgeExpiredState } from '../../../src/portal/db/purgeExpired.js';
import { OidcAdapter } from '../../../src/portal/oidc/oidcAdapter.js';
import { COOKIE_KEYS_NAME, loadProviderKeys } from '../../../src/portal/oidc/providerKeys.js';
import { describedSignInOf, recordSignIn, signInOf } from '../../../src/portal/oidc/signInRecords.js';
import { SessionStore } from '../../../src/portal/security/sessionStore.js';
import { memoryDatabase } from '../testDatabase.js';

describe('OpenID provider storage (SQLite)', () => {
  let db: PortalDb;
  const clock = manualClock();
  beforeEach(async () => {
    db = await memoryDatabase();
  });

  it('stores, updates and finds payloads by id, uid and user code, per model', async () => {
    const sessions = new OidcAdapter(db, clock, 'Session');
    const codes = new OidcAdapter(db, clock, 'AuthorizationCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a1' }, 3600);
    await codes.upsert('s1', { grantId: 'g1', userCode: 'ABCD-EFGH' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'a1' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'a1' });
    expect(await codes.findByUserCode('ABCD-EFGH')).toEqual({ grantId: 'g1', userCode: 'ABCD-EFGH' });
    expect(await codes.findByUid('u1')).toBeUndefined();
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a2' }, 3600);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'a2' });
    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await codes.find('s1')).toBeDefined();
  });

  it('hides a payload once expired; one without expiry stays', async () => {
    const a = new OidcAdapter(db, clock, 'Interaction');
    await a.upsert('i1', { uid: 'x' }, 10);
    await a.upsert('i2', { uid: 'y' }, undefined);
    clock.advance(9_999);
    expect(await a.find('i1')).toBeDefined();
    clock.advance(1);
    expect(await a.find('i1')).toBeUndefined();
    expect(await a.findByUid('x')).toBeUndefined();
    expect(await a.find('i2')).toEqual({ uid: 'y' });
  });

  it('marks a consumed payload with the consumption time (seconds)', async () => {
    const a = new OidcAdapter(db, clock, 'AuthorizationCode');
    await a.upsert('c1', { grantId: 'g' }, 60);
    await a.consume('c1');
    expect(await a.find('c1')).toEqual({ grantId: 'g', consumed: Math.floor(clock() / 1000) });
    // A second redemption (another instance, the same moment) is refused as invalid_grant.
    await expect(a.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(a.consume('unknown')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes every row of a grant in its model only', async () => {
    const tokens = new OidcAdapter(db, clock, 'AccessToken');
    const codes = new OidcAdapter(db, clock, 'AuthorizationCode');
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await tokens.upsert('t2', { grantId: 'g2' }, 60);
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.revokeByGrantId('g1');
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await tokens.find('t2')).toBeDefined();
    expect(await codes.find('c1')).toBeDefined();
  });

  it('generates the keys once: concurrent instances get the same signing and cookie keys', async () => {
    const [a, b, c] = await Promise.all([
      loadProviderKeys(db, clock),
      loadProviderKeys(db, clock),
      loadProviderKeys(db, clock),
    ]);
    expect(a?.jwks.keys).toHaveLength(1);
    expect(a?.jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof a?.jwks.keys[0]?.d).toBe('string');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const rows = await db.selectFrom('oidcKeys').select('name').execute();
    expect(rows).toHaveLength(2);
  });

  it('uses configured signing keys instead of stored ones (cookie keys still shared)', async () => {
    const configured = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1' }] };
    const stored = await loadProviderKeys(db, clock);
    const withEnv = await loadProviderKeys(db, clock, configured);
    expect(withEnv.jwks).toBe(configured);
    expect(withEnv.cookieKeys).toEqual(stored.cookieKeys);
    const row = await db
      .selectFrom('oidcKeys')
      .select('value')
      .where('name', '=', COOKIE_KEYS_NAME)
      .executeTakeFirst();
    expect(JSON.parse(row?.value ?? '[]')).toEqual(stored.cookieKeys);
  });

  it('records how a session signed in, only for that account', async () => {
    await recordSignIn(db, { sessionIdHash: 'h', accountId: 'a', method: 'usbKySo', level: 2, authTime: 5 });
    expect(await signInOf(db, 'h', 'a')).toEqual({
      sessionIdHash: 'h',
      accountId: 'a',
      method: 'usbKySo',
      level: 2,
      authTime: 5,
    });
    expect(await signInOf(db, 'h', 'b')).toBeUndefined();
    await recordSignIn(db, { sessionIdHash: 'h', accountId: 'a', method: 'password', level: 1, authTime: 9 });
    expect(await signInOf(db, 'h', 'a')).toMatchObject({ method: 'password', level: 1, authTime: 9 });
  });

  it("keeps a federated sign-in's amr for that sign-in only, and a default for the others", async () => {
    const record = {
      sessionIdHash: 'f',
      accountId: 'a',
      method: 'vneid',
      level: 2,
      authTime: clock(),
    } as const;
    await recordSignIn(db, record, { amr: ['pwd', 'swk', 'mfa'], keepSeconds: 60 });
    expect(await describedSignInOf(db, clock, 'f', 'a')).toEqual({ ...record, amr: ['pwd', 'swk', 'mfa'] });
    expect(await describedSignInOf(db, clock, 'f', 'b')).toBeUndefined();
    // A later sign-in of the same session hash (another time) does not inherit the kept values.
    await recordSignIn(db, { ...record, authTime: record.authTime + 1 });
    expect((await describedSignInOf(db, clock, 'f', 'a'))?.amr).toEqual(['fed', 'mfa']);
    // Kept as long as asked: after that the default of the level.
    await recordSignIn(db, { ...record, level: 1, authTime: clock() }, { amr: ['pwd'], keepSeconds: 60 });
    expect((await describedSignInOf(db, clock, 'f', 'a'))?.amr).toEqual(['pwd']);
    clock.advance(61_000);
    expect((await describedSignInOf(db, clock, 'f', 'a'))?.amr).toEqual(['fed']);
    // Kept values are given as they were computed (the portal's own `fed` included).
    await recordSignIn(db, { ...record, authTime: clock() }, { amr: ['fed', 'mfa'], keepSeconds: 60 });
    expect((await describedSignInOf(db, clock, 'f', 'a'))?.amr).toEqual(['fed', 'mfa']);
    // A portal method's amr is its own, and no row is kept for it.
    await recordSignIn(
      db,
      { ...record, sessionIdHash: 'p', method: 'usbKySo' },
      { amr: ['pwd'], keepSeconds: 60 },
    );
    expect((await describedSignInOf(db, clock, 'p', 'a'))?.amr).toEqual(['hwk', 'pin', 'mfa']);
    expect(await new OidcAdapter(db, clock, 'PortalSignInAmr').find('p')).toBeUndefined();
  });

  it('purges expired provider rows and the sign-in records of ended sessions', async () => {
    const a = new OidcAdapter(db, clock, 'Session');
    await a.upsert('old', { uid: 'o' }, 1);
    await a.upsert('live', { uid: 'l' }, 3600);
    await a.upsert('forever', { uid: 'f' }, undefined);
    const sessions = new SessionStore(db, clock, DEFAULT_LIMITS);
    const { record } = await sessions.create('127.0.0.1', 'test', 'a1');
    await recordSignIn(db, {
      sessionIdHash: record.idHash,
      accountId: 'a1',
      method: 'password',
      level: 1,
      authTime: 1,
    });
    await recordSignIn(db, {
      sessionIdHash: 'gone',
      accountId: 'a1',
      method: 'password',
      level: 1,
      authTime: 1,
    });
    clock.advance(1000);
    const counts = await purgeExpiredState(db, clock(), DEFAULT_LIMITS);
    expect(counts).toMatchObject({ oidcPayloads: 1, sessionSignIns: 1 });
    const left = await db.selectFrom('oidcPayloads').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['forever', 'live']);
    expect(await signInOf(db, record.idHash, 'a1')).toBeDefined();
  });
});
