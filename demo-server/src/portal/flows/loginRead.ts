/**
 * What a login submission reads before it does anything, in one statement: the login flow (owned by the
 * session), until when the client's IP and the account name given are locked, the account of that name
 * (the password step's argon2id input and phone) and when the flow's current OTP was issued (the resend
 * cooldown). On PostgreSQL every statement is a round trip; the password step needed four for these.
 * Nothing here decides anything: the login engine still checks the captcha first, then the locks, then
 * the password, as before.
 */
import type { PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import { type Flow, type FlowLoad, isFlowId, storedFlow } from './flowStore.js';

export interface LoginReadKeys {
  /** Lockout key of the client's IP. */
  ipLock: string;
  /** Lockout key of the account name given (any string when none was given). */
  accountLock: string;
  /** The account name given ('' when none). */
  username: string;
}

export interface LoginSnapshot<D> {
  flow: Flow<D>;
  /** 0 when never locked. */
  ipLockedUntil: number;
  accountLockedUntil: number;
  /** The account named `username`, if there is one. */
  account: { id: string; passwordHash: string | null; phone: string | null } | undefined;
  /** When the flow's current OTP was issued, if it has one. */
  otpIssuedAt: number | undefined;
}

const selectLoginSnapshot = precompiledQuery(
  5,
  (db: PortalDb, id: string, sessionIdHash: string, ipLock: string, accountLock: string, username: string) =>
    db
      .selectFrom('flows')
      .leftJoin('accounts', (join) => join.on('accounts.username', '=', username))
      .selectAll('flows')
      .select((eb) => [
        eb.selectFrom('lockouts').select('lockedUntil').where('key', '=', ipLock).as('ipLockedUntil'),
        eb
          .selectFrom('lockouts')
          .select('lockedUntil')
          .where('key', '=', accountLock)
          .as('accountLockedUntil'),
        eb.selectFrom('otps').select('issuedAt').whereRef('otps.flowId', '=', 'flows.id').as('otpIssuedAt'),
        'accounts.id as accountId',
        'accounts.passwordHash as accountPasswordHash',
        'accounts.phone as accountPhone',
      ])
      .where('flows.id', '=', id)
      .where('flows.kind', '=', 'login')
      .where('flows.sessionIdHash', '=', sessionIdHash),
);

/** The login flow `id` of the session with what goes with it; not found / expired as `FlowStore.load` says. */
export async function readLoginSnapshot<D>(
  db: PortalDb,
  now: number,
  id: string,
  sessionIdHash: string,
  keys: LoginReadKeys,
): Promise<{ ok: true; snapshot: LoginSnapshot<D> } | Extract<FlowLoad<D>, { ok: false }>> {
  if (!isFlowId(id)) return { ok: false, code: 'FLOW_NOT_FOUND' };
  const row = await selectLoginSnapshot.first(
    db,
    id,
    sessionIdHash,
    keys.ipLock,
    keys.accountLock,
    keys.username,
  );
  if (!row) return { ok: false, code: 'FLOW_NOT_FOUND' };
  const {
    ipLockedUntil,
    accountLockedUntil,
    otpIssuedAt,
    accountId,
    accountPasswordHash,
    accountPhone,
    ...flowRow
  } = row;
  const loaded = storedFlow<D>(flowRow, now);
  if (!loaded.ok) return loaded;
  return {
    ok: true,
    snapshot: {
      flow: loaded.flow,
      ipLockedUntil: Number(ipLockedUntil ?? 0),
      accountLockedUntil: Number(accountLockedUntil ?? 0),
      account:
        accountId === null
          ? undefined
          : { id: accountId, passwordHash: accountPasswordHash, phone: accountPhone },
      otpIssuedAt: otpIssuedAt === null ? undefined : Number(otpIssuedAt),
    },
  };
}
