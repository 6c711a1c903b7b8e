/**
 * Back-channel logout tokens checked with jose against a key set: a valid token ends the ministry sessions
 * of its `sid` (or, without one, of its `sub`); a forged signature, a wrong audience or issuer, a missing
 * event, a `nonce`, an old `iat`, an ID-token `typ` and a replayed `jti` are refused.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MinistryDb, openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  consumeLogoutToken,
  endNationalSessions,
  LogoutTokenError,
  type LogoutTokenRefusal,
  verifyLogoutToken,
} from '../../src/ministry/sso/backchannelLogout.js';

const ISS = 'http://localhost:8080';
const AUD = 'bocongan-dvc';
const NOW = Date.UTC(2026, 0, 15, 2, 0, 0);

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('back-channel logout tokens', () => {
  let opKey: Key;
  let forgerKey: Key;
  let keys: ReturnType<typeof createLocalJWKSet>;
  beforeAll(async () => {
    const op = await generateKeyPair('RS256');
    opKey = op.privateKey;
    forgerKey = (await generateKeyPair('RS256')).privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(op.publicKey)), kid: 'op', alg: 'RS256' }] });
  });

  function token(claims: JWTPayload, options: { key?: Key; typ?: string; kid?: string } = {}) {
    return new SignJWT({
      iss: ISS,
      aud: AUD,
      iat: Math.floor(NOW / 1000),
      exp: Math.floor(NOW / 1000) + 120,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      jti: `jti-${Math.random()}`,
      sid: 'sid-1',
      sub: 'sub-1',
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', typ: options.typ ?? 'logout+jwt', kid: options.kid ?? 'op' })
      .sign(options.key ?? opKey);
  }

  const check = { issuer: ISS, clientId: AUD, now: NOW, maxAgeMs: 5 * 60_000 };

  async function refusal(t: string): Promise<LogoutTokenRefusal | undefined> {
    try {
      await verifyLogoutToken(t, { ...check, keys });
      return undefined;
    } catch (e) {
      if (e instanceof LogoutTokenError) return e.reason;
      throw e;
    }
  }

  it('accepts a well-formed token and returns its sid, sub and jti', async () => {
    const v = await verifyLogoutToken(await token({ jti: 'abc' }), { ...check, keys });
    expect(v).toEqual({ jti: 'abc', sid: 'sid-1', sub: 'sub-1' });
  });

  it('refuses forged, misaddressed and malformed tokens', async () => {
    expect(await refusal(await token({}, { key: forgerKey }))).toBe('SIGNATURE');
    expect(await refusal(await token({}, { key: forgerKey, kid: 'other' }))).toBe('SIGNATURE');
    expect(await refusal(await token({ aud: 'another-client' }))).toBe('CLAIMS');
    expect(await refusal(await token({ iss: 'http://evil.example' }))).toBe('CLAIMS');
    expect(await refusal(await token({}, { typ: 'JWT' }))).toBe('CLAIMS');
    expect(await refusal('not.a.jwt')).toBe('MALFORMED');
    expect(await refusal('')).toBe('MALFORMED');
  });

  it('refuses a token that is not a logout token, carries a nonce, names nobody or is stale', async () => {
    expect(await refusal(await token({ events: {} }))).toBe('NOT_LOGOUT_TOKEN');
    expect(await refusal(await token({ events: { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' } }))).toBe(
      'NOT_LOGOUT_TOKEN',
    );
    expect(await refusal(await token({ nonce: 'n-1' }))).toBe('NONCE_PRESENT');
    expect(await refusal(await token({ sid: undefined, sub: undefined }))).toBe('NO_SUBJECT');
    const old = await token({ iat: Math.floor(NOW / 1000) - 3600, exp: Math.floor(NOW / 1000) + 60 });
    expect(await refusal(old)).toBe('EXPIRED');
    const future = await token({ iat: Math.floor(NOW / 1000) + 3600, exp: Math.floor(NOW / 1000) + 7200 });
    expect(await refusal(future)).toBe('CLAIMS');
  });

  it('accepts iat only in [now − 5 min, now + 30 s]: an 8-minute-old or 2-minute-ahead token is refused', async () => {
    const at = (offsetS: number) =>
      token({ iat: Math.floor(NOW / 1000) + offsetS, exp: Math.floor(NOW / 1000) + 600 });
    expect(await refusal(await at(-270))).toBeUndefined();
    expect(await refusal(await at(20))).toBeUndefined();
    expect(await refusal(await at(-310))).toBe('EXPIRED');
    expect(await refusal(await at(-480))).toBe('EXPIRED');
    expect(await refusal(await at(120))).toBe('CLAIMS');
    // An expired token stays refused even inside the iat window.
    expect(await refusal(await token({ exp: Math.floor(NOW / 1000) - 60 }))).toBe('EXPIRED');
  });

  it('refuses an unsigned (alg none) token and a token MACed with a shared secret', async () => {
    const payload = {
      iss: ISS,
      aud: AUD,
      iat: Math.floor(NOW / 1000),
      jti: 'j-none',
      sid: 'sid-1',
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(payload)}.`;
    expect(await refusal(unsigned)).toBe('MALFORMED');
    const hmac = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt', kid: 'op' })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    expect(await refusal(hmac)).toBeDefined();
  });

  describe('on the ministry database', () => {
    let db: MinistryDb;
    beforeEach(async () => {
      db = await openMinistryDatabase({ sqlitePath: ':memory:' });
      for (const [hash, sid, sub] of [
        ['a'.repeat(64), 'sid-1', 'sub-1'],
        ['b'.repeat(64), 'sid-1', 'sub-1'],
        ['c'.repeat(64), 'sid-2', 'sub-1'],
        ['d'.repeat(64), 'sid-3', 'sub-2'],
      ] as const) {
        await db
          .insertInto('sessions')
          .values({
            idHash: hash,
            csrfToken: 'x',
            accountId: 'acc',
            userAgent: '',
            ip: '',
            createdAt: NOW,
            lastSeenAt: NOW,
          })
          .execute();
        await db
          .insertInto('nationalLogins')
          .values({ sessionIdHash: hash, issuer: ISS, sid, subject: sub, idToken: 't', createdAt: NOW })
          .execute();
      }
    });
    afterEach(async () => {
      await db.destroy();
    });

    const remaining = async () =>
      (await db.selectFrom('sessions').select('idHash').execute()).map((r) => r.idHash[0]).sort();

    it('ends the sessions of the sid, then of the sub when there is no sid', async () => {
      expect(await endNationalSessions(db, ISS, { sid: 'sid-1', sub: 'sub-1' })).toBe(2);
      expect(await remaining()).toEqual(['c', 'd']);
      expect(await endNationalSessions(db, 'http://other.example', { sid: undefined, sub: 'sub-2' })).toBe(0);
      expect(await endNationalSessions(db, ISS, { sid: undefined, sub: 'sub-2' })).toBe(1);
      expect(await remaining()).toEqual(['c']);
    });

    it('accepts a jti once', async () => {
      await consumeLogoutToken(db, ISS, 'jti-1', NOW + 60_000, NOW);
      await expect(consumeLogoutToken(db, ISS, 'jti-1', NOW + 60_000, NOW)).rejects.toMatchObject({
        reason: 'REPLAYED',
      });
      await consumeLogoutToken(db, ISS, 'jti-2', NOW + 60_000, NOW);
    });
  });
});
