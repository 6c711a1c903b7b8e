/**
 * The portal's side of an authorization, at /oauth2/interaction/:uid:
 *   GET — not signed in → the portal's login page (all its methods), then back here; signed in below the
 *     requested LoA, or less recently than prompt=login / max_age allow → "sign in again"; signed in → the
 *     provider session is started from the portal session (acr, amr, auth_time); then "Xác nhận chia sẻ";
 *   POST — action=allow|deny (consent), relogin|cancel (sign in again), with the portal's CSRF token;
 * and /dang-nhap/tiep-tuc, where page scripts go after a sign-in completed through the JSON API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from '../portalContext.js';
import { audit } from '../security/auditLog.js';
import { rotateSession } from '../web/requestContext.js';
import { type PageRenderer, sendPage } from '../web/sendPage.js';
import { accountClaims, PORTAL_CLAIMS, populationRecordOf } from './citizenClaims.js';
import { acrOf, requiredLevel } from './levelOfAssurance.js';
import { INTERACTION_PATH, OIDC_TTL } from './nationalProvider.js';
import { OidcAdapter } from './oidcAdapter.js';
import { oidcText } from './oidcTexts.js';
import {
  CONTINUE_PATH,
  rememberPendingAuthorization,
  takePendingAuthorization,
} from './pendingAuthorization.js';
import type { InteractionRecord, NationalProvider } from './providerApi.js';
import { describedSignInOf } from './signInRecords.js';
import { ConsentPage, SsoMessagePage, StepUpPage } from './ssoPages.js';

export function registerInteractionRoutes(
  app: FastifyInstance,
  ctx: PortalContext,
  pages: PageRenderer,
  provider: NationalProvider,
  /** Client id → name shown to the citizen. */
  clientNames: ReadonlyMap<string, string>,
): void {
  const secureCookies = ctx.config.publicOrigin.startsWith('https:');

  // Where page scripts go after a sign-in completed through the API (SIM, remote signature): back to a
  // pending authorization, else the account page.
  app.get(CONTINUE_PATH, async (req, reply) => {
    if (!req.portalSession?.accountId) return reply.redirect('/dang-nhap', 303);
    return reply.redirect(takePendingAuthorization(req, reply) ?? '/tai-khoan', 303);
  });

  /** When the citizen chose "Đăng nhập lại" on an interaction (uid → ms), shared by every instance. */
  const relogins = new OidcAdapter(ctx.db, ctx.clock, 'PortalRelogin');

  async function interaction(req: FastifyRequest, reply: FastifyReply, uid: string) {
    try {
      const details = await provider.interactionDetails(req.raw, reply.raw);
      return details.uid === uid ? details : undefined;
    } catch {
      return undefined;
    }
  }

  async function expired(req: FastifyRequest, reply: FastifyReply) {
    const page = await pages.context(req, reply);
    return sendPage(
      reply.code(400),
      SsoMessagePage({
        page,
        title: oidcText(page.lang, 'providerError'),
        text: oidcText(page.lang, 'interactionExpired'),
        code: 'SSO_INTERACTION_EXPIRED',
        type: 'error',
      }),
    );
  }

  function sendToLogin(reply: FastifyReply, uid: string) {
    rememberPendingAuthorization(reply, uid, {
      secure: secureCookies,
      maxAgeSeconds: Math.floor(ctx.config.limits.flowTtlMs / 1000),
    });
    return reply.redirect('/dang-nhap', 303);
  }

  async function finish(
    req: FastifyRequest,
    reply: FastifyReply,
    result: Record<string, unknown>,
    merge: boolean,
  ) {
    reply.hijack();
    await provider.interactionFinished(req.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  }

  /** Whose consent the interaction needs: the portal session's account, if it is the interaction's. */
  function consentAccount(req: FastifyRequest, details: InteractionRecord): string | undefined {
    const accountId = req.portalSession?.accountId ?? undefined;
    return details.prompt.name === 'consent' && accountId && details.session?.accountId === accountId
      ? accountId
      : undefined;
  }

  app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (req, reply) => {
    const details = await interaction(req, reply, req.params.uid);
    if (!details) return expired(req, reply);
    const clientName = clientNames.get(String(details.params.client_id)) ?? String(details.params.client_id);
    const s = req.portalSession;
    if (!s?.accountId) return sendToLogin(reply, details.uid);
    const accountId = consentAccount(req, details);
    if (accountId) {
      const account = await ctx.db
        .selectFrom('accounts')
        .select([
          'id',
          'subject',
          'idNumber',
          'fullName',
          'dateOfBirth',
          'phone',
          'email',
          'bhxhCode',
          'username',
        ])
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!account) return expired(req, reply);
      // The list names what this account will actually share (claims the portal has, nothing else).
      const shared = accountClaims(account, await populationRecordOf(ctx.systems, account), 'LoA1');
      const page = await pages.context(req, reply);
      return sendPage(
        reply,
        ConsentPage({
          page,
          uid: details.uid,
          clientName,
          accountName: `${account.fullName} (${account.username})`,
          claims: PORTAL_CLAIMS.filter((c) => shared[c] !== undefined),
        }),
      );
    }
    // Login (or the portal session changed account since): start the provider session from the portal's.
    const signIn = await describedSignInOf(ctx.db, ctx.clock, s.idHash, s.accountId);
    if (!signIn || signIn.level < requiredLevel(details.params.acr_values)) {
      const page = await pages.context(req, reply);
      return sendPage(reply, StepUpPage({ page, uid: details.uid, clientName, reason: 'loa' }));
    }
    // prompt=login or max_age: only a sign-in made after "Đăng nhập lại" on this interaction will do.
    const relogin = await relogins.find(details.uid);
    const fresh = typeof relogin?.at === 'number' && signIn.authTime >= relogin.at;
    const maxAge = Number(details.params.max_age);
    const tooOld = Number.isFinite(maxAge) && ctx.clock() - signIn.authTime > maxAge * 1000;
    const forced = String(details.params.prompt ?? '')
      .split(' ')
      .includes('login');
    if (!fresh && (forced || tooOld)) {
      const page = await pages.context(req, reply);
      return sendPage(reply, StepUpPage({ page, uid: details.uid, clientName, reason: 'fresh' }));
    }
    return finish(
      req,
      reply,
      {
        login: {
          accountId: s.accountId,
          acr: acrOf(signIn.level),
          amr: signIn.amr,
          ts: Math.floor(signIn.authTime / 1000),
        },
      },
      false,
    );
  });

  app.post<{ Params: { uid: string }; Body: { action?: unknown } | undefined }>(
    `${INTERACTION_PATH}/:uid`,
    async (req, reply) => {
      const details = await interaction(req, reply, req.params.uid);
      if (!details) return expired(req, reply);
      const action = req.body?.action;
      const clientId = String(details.params.client_id);
      if (action === 'relogin') {
        await relogins.upsert(details.uid, { at: ctx.clock() }, OIDC_TTL.Interaction);
        const s = req.portalSession;
        if (s?.accountId) {
          await audit(ctx.db, ctx.clock, 'session.signed_out', s.accountId, req.ip, {
            reason: 'sso_step_up',
          });
          // The relying party asks for the new sign-in: its session is not ended meanwhile (a back-channel
          // logout would drop its pending request); the rotation moves the provider session's link to the
          // new portal session, so it ends with that one if the sign-in is abandoned.
          await rotateSession(ctx, req, reply, null);
        }
        return sendToLogin(reply, details.uid);
      }
      if (action === 'cancel')
        return finish(
          req,
          reply,
          { error: 'access_denied', error_description: oidcText('en', 'cancelledDescription') },
          false,
        );
      const accountId = consentAccount(req, details);
      if (!accountId || (action !== 'allow' && action !== 'deny')) return expired(req, reply);
      if (action === 'deny') {
        await audit(ctx.db, ctx.clock, 'sso.consent_denied', accountId, req.ip, { client: clientId });
        return finish(
          req,
          reply,
          { error: 'access_denied', error_description: oidcText('en', 'deniedDescription') },
          false,
        );
      }
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId, clientId });
      const missingScope = details.prompt.details.missingOIDCScope;
      grant.addOIDCScope(Array.isArray(missingScope) ? missingScope.join(' ') : 'openid');
      const missingClaims = details.prompt.details.missingOIDCClaims;
      if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
      const grantId = await grant.save();
      await audit(ctx.db, ctx.clock, 'sso.consent_given', accountId, req.ip, { client: clientId });
      return finish(req, reply, { consent: { grantId } }, true);
    },
  );
}
