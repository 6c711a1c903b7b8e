/**
 * Routes of the flows that end with a re-authentication to a local BCA account:
 *   POST /dang-nhap {idNumber, password}   — local sign-in: password, then /dang-nhap/xac-thuc/:id (OTP);
 *   GET  /dang-nhap/usb                    — local sign-in with the USB token;
 *   GET  /lien-ket/:id                     — "Xác nhận liên kết tài khoản" (or the unlink confirmation);
 *   POST <base>/:id/mat-khau {password}    — password step (an OTP goes to the account's phone);
 *   POST <base>/:id/otp {otp}              — OTP step;
 *   POST <base>/:id/usb {authToken}        — USB step (Kyso page SDK `authenticate` over the page's nonce);
 *   POST <base>/:id/huy                    — cancel;
 *   POST /tai-khoan/huy-lien-ket {issuer}  — start unlinking (re-authentication required);
 *   GET|POST /hoan-thien-tai-khoan         — complete a new account's missing e-mail / phone.
 * <base> is /dang-nhap/xac-thuc for sign-in flows and /lien-ket for link and unlink flows.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../../portal/security/auditLog.js';
import { abortSignalOfResponse } from '../../portal/security/requestAbort.js';
import { sendPage } from '../../portal/web/sendPage.js';
import {
  accountById,
  missingProfileFields,
  storeNationalClaims,
  updateContact,
} from '../accounts/ministryAccounts.js';
import {
  identityKey,
  isEmailAddress,
  isMobileNumber,
  profileFromClaims,
} from '../accounts/nationalClaims.js';
import type { FlowPurpose } from '../db/ministrySchema.js';
import type { MinistryContext } from '../ministryContext.js';
import { LINK_BASE, linkNotice } from '../sso/ssoRoutes.js';
import { tr } from '../web/ministryLayout.js';
import type { MinistryMessageCode, PageMessage } from '../web/ministryMessages.js';
import { CompleteAccountPage, FlowPage, MessagePage, SignInPage } from '../web/ministryPages.js';
import { ensureMinistrySession } from '../web/ministryRequestContext.js';
import { notifyAccount, pageContext, safeReturnTo, signedInAccount, signIn } from '../web/ministrySession.js';
import { linkIdentity, linksOf, unlinkIdentity } from './federatedIdentities.js';
import { endFlow, loadFlow, type MinistryFlow, pendingNationalSignIn, startFlow } from './ministryFlows.js';
import {
  issueUsbChallenge,
  type ReauthOutcome,
  submitOtp,
  submitPassword,
  submitUsbToken,
} from './reauthentication.js';

export const LOGIN_FLOW_BASE = '/dang-nhap/xac-thuc';

const baseOf = (purpose: FlowPurpose) => (purpose === 'login' ? LOGIN_FLOW_BASE : LINK_BASE);

type Body = Record<string, unknown>;

export function registerLinkingRoutes(app: FastifyInstance, ctx: MinistryContext): void {
  async function expired(
    req: FastifyRequest,
    reply: FastifyReply,
    code: MinistryMessageCode = 'FLOW_EXPIRED',
  ) {
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply.code(410),
      MessagePage({
        page,
        title: tr(page.lang, { vi: 'Xác thực', en: 'Authentication' }),
        messages: [{ code, type: 'error' }],
        next: { href: '/', label: tr(page.lang, { vi: 'Về trang chủ', en: 'Home' }) },
      }),
    );
  }

  /** The flow of the URL, if it is this session's, of the right base, and (unlink) of the signed-in account. */
  async function flowOf(
    req: FastifyRequest,
    reply: FastifyReply,
    base: string,
  ): Promise<MinistryFlow | undefined> {
    const session = await ensureMinistrySession(ctx, req, reply);
    const { id } = req.params as { id: string };
    const flow = await loadFlow(ctx.db, ctx.clock, id, session.idHash);
    if (!flow || baseOf(flow.purpose) !== base) return undefined;
    if (flow.purpose === 'unlink' && session.accountId !== flow.accountId) return undefined;
    return flow;
  }

  async function showFlow(
    req: FastifyRequest,
    reply: FastifyReply,
    flow: MinistryFlow,
    messages: readonly PageMessage[],
    status = 200,
  ) {
    const page = await pageContext(ctx, req, reply);
    const account = flow.accountId ? await accountById(ctx.db, flow.accountId) : undefined;
    const pending = pendingNationalSignIn(flow);
    const key = pending ? identityKey(pending.userinfo) : undefined;
    const national =
      pending && key
        ? { fullName: profileFromClaims(key, pending.userinfo).fullName, idNumber: key.idNumber }
        : undefined;
    const usbNonce =
      flow.step === 'credentials' && ctx.trust ? await issueUsbChallenge(ctx, flow) : undefined;
    const info: PageMessage[] =
      flow.step === 'otp'
        ? [{ code: 'OTP_SENT', type: 'info' }]
        : flow.purpose === 'link'
          ? [{ code: 'LINK_CONFIRM', type: 'info' }]
          : flow.purpose === 'unlink'
            ? [{ code: 'UNLINK_CONFIRM', type: 'info' }]
            : [];
    return sendPage(
      reply.code(status),
      FlowPage({
        page,
        base: baseOf(flow.purpose),
        flowId: flow.id,
        purpose: flow.purpose,
        step: flow.step,
        account,
        national,
        usbNonce,
        messages: [...messages, ...info],
      }),
    );
  }

  /** What a successful re-authentication does, per purpose. */
  async function complete(
    req: FastifyRequest,
    reply: FastifyReply,
    flow: MinistryFlow,
    outcome: Extract<ReauthOutcome, { authenticated: true }>,
  ) {
    // Only the request that ends the flow acts (a concurrent second submission gets "expired").
    if (!(await endFlow(ctx.db, flow.id))) return expired(req, reply);
    const { account, method } = outcome;
    if (flow.purpose === 'login') {
      await signIn(ctx, req, reply, account.id, 'login.local', { method });
      return reply.redirect(flow.returnTo, 303);
    }
    if (flow.purpose === 'unlink') {
      const removed = flow.issuer ? await unlinkIdentity(ctx.db, account.id, flow.issuer) : false;
      if (removed) {
        await appendAudit(ctx.db, ctx.clock, 'link.removed', account.id, req.ip, {
          issuer: flow.issuer,
          method,
        });
        await notifyAccount(ctx, req, account, ...linkNotice('unlinked'));
      }
      const page = await pageContext(ctx, req, reply);
      return sendPage(
        reply,
        MessagePage({
          page,
          title: tr(page.lang, { vi: 'Hủy liên kết', en: 'Unlink' }),
          messages: [{ code: removed ? 'UNLINKED' : 'NOT_LINKED', type: removed ? 'success' : 'error' }],
          next: { href: '/tai-khoan', label: tr(page.lang, { vi: 'Tài khoản', en: 'Account' }) },
        }),
      );
    }
    const pending = pendingNationalSignIn(flow);
    const key = pending ? identityKey(pending.userinfo) : undefined;
    // The national identity must still name this account (it did when the flow began).
    if (!pending || !key || key.subject !== account.subject || key.idNumber !== account.idNumber) {
      await appendAudit(ctx.db, ctx.clock, 'link.takeover_refused', account.id, req.ip, {
        issuer: flow.issuer,
      });
      return expired(req, reply, 'IDENTITY_MISMATCH');
    }
    const replaced = await linkIdentity(ctx.db, ctx.clock, {
      issuer: pending.issuer,
      subject: pending.subject,
      accountId: account.id,
      idNumber: key.idNumber,
    });
    await appendAudit(ctx.db, ctx.clock, 'link.created', account.id, req.ip, {
      issuer: pending.issuer,
      method,
      ...(replaced ? { replacedEarlierLink: true } : {}),
    });
    await notifyAccount(ctx, req, account, ...linkNotice('linked'));
    await storeNationalClaims(ctx.db, account.id, pending.userinfo);
    await signIn(ctx, req, reply, account.id, 'login.dvcqg', { linked: true }, pending);
    if (missingProfileFields(account).length > 0)
      return reply.redirect(`/hoan-thien-tai-khoan?returnTo=${encodeURIComponent(flow.returnTo)}`, 303);
    return reply.redirect(flow.returnTo, 303);
  }

  async function step(
    req: FastifyRequest,
    reply: FastifyReply,
    flow: MinistryFlow,
    outcome: ReauthOutcome,
  ): Promise<FastifyReply> {
    if (outcome.ok && outcome.authenticated) return complete(req, reply, flow, outcome);
    if (outcome.ok) return reply.redirect(`${baseOf(flow.purpose)}/${flow.id}`, 303);
    if (outcome.flowEnded) return expired(req, reply, outcome.code);
    const fresh = await loadFlow(ctx.db, ctx.clock, flow.id, flow.sessionIdHash);
    if (!fresh) return expired(req, reply);
    return showFlow(
      req,
      reply,
      fresh,
      [{ code: outcome.code, type: 'error' }],
      outcome.code === 'ACCOUNT_LOCKED' ? 429 : 400,
    );
  }

  for (const base of [LOGIN_FLOW_BASE, LINK_BASE]) {
    app.get<{ Params: { id: string } }>(`${base}/:id`, async (req, reply) => {
      const flow = await flowOf(req, reply, base);
      return flow ? showFlow(req, reply, flow, []) : expired(req, reply);
    });
    app.post<{ Params: { id: string }; Body: Body }>(`${base}/:id/mat-khau`, async (req, reply) => {
      const flow = await flowOf(req, reply, base);
      if (!flow || flow.purpose === 'login') return expired(req, reply);
      return step(
        req,
        reply,
        flow,
        await submitPassword(
          ctx,
          flow,
          { password: String(req.body?.password ?? '') },
          req.ip,
          abortSignalOfResponse(reply.raw),
        ),
      );
    });
    app.post<{ Params: { id: string }; Body: Body }>(`${base}/:id/otp`, async (req, reply) => {
      const flow = await flowOf(req, reply, base);
      if (!flow) return expired(req, reply);
      return step(req, reply, flow, await submitOtp(ctx, flow, String(req.body?.otp ?? ''), req.ip));
    });
    app.post<{ Params: { id: string }; Body: Body }>(`${base}/:id/usb`, async (req, reply) => {
      const flow = await flowOf(req, reply, base);
      if (flow?.step !== 'credentials') return expired(req, reply);
      return step(req, reply, flow, await submitUsbToken(ctx, flow, req.body?.authToken, req.ip));
    });
    app.post<{ Params: { id: string } }>(`${base}/:id/huy`, async (req, reply) => {
      const flow = await flowOf(req, reply, base);
      if (flow) await endFlow(ctx.db, flow.id);
      return reply.redirect(flow?.purpose === 'unlink' ? '/tai-khoan' : '/', 303);
    });
  }

  app.get<{ Querystring: { returnTo?: string } }>('/dang-nhap', async (req, reply) => {
    const page = await pageContext(ctx, req, reply);
    const returnTo = req.query.returnTo === undefined ? undefined : safeReturnTo(req.query.returnTo);
    if (page.signedIn) return reply.redirect(returnTo ?? '/tai-khoan', 303);
    return sendPage(reply, SignInPage({ page, returnTo, messages: [], usbOffered: Boolean(ctx.trust) }));
  });

  app.post<{ Body: Body }>('/dang-nhap', async (req, reply) => {
    const session = await ensureMinistrySession(ctx, req, reply);
    const returnTo = safeReturnTo(req.body?.returnTo);
    const flow = await startFlow(ctx.db, ctx.clock, ctx.config.limits.flowTtlMs, {
      sessionIdHash: session.idHash,
      purpose: 'login',
      accountId: null,
      returnTo,
    });
    const outcome = await submitPassword(
      ctx,
      flow,
      { idNumber: String(req.body?.idNumber ?? ''), password: String(req.body?.password ?? '') },
      req.ip,
      abortSignalOfResponse(reply.raw),
    );
    if (outcome.ok) return reply.redirect(`${LOGIN_FLOW_BASE}/${flow.id}`, 303);
    await endFlow(ctx.db, flow.id);
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply.code(outcome.code === 'ACCOUNT_LOCKED' ? 429 : 400),
      SignInPage({
        page,
        returnTo: returnTo === '/' ? undefined : returnTo,
        messages: [{ code: outcome.code, type: 'error' }],
        usbOffered: Boolean(ctx.trust),
      }),
    );
  });

  app.get<{ Querystring: { returnTo?: string } }>('/dang-nhap/usb', async (req, reply) => {
    const session = await ensureMinistrySession(ctx, req, reply);
    if (!ctx.trust) return expired(req, reply, 'USB_NOT_OFFERED');
    const flow = await startFlow(ctx.db, ctx.clock, ctx.config.limits.flowTtlMs, {
      sessionIdHash: session.idHash,
      purpose: 'login',
      accountId: null,
      returnTo: safeReturnTo(req.query.returnTo),
    });
    return reply.redirect(`${LOGIN_FLOW_BASE}/${flow.id}`, 303);
  });

  app.post<{ Body: Body }>('/tai-khoan/huy-lien-ket', async (req, reply) => {
    const session = await ensureMinistrySession(ctx, req, reply);
    if (!session.accountId) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const issuer = String(req.body?.issuer ?? '');
    const linked = (await linksOf(ctx.db, session.accountId)).some((l) => l.issuer === issuer);
    if (!linked) {
      const page = await pageContext(ctx, req, reply);
      return sendPage(
        reply.code(404),
        MessagePage({
          page,
          title: tr(page.lang, { vi: 'Hủy liên kết', en: 'Unlink' }),
          messages: [{ code: 'NOT_LINKED', type: 'error' }],
        }),
      );
    }
    const flow = await startFlow(ctx.db, ctx.clock, ctx.config.limits.flowTtlMs, {
      sessionIdHash: session.idHash,
      purpose: 'unlink',
      accountId: session.accountId,
      returnTo: '/tai-khoan',
      unlinkIssuer: issuer,
    });
    return reply.redirect(`${LINK_BASE}/${flow.id}`, 303);
  });

  async function completion(
    req: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
    messages: readonly PageMessage[],
    status = 200,
  ) {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap', 303);
    const missing = missingProfileFields(account);
    if (missing.length === 0) return reply.redirect(returnTo, 303);
    const page = await pageContext(ctx, req, reply);
    return sendPage(reply.code(status), CompleteAccountPage({ page, account, missing, returnTo, messages }));
  }

  app.get<{ Querystring: { returnTo?: string } }>('/hoan-thien-tai-khoan', async (req, reply) =>
    completion(req, reply, safeReturnTo(req.query.returnTo), [{ code: 'ACCOUNT_CREATED', type: 'info' }]),
  );

  app.post<{ Body: Body }>('/hoan-thien-tai-khoan', async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    const returnTo = safeReturnTo(req.body?.returnTo);
    if (!account) return reply.redirect('/dang-nhap', 303);
    const email = String(req.body?.email ?? '')
      .trim()
      .toLowerCase();
    const phone = String(req.body?.phone ?? '').replace(/\s+/g, '');
    const errors: PageMessage[] = [];
    if (!account.email && !isEmailAddress(email)) errors.push({ code: 'EMAIL_INVALID', type: 'error' });
    if (!account.phone && !isMobileNumber(phone)) errors.push({ code: 'PHONE_INVALID', type: 'error' });
    if (errors.length > 0) return completion(req, reply, returnTo, errors, 400);
    await updateContact(ctx.db, account.id, {
      ...(account.email ? {} : { email }),
      ...(account.phone ? {} : { phone }),
    });
    await appendAudit(ctx.db, ctx.clock, 'account.completed', account.id, req.ip, {});
    return reply.redirect(returnTo, 303);
  });
}
