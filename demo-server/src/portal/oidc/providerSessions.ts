/**
 * Ending the provider's sessions: back-channel logout to every client of the session, its grants and
 * tokens revoked, the session deleted. A provider session is found from the browser's cookie (portal
 * sign-out), from the portal session that started it (a session revoked on the account page), or by the
 * periodic sweep of portal sessions that ended without a sign-out (idle, absolute lifetime): the link
 * (portal session hash → provider session uid) is stored when an authorization succeeds.
 *
 * Exactly once, whichever instance and path gets there first: the sweep claims a link by deleting it
 * (`DELETE … RETURNING`), and ending a provider session starts by deleting its row — only the caller whose
 * delete removed it sends the back-channel logouts.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { PortalContext } from '../portalContext.js';
import { tokenHash } from '../security/secretDigest.js';
import type { SessionRecord } from '../security/sessionStore.js';
import { SESSION_COOKIE } from '../web/requestContext.js';
import { OidcAdapter } from './oidcAdapter.js';
import type { NationalProvider, ProviderContext, ProviderSession } from './providerApi.js';

/** Model of the links portal session → provider session in `oidc_payloads`. */
const LINK_MODEL = 'PortalSessionLink';

/** Every sign-in rotates the session and moves its link (none, mostly): compiled once (db/precompiledQuery.ts). */
const moveLink = precompiledQuery(
  4,
  (db: PortalDb, model: string, fromIdHash: string, toIdHash: string, expiresAt: number) =>
    db
      .updateTable('oidcPayloads')
      .set({ id: toIdHash, expiresAt })
      .where('model', '=', model)
      .where('id', '=', fromIdHash),
);
/** Links handled per sweep (the rest wait for the next one). */
const SWEEP_BATCH = 200;

export class ProviderSessions {
  private readonly links: OidcAdapter;

  constructor(
    private readonly provider: NationalProvider,
    private readonly ctx: PortalContext,
    private readonly log: FastifyBaseLogger,
  ) {
    this.links = new OidcAdapter(ctx.db, ctx.clock, LINK_MODEL);
    provider.on('authorization.success', (...args: unknown[]) => this.link(args[0] as ProviderContext));
    ctx.sessions.onRotate((from, to) =>
      this.followRotation(from, to).catch((err: unknown) =>
        this.log.warn({ err }, 'provider session link not moved on session rotation'),
      ),
    );
  }

  /** How long a link is kept: past the portal session's longest life, so the sweep finds it after it ended. */
  private get linkSeconds(): number {
    return Math.floor((2 * this.ctx.config.limits.sessionAbsoluteMs) / 1000);
  }

  /**
   * A portal session was replaced by a new one (sign-in on a signed-in browser, "Đăng nhập lại", sign-out
   * after its link was dropped): the link moves to the new session, so that the sweep ends the provider
   * session when the new one ends — not while the browser is still signed in (S1 gone, S2 live), and not
   * never (an abandoned "Đăng nhập lại"). A sign-in as another account ends the old account's provider
   * session instead.
   */
  private async followRotation(from: SessionRecord, to: SessionRecord): Promise<void> {
    if (from.accountId && to.accountId && from.accountId !== to.accountId) {
      await this.endForPortalSession(from.idHash);
      return;
    }
    const expiresAt = this.ctx.clock() + this.linkSeconds * 1000;
    await moveLink.execute(this.ctx.db, LINK_MODEL, from.idHash, to.idHash, expiresAt);
  }

  /** Remembers which provider session the browser's portal session is using. */
  private link(c: ProviderContext): void {
    const token = c.cookies.get(SESSION_COOKIE, { signed: false });
    const uid = c.oidc.session?.uid;
    if (!token || !uid) return;
    // Kept past the portal session's longest life, so that the sweep finds it after the session ended.
    this.links
      .upsert(tokenHash(token), { uid }, this.linkSeconds)
      .catch((err: unknown) => this.log.warn({ err }, 'provider session link not stored'));
  }

  /**
   * Ends a provider session (nothing to do for a session nobody signed in to, or one another caller is
   * ending); true when this call ended it.
   */
  async end(session: ProviderSession): Promise<boolean> {
    const { accountId } = session;
    if (!accountId) return false;
    const claimed = await this.ctx.db
      .deleteFrom('oidcPayloads')
      .where('model', '=', 'Session')
      .where('id', '=', session.jti)
      .executeTakeFirst();
    if (Number(claimed.numDeletedRows) !== 1) return false;
    const p = this.provider;
    // Every client at once: one unreachable client costs at most the 2.5 s timeout, not one per client.
    await Promise.all(
      Object.entries(session.authorizations ?? {}).map(async ([clientId, authorization]) => {
        const client = await p.Client.find(clientId).catch(() => undefined);
        if (client?.backchannelLogoutUri)
          await client
            .backchannelLogout(accountId, session.sidFor(clientId))
            .catch((err: unknown) => this.log.warn({ err, client: clientId }, 'back-channel logout failed'));
        if (authorization.grantId && !authorization.persistsLogout) {
          const grantId = authorization.grantId;
          await p.AccessToken.revokeByGrantId(grantId);
          await p.AuthorizationCode.revokeByGrantId(grantId);
          await p.RefreshToken.revokeByGrantId(grantId);
          await (await p.Grant.find(grantId))?.destroy();
        }
      }),
    );
    await session.destroy();
    return true;
  }

  /**
   * The portal sessions that ended without a sign-out (idle too long, past their absolute lifetime, or
   * gone): their provider sessions end, with back-channel logout. Each link is claimed by deleting it, so
   * two instances sweeping at once never both handle it; a provider session that another, live portal
   * session still uses (signed in again since) is left alone. Returns how many provider sessions ended.
   */
  async sweepEnded(): Promise<number> {
    const { db } = this.ctx;
    const now = this.ctx.clock();
    const { sessionIdleMs, sessionAbsoluteMs } = this.ctx.config.limits;
    const live = db
      .selectFrom('sessions')
      .select('idHash')
      .where('lastSeenAt', '>', now - sessionIdleMs)
      .where('createdAt', '>', now - sessionAbsoluteMs);
    const stale = await db
      .selectFrom('oidcPayloads')
      .select('id')
      .where('model', '=', LINK_MODEL)
      .where('id', 'not in', live)
      .limit(SWEEP_BATCH)
      .execute();
    let ended = 0;
    for (const { id } of stale) {
      const claimed = await db
        .deleteFrom('oidcPayloads')
        .where('model', '=', LINK_MODEL)
        .where('id', '=', id)
        .returning('uid')
        .executeTakeFirst();
      if (!claimed?.uid) continue;
      const shared = await db
        .selectFrom('oidcPayloads')
        .select('id')
        .where('model', '=', LINK_MODEL)
        .where('uid', '=', claimed.uid)
        .executeTakeFirst();
      if (shared) continue;
      const session = await this.provider.Session.findByUid(claimed.uid);
      if (session && (await this.end(session))) ended++;
    }
    return ended;
  }

  /**
   * Runs `sweepEnded` every `intervalMs` (0: never) until the returned stop is called, which also waits for
   * a sweep in progress; a failed sweep is logged and the next one runs as planned.
   */
  startSweeping(intervalMs: number): () => Promise<void> {
    if (intervalMs <= 0) return async () => undefined;
    let current: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (current) return;
      current = this.sweepEnded()
        .then((n) => {
          if (n > 0) this.log.info({ ended: n }, 'provider sessions of ended portal sessions closed');
        })
        .catch((err: unknown) => this.log.warn({ err }, 'provider session sweep failed'))
        .finally(() => {
          current = undefined;
        });
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await current;
    };
  }

  /** The browser signs out of the portal: its provider session (cookie) ends, the cookie is cleared. */
  async endForBrowser(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (req.portalSession) await this.links.destroy(req.portalSession.idHash);
    await this.end(await this.provider.Session.get(this.provider.createContext(req.raw, reply.raw)));
    const name = this.provider.cookieName('session');
    reply.clearCookie(name, { path: '/' });
    reply.clearCookie(`${name}.sig`, { path: '/' });
  }

  /** A portal session was revoked: the provider session it started ends. */
  async endForPortalSession(sessionIdHash: string): Promise<void> {
    const link = await this.links.find(sessionIdHash);
    await this.links.destroy(sessionIdHash);
    const session =
      typeof link?.uid === 'string' ? await this.provider.Session.findByUid(link.uid) : undefined;
    if (session) await this.end(session);
  }
}
