/**
 * The PostgreSQL test database is shared by every run: testDatabase('postgres', KIT_DB) must empty every table of
 * portal state, certificate bindings and linked identities included, or a later run finds them.
 */
import { describe, expect, it } from 'vitest';
import { federationDb } from '../../src/portal/federation/linkedIdentities.js';
import { PORTAL_STATE_TABLES, testDatabase } from './portalTestKit.js';

/** Its own database: the flow suites running at the same time use the default one. */
const KIT_DB = 'kyso_testkit_test';

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('portal test kit on PostgreSQL', () => {
  it('empties accounts, certificate bindings, linked identities and all other state between runs', async () => {
    const first = await testDatabase('postgres', KIT_DB);
    const now = Date.now();
    await first
      .insertInto('accounts')
      .values({
        id: 'kit-account',
        username: '001090000001',
        subject: 'congDan',
        idNumber: '001090000001',
        fullName: 'Kiểm Thử',
        dateOfBirth: null,
        phone: null,
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 3,
        registrationMethod: 'usbKySo',
        createdAt: now,
      })
      .execute();
    await first
      .insertInto('accountCertificates')
      .values({
        thumbprint: 'a'.repeat(64),
        accountId: 'kit-account',
        issuer: 'CN=Kit',
        serialNumber: '01',
        subject: 'CN=Kit',
        notAfter: now,
        createdAt: now,
      })
      .execute();
    await first
      .insertInto('sessionSignIns')
      .values({
        sessionIdHash: 'b'.repeat(64),
        accountId: 'kit-account',
        method: 'usbKySo',
        level: 2,
        authTime: now,
      })
      .execute();
    await first
      .insertInto('oidcPayloads')
      .values({
        model: 'Session',
        id: 'kit-session',
        payload: '{}',
        grantId: null,
        userCode: null,
        uid: 'kit-uid',
        expiresAt: now + 60_000,
        consumedAt: null,
      })
      .execute();
    await federationDb(first)
      .insertInto('linkedIdentities')
      .values({
        issuer: 'http://kit.test',
        subject: 'kit-sub',
        provider: 'vneid',
        accountId: 'kit-account',
        createdAt: now,
        lastUsedAt: now,
      })
      .execute();
    await first.destroy();

    const second = await testDatabase('postgres', KIT_DB);
    try {
      const counts = await Promise.all(
        PORTAL_STATE_TABLES.map(async (t) => {
          const r = await second
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          return [t, Number(r.n)] as const;
        }),
      );
      expect(counts.filter(([, n]) => n !== 0)).toEqual([]);
      expect(counts.map(([t]) => t)).toEqual(expect.arrayContaining(['sessionSignIns', 'oidcPayloads']));
      const links = await federationDb(second).selectFrom('linkedIdentities').selectAll().execute();
      expect(links).toEqual([]);
    } finally {
      await second.destroy();
    }
  });
});
