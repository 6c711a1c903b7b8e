/**
 * Single sign-on through the national portal:
 *   GET  /dang-nhap/dvcqg?returnTo=&acr=  — start (303 to the national portal's /oauth2/authorize); with
 *                                          acr=LoA2 the callback refuses an ID token of a lower `acr`;
 *   GET  /dang-nhap/dvcqg/callback         — code exchange, userinfo, then sign-in / link / account creation;
 *   POST /dang-nhap/dvcqg/backchannel-logout — the national portal's logout token (no session, no CSRF);
 *   POST /dang-xuat                        — sign out here, then at the national portal (RP-initiated logout).
 * The start is a plain link (GET): the state, nonce and PKCE verifier stay server-side, bound to the session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../../portal/security/auditLog.js';
import { consumeRate } from '../../portal/security/rateLimiter.js';
import { sendPage } from '../../portal/web/sendPage.js';
import { accountById, missingProfileFields } from '../accounts/ministryAccounts.js';
import { startFlow } from '../linking/ministryFlows.js';
import { decideArrival } from '../linking/nationalArrival.js';
import type { MinistryContext } from '../ministryContext.js';
import { tr } from '../web/ministryLayout.js';
import type { MinistryMessageCode } from '../web/ministryMessages.js';
import { MessagePage } from '../web/ministryPages.js';
import { ensureMinistrySession, rotateMinistrySession } from '../web/ministryRequestContext.js';
import { notifyAccount, pageContext, safeReturnTo, signIn } from '../web/ministrySession.js';
import {
  consumeLogoutToken,
  endNationalSessions,
  LogoutTokenError,
  verifyLogoutToken,
} from './backchannelLogout.js';
import {
  type LevelOfAssurance,
  NationalPortalUnavailableError,
  type NationalSignIn,
  newPendingAuthorization,
} from './nationalPortalClient.js';

export const LINK_BASE = '/lien-ket';

export function registerSsoRoutes(app: FastifyInstance, ctx: MinistryContext): void {
  async function message(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: MinistryMessageCode,
    type: 'error' | 'success' | 'info' = 'error',
  ) {
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply.code(status),
      MessagePage({
        page,
        title: tr(page.lang, { vi: 'Đăng nhập', en: 'Sign in' }),
        messages: [{ code, type }],
        next: { href: '/dang-nhap', label: tr(page.lang, { vi: 'Đăng nhập lại', en: 'Sign in again' }) },
      }),
    );
  }

  app.get<{ Querystring: { returnTo?: string; acr?: string } }>('/dang-nhap/dvcqg', async (req, reply) => {
    const session = await ensureMinistrySession(ctx, req, reply);
    // Each start stores a pending request: bound the number one client address can leave behind.
    const rate = await consumeRate(
      ctx.db,
      ctx.clock,
      'sso-start-ip',
      req.ip.slice(0, 64),
      ctx.config.limits.ssoStartsPerIp,
      ctx.config.limits.ssoStartWindowMs,
    );
    if (!rate.allowed) {
      reply.header('retry-after', String(Math.ceil(rate.retryAfterMs / 1000)));
      return message(req, reply, 429, 'TOO_MANY_REQUESTS');
    }
    const returnTo = safeReturnTo(req.query.returnTo);
    const acr: LevelOfAssurance | undefined =
      req.query.acr === 'LoA1' || req.query.acr === 'LoA2' ? req.query.acr : undefined;
    const pending = newPendingAuthorization();
    let url: URL;
    try {
      url = await ctx.nationalPortal.authorizationUrl(pending, acr);
    } catch (e) {
      if (!(e instanceof NationalPortalUnavailableError)) throw e;
      req.log.warn({ err: e }, 'national portal unavailable');
      return message(req, reply, 503, 'NATIONAL_PORTAL_UNAVAILABLE');
    }
    const now = ctx.clock();
    await ctx.db.deleteFrom('ssoRequests').where('expiresAt', '<', now).execute();
    await ctx.db
      .insertInto('ssoRequests')
      .values({
        state: pending.state,
        sessionIdHash: session.idHash,
        codeVerifier: pending.codeVerifier,
        nonce: pending.nonce,
        returnTo,
        acr: acr ?? null,
        expiresAt: now + ctx.config.limits.ssoRequestTtlMs,
      })
      .execute();
    return reply.redirect(url.href, 303);
  });

  app.get('/dang-nhap/dvcqg/callback', async (req, reply) => {
    const session = await ensureMinistrySession(ctx, req, reply);
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const state = query.get('state') ?? '';
    // The request is single-use and only valid in the browser session that began it.
    const request = state
      ? await ctx.db
          .selectFrom('ssoRequests')
          .selectAll()
          .where('state', '=', state)
          .where('sessionIdHash', '=', session.idHash)
          .executeTakeFirst()
      : undefined;
    if (request) await ctx.db.deleteFrom('ssoRequests').where('state', '=', state).execute();
    if (!request || request.expiresAt <= ctx.clock() || query.has('error')) {
      req.log.warn(
        { error: query.get('error') ?? undefined, known: Boolean(request) },
        'SSO callback refused',
      );
      return message(req, reply, 400, 'SSO_REJECTED');
    }
    let national: NationalSignIn;
    try {
      national = await ctx.nationalPortal.complete(query, request);
    } catch (e) {
      if (e instanceof NationalPortalUnavailableError) {
        req.log.warn({ err: e }, 'national portal unavailable');
        return message(req, reply, 503, 'NATIONAL_PORTAL_UNAVAILABLE');
      }
      req.log.warn({ err: e }, 'SSO code exchange refused');
      return message(req, reply, 400, 'SSO_REJECTED');
    }
    // acr_values is only a request (the browser carries it and could edit it): the ID token must show the level.
    if (request.acr === 'LoA2' && national.acr !== 'LoA2') {
      req.log.warn({ requested: request.acr, acr: national.acr ?? null }, 'SSO level of assurance too low');
      return message(req, reply, 403, 'SSO_LEVEL_TOO_LOW');
    }
    const sessionLink = {
      issuer: national.issuer,
      subject: national.subject,
      sid: national.sid,
      idToken: national.idToken,
    };
    const decision = await decideArrival(ctx.db, ctx.clock, national);
    const returnTo = request.returnTo;
    switch (decision.kind) {
      case 'signIn':
        await signIn(
          ctx,
          req,
          reply,
          decision.accountId,
          'login.dvcqg',
          { acr: national.acr ?? null, amr: national.amr ?? null },
          sessionLink,
        );
        return reply.redirect(returnTo, 303);
      case 'created': {
        await signIn(
          ctx,
          req,
          reply,
          decision.accountId,
          'account.created_from_dvcqg',
          { acr: national.acr ?? null, amr: national.amr ?? null },
          sessionLink,
        );
        await appendAudit(ctx.db, ctx.clock, 'link.created', decision.accountId, req.ip, {
          issuer: national.issuer,
          method: 'new-account',
        });
        const account = await accountById(ctx.db, decision.accountId);
        if (account) {
          await notifyAccount(ctx, req, account, ...linkNotice('created'));
          if (missingProfileFields(account).length > 0)
            return reply.redirect(`/hoan-thien-tai-khoan?returnTo=${encodeURIComponent(returnTo)}`, 303);
        }
        return reply.redirect(returnTo, 303);
      }
      case 'confirmLink': {
        const flow = await startFlow(ctx.db, ctx.clock, ctx.config.limits.flowTtlMs, {
          sessionIdHash: session.idHash,
          purpose: 'link',
          accountId: decision.accountId,
          returnTo,
          national: { ...sessionLink, userinfo: national.userinfo },
        });
        return reply.redirect(`${LINK_BASE}/${flow.id}`, 303);
      }
      case 'refused':
        if (decision.code === 'IDENTITY_MISMATCH')
          await appendAudit(ctx.db, ctx.clock, 'link.takeover_refused', decision.accountId ?? null, req.ip, {
            issuer: national.issuer,
          });
        return message(req, reply, 403, decision.code);
    }
  });

  app.post<{ Body: { logout_token?: unknown } }>(
    '/dang-nhap/dvcqg/backchannel-logout',
    { config: { csrfExempt: true } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const now = ctx.clock();
      const maxAgeMs = ctx.config.limits.logoutTokenMaxAgeMs;
      try {
        const keys = await ctx.nationalPortal.signingKeys().catch(() => {
          throw new LogoutTokenError('KEYS_UNAVAILABLE');
        });
        const logout = await verifyLogoutToken(String(req.body?.logout_token ?? ''), {
          issuer: ctx.nationalPortal.issuer,
          clientId: ctx.nationalPortal.clientId,
          keys,
          now,
          maxAgeMs,
        });
        await consumeLogoutToken(ctx.db, ctx.nationalPortal.issuer, logout.jti, now + 2 * maxAgeMs, now);
        const ended = await endNationalSessions(ctx.db, ctx.nationalPortal.issuer, logout);
        await appendAudit(ctx.db, ctx.clock, 'session.backchannel_logout', null, req.ip, {
          sessions: ended,
        });
        return reply.code(200).send();
      } catch (e) {
        if (!(e instanceof LogoutTokenError)) throw e;
        req.log.warn({ reason: e.reason }, 'back-channel logout token refused');
        return reply
          .code(e.reason === 'KEYS_UNAVAILABLE' ? 503 : 400)
          .send({ error: 'invalid_request', error_description: e.reason });
      }
    },
  );

  app.post('/dang-xuat', async (req, reply) => {
    const session = req.ministrySession;
    let endSession: string | undefined;
    if (session) {
      const national = await ctx.db
        .selectFrom('nationalLogins')
        .select('idToken')
        .where('sessionIdHash', '=', session.idHash)
        .executeTakeFirst();
      await ctx.db.deleteFrom('nationalLogins').where('sessionIdHash', '=', session.idHash).execute();
      if (session.accountId)
        await appendAudit(ctx.db, ctx.clock, 'session.signed_out', session.accountId, req.ip, {});
      if (national)
        endSession = await ctx.nationalPortal
          .endSessionUrl(national.idToken, `${ctx.config.publicOrigin}/`)
          .then((u) => u?.href)
          .catch(() => undefined);
      await rotateMinistrySession(ctx, req, reply, null);
    }
    return reply.redirect(endSession ?? '/', 303);
  });
}

/** Subject and text of the e-mail sent on link events (Vietnamese then English). */
export function linkNotice(kind: 'created' | 'linked' | 'unlinked'): [string, string] {
  const texts = {
    created: [
      'Tài khoản Cổng DVC Bộ Công an đã được tạo và liên kết / Ministry account created and linked',
      'Tài khoản Cổng dịch vụ công Bộ Công an của bạn đã được tạo từ tài khoản Cổng dịch vụ công Quốc gia và liên kết với tài khoản đó. Nếu không phải bạn thực hiện, hãy liên hệ bộ phận hỗ trợ.\n\nYour Ministry portal account was created from your National Public Service Portal account and linked to it. If this was not you, contact support.',
    ],
    linked: [
      'Đã liên kết tài khoản Cổng DVCQG / National Portal account linked',
      'Tài khoản Cổng dịch vụ công Bộ Công an của bạn vừa được liên kết với một tài khoản Cổng dịch vụ công Quốc gia. Nếu không phải bạn thực hiện, hãy hủy liên kết và đổi mật khẩu.\n\nYour Ministry portal account was just linked to a National Public Service Portal account. If this was not you, remove the link and change your password.',
    ],
    unlinked: [
      'Đã hủy liên kết tài khoản Cổng DVCQG / National Portal link removed',
      'Liên kết giữa tài khoản Cổng dịch vụ công Bộ Công an của bạn và Cổng dịch vụ công Quốc gia vừa được hủy. Nếu không phải bạn thực hiện, hãy liên hệ bộ phận hỗ trợ.\n\nThe link between your Ministry portal account and the National Public Service Portal was just removed. If this was not you, contact support.',
    ],
  } as const;
  return [...texts[kind]];
}
