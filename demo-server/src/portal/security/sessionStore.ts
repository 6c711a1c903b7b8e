/**
 * Server-side sessions. The cookie carries only a random 256-bit token; the database keeps its SHA-256,
 * the CSRF token, the signed-in account and the timestamps for the idle and absolute timeouts.
 */

import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { PortalLimits } from '../config.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalDatabase, SessionTable } from '../db/schema.js';
import { randomToken, tokenHash } from './secretDigest.js';

export type SessionRecord = SessionTable;

/** Any database with the portal's `sessions` table (the national portal's, the ministry portal's). */
export type SessionDb = Kysely<Pick<PortalDatabase, 'sessions'>>;

/** lastSeenAt is written at most this often, to spare the database one write per request. */
const TOUCH_INTERVAL_MS = 60_000;

type SessionRow = readonly [
  idHash: string,
  csrfToken: string,
  accountId: string | null,
  userAgent: string,
  ip: string,
  createdAt: number,
  lastSeenAt: number,
];

const rowOf = (r: SessionRecord): SessionRow => [
  r.idHash,
  r.csrfToken,
  r.accountId,
  r.userAgent,
  r.ip,
  r.createdAt,
  r.lastSeenAt,
];

// The statements of every request (load) and of every sign-in (insert, rotate), compiled once.
const insertSession = precompiledQuery(
  7,
  (db: SessionDb, ...[idHash, csrfToken, accountId, userAgent, ip, createdAt, lastSeenAt]: SessionRow) =>
    db.insertInto('sessions').values({ idHash, csrfToken, accountId, userAgent, ip, createdAt, lastSeenAt }),
);
const selectSession = precompiledQuery(1, (db: SessionDb, idHash: string) =>
  db.selectFrom('sessions').selectAll().where('idHash', '=', idHash),
);
const replaceSession = precompiledQuery(
  8,
  (
    db: SessionDb,
    ...[idHash, csrfToken, accountId, userAgent, ip, createdAt, lastSeenAt, oldIdHash]: [
      ...SessionRow,
      string,
    ]
  ) =>
    db
      .updateTable('sessions')
      .set({ idHash, csrfToken, accountId, userAgent, ip, createdAt, lastSeenAt })
      .where('idHash', '=', oldIdHash),
);

/** Told of each rotation, after it is stored (the SSO provider moves its session links with it). */
export type SessionRotationListener = (from: SessionRecord, to: SessionRecord) => Promise<void>;

export class SessionStore {
  private readonly rotationListeners: SessionRotationListener[] = [];

  constructor(
    private readonly db: SessionDb,
    private readonly clock: Clock,
    private readonly limits: Pick<PortalLimits, 'sessionIdleMs' | 'sessionAbsoluteMs'>,
  ) {}

  /** A new session record and the cookie token that names it (not stored yet). */
  private fresh(ip: string, userAgent: string, accountId: string | null) {
    const token = randomToken(32);
    const now = this.clock();
    const record: SessionRecord = {
      idHash: tokenHash(token),
      csrfToken: randomToken(32),
      accountId,
      userAgent: userAgent.slice(0, 200),
      ip: ip.slice(0, 64),
      createdAt: now,
      lastSeenAt: now,
    };
    return { token, record };
  }

  async create(ip: string, userAgent: string, accountId: string | null = null) {
    const created = this.fresh(ip, userAgent, accountId);
    await insertSession.execute(this.db, ...rowOf(created.record));
    return created;
  }

  /** The live session for a cookie token, or undefined (unknown, idle too long, or too old). */
  async load(token: string | undefined): Promise<SessionRecord | undefined> {
    if (!token || token.length > 100) return undefined;
    const idHash = tokenHash(token);
    const row = await selectSession.first(this.db, idHash);
    if (!row) return undefined;
    const now = this.clock();
    if (
      row.lastSeenAt + this.limits.sessionIdleMs <= now ||
      row.createdAt + this.limits.sessionAbsoluteMs <= now
    ) {
      await this.destroy(idHash);
      return undefined;
    }
    if (now - row.lastSeenAt >= TOUCH_INTERVAL_MS) {
      await this.db.updateTable('sessions').set({ lastSeenAt: now }).where('idHash', '=', idHash).execute();
      row.lastSeenAt = now;
    }
    return row;
  }

  /**
   * Replaces a session by a new one (new token and CSRF token, new timestamps), e.g. after sign-in: the old
   * token names no session afterwards. One statement (the row takes the new identity); a new row only when
   * the old one is already gone.
   */
  async rotate(old: SessionRecord, accountId: string | null) {
    const rotated = this.fresh(old.ip, old.userAgent, accountId);
    const updated = await replaceSession.affected(this.db, ...rowOf(rotated.record), old.idHash);
    if (updated !== 1) await insertSession.execute(this.db, ...rowOf(rotated.record));
    for (const listener of this.rotationListeners) await listener(old, rotated.record);
    return rotated;
  }

  /** Calls `listener` after every rotation, in order; it must not throw (log instead). */
  onRotate(listener: SessionRotationListener): void {
    this.rotationListeners.push(listener);
  }

  async destroy(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
  }

  async listForAccount(accountId: string): Promise<SessionRecord[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('accountId', '=', accountId)
      .orderBy('lastSeenAt', 'desc')
      .execute();
  }

  /** Signs out one of the account's sessions; false when it is not the account's. */
  async destroyForAccount(accountId: string, idHash: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('sessions')
      .where('accountId', '=', accountId)
      .where('idHash', '=', idHash)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }
}
