/**
 * Ending the provider's sessions: back-channel logout to every client of the session, its grants and
 * tokens revoked, the session deleted. A provider session is found from the browser's cookie (portal
 * sign-out) or from the portal session that started it (a session revoked on the account page): that link
 * (portal session hash → provider session uid) is stored when an authorization succeeds.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from '../portalContext.js';
import { tokenHash } from '../security/secretDigest.js';
import { SESSION_COOKIE } from '../web/requestContext.js';
import { OidcAdapter } from './oidcAdapter.js';
import type { NationalProvider, ProviderContext, ProviderSession } from './providerApi.js';

export class ProviderSessions {
  private readonly links: OidcAdapter;

  constructor(
    private readonly provider: NationalProvider,
    private readonly ctx: PortalContext,
    private readonly log: FastifyBaseLogger,
  ) {
    this.links = new OidcAdapter(ctx.db, ctx.clock, 'PortalSessionLink');
    provider.on('authorization.success', (...args: unknown[]) => this.link(args[0] as ProviderContext));
  }

  /** Remembers which provider session the browser's portal session is using. */
  private link(c: ProviderContext): void {
    const token = c.cookies.get(SESSION_COOKIE, { signed: false });
    const uid = c.oidc.session?.uid;
    if (!token || !uid) return;
    this.links
      .upsert(tokenHash(token), { uid }, Math.floor(this.ctx.config.limits.sessionAbsoluteMs / 1000))
      .catch((err: unknown) => this.log.warn({ err }, 'provider session link not stored'));
  }

  /** Ends a provider session (nothing to do for a session nobody signed in to). */
  async end(session: ProviderSession): Promise<void> {
    const { accountId } = session;
    if (!accountId) return;
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
