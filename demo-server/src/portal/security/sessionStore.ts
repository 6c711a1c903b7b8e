/**
 * Server-side sessions. The cookie carries only a random 256-bit token; the database keeps its SHA-256,
 * the CSRF token, the signed-in account and the timestamps for the idle and absolute timeouts.
 */

import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { PortalLimits } from '../config.js';
import type { PortalDatabase, SessionTable } from '../db/schema.js';
import { randomToken, tokenHash } from './secretDigest.js';

export type SessionRecord = SessionTable;

/** Any database with the portal's `sessions` table (the national portal's, the ministry portal's). */
export type SessionDb = Kysely<Pick<PortalDatabase, 'sessions'>>;

/** lastSeenAt is written at most this often, to spare the database one write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionStore {
  constructor(
    private readonly db: SessionDb,
    private readonly clock: Clock,
    private readonly limits: Pick<PortalLimits, 'sessionIdleMs' | 'sessionAbsoluteMs'>,
  ) {}

  async create(ip: string, userAgent: string, accountId: string | null = null) {
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
    await this.db.insertInto('sessions').values(record).execute();
    return { token, record };
  }

  /** The live session for a cookie token, or undefined (unknown, idle too long, or too old). */
  async load(token: string | undefined): Promise<SessionRecord | undefined> {
    if (!token || token.length > 100) return undefined;
    const idHash = tokenHash(token);
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('idHash', '=', idHash)
      .executeTakeFirst();
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

  /** Replaces a session by a new one (new token and CSRF token), e.g. after sign-in. */
  async rotate(old: SessionRecord, accountId: string | null) {
    await this.destroy(old.idHash);
    return this.create(old.ip, old.userAgent, accountId);
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
