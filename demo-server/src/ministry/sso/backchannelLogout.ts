/**
 * Validation of the national portal's back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0
 * §2.6, ASVS 10.5.5) with jose: signature by the provider's keys, `typ` logout+jwt, `iss`, `aud` = our
 * client id, `iat` within the accepted window, the back-channel logout event, no `nonce`, a `sid` or a
 * `sub`, and a `jti` never seen before (the replay cache is the `logout_tokens` table, shared by every
 * instance on the database).
 */
import { type JWTPayload, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import type { MinistryDb } from '../db/openMinistryDatabase.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Stable reasons a logout token is refused (logged; the response body is the spec's `invalid_request`). */
export type LogoutTokenRefusal =
  | 'MALFORMED'
  | 'SIGNATURE'
  | 'CLAIMS'
  | 'EXPIRED'
  | 'NOT_LOGOUT_TOKEN'
  | 'NONCE_PRESENT'
  | 'NO_SUBJECT'
  | 'REPLAYED'
  | 'KEYS_UNAVAILABLE';

export class LogoutTokenError extends Error {
  override readonly name = 'LogoutTokenError';
  constructor(readonly reason: LogoutTokenRefusal) {
    super(`logout token refused: ${reason}`);
  }
}

export interface LogoutTokenCheck {
  issuer: string;
  clientId: string;
  keys: JWTVerifyGetKey;
  now: number;
  /** Largest accepted age of `iat`, clock skew included: no older token is accepted. */
  maxAgeMs: number;
}

/** Clock skew tolerated between the provider and the ministry: `iat` may be this far ahead, `exp` this far behind. */
export const LOGOUT_TOKEN_CLOCK_SKEW_S = 30;

export interface VerifiedLogout {
  jti: string;
  sid: string | undefined;
  sub: string | undefined;
}

/** Checks every claim of a logout token; does not consume its `jti` (see `consumeLogoutToken`). */
export async function verifyLogoutToken(token: string, check: LogoutTokenCheck): Promise<VerifiedLogout> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192)
    throw new LogoutTokenError('MALFORMED');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, check.keys, {
      issuer: check.issuer,
      audience: check.clientId,
      typ: 'logout+jwt',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      currentDate: new Date(check.now),
      // jose accepts an age up to maxTokenAge + clockTolerance: the two together are the whole window.
      maxTokenAge: Math.max(1, Math.floor(check.maxAgeMs / 1000) - LOGOUT_TOKEN_CLOCK_SKEW_S),
      clockTolerance: LOGOUT_TOKEN_CLOCK_SKEW_S,
      requiredClaims: ['iat', 'jti'],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new LogoutTokenError('EXPIRED');
    if (e instanceof joseErrors.JWTClaimValidationFailed) throw new LogoutTokenError('CLAIMS');
    if (e instanceof joseErrors.JWKSTimeout || (e instanceof Error && /fetch failed/i.test(e.message)))
      throw new LogoutTokenError('KEYS_UNAVAILABLE');
    if (e instanceof joseErrors.JOSEError && !(e instanceof joseErrors.JWSInvalid))
      throw new LogoutTokenError(
        e instanceof joseErrors.JWSSignatureVerificationFailed || e instanceof joseErrors.JWKSNoMatchingKey
          ? 'SIGNATURE'
          : 'MALFORMED',
      );
    throw new LogoutTokenError('MALFORMED');
  }
  const events = payload.events as Record<string, unknown> | undefined;
  const event = events && typeof events === 'object' ? events[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new LogoutTokenError('NOT_LOGOUT_TOKEN');
  if ('nonce' in payload) throw new LogoutTokenError('NONCE_PRESENT');
  const sid = typeof payload.sid === 'string' && payload.sid !== '' ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined;
  if (!sid && !sub) throw new LogoutTokenError('NO_SUBJECT');
  if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > 255)
    throw new LogoutTokenError('CLAIMS');
  return { jti: payload.jti, sid, sub };
}

/** Records the token's `jti`; throws REPLAYED when it was already used (by any instance). */
export async function consumeLogoutToken(
  db: MinistryDb,
  issuer: string,
  jti: string,
  keepUntil: number,
  now: number,
): Promise<void> {
  await db.deleteFrom('logoutTokens').where('expiresAt', '<', now).execute();
  const r = await db
    .insertInto('logoutTokens')
    .values({ issuer, jti, expiresAt: keepUntil })
    .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new LogoutTokenError('REPLAYED');
}

/**
 * Ends every ministry session signed in through the national portal's session `sid` (or, without a
 * `sid`, every one of the national subject `sub`). Returns how many sessions ended.
 */
export async function endNationalSessions(
  db: MinistryDb,
  issuer: string,
  logout: Pick<VerifiedLogout, 'sid' | 'sub'>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('nationalLogins').select('sessionIdHash').where('issuer', '=', issuer);
    q = logout.sid ? q.where('sid', '=', logout.sid) : q.where('subject', '=', logout.sub ?? '');
    if (logout.sid && logout.sub) q = q.where('subject', '=', logout.sub);
    const hashes = (await q.execute()).map((r) => r.sessionIdHash);
    if (hashes.length === 0) return 0;
    await trx.deleteFrom('sessions').where('idHash', 'in', hashes).execute();
    await trx.deleteFrom('nationalLogins').where('sessionIdHash', 'in', hashes).execute();
    return hashes.length;
  });
}
