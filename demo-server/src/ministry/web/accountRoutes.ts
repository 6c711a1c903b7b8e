/**
 * The account page (/tai-khoan: profile, password, linked national identity with unlink, sessions, audit
 * log), signing out one of the account's other sessions (POST /tai-khoan/phien/dang-xuat {session}), and
 * setting a password on an account created through SSO:
 *   GET|POST /tai-khoan/mat-khau {password, confirm} — the portal's rule; an SMS OTP to the account's phone;
 *   GET /tai-khoan/mat-khau/:id, POST /tai-khoan/mat-khau/:id/otp {otp} — the OTP, then the password is set.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit, auditEntries } from '../../portal/security/auditLog.js';
import { abortSignalOfResponse } from '../../portal/security/requestAbort.js';
import { maskPhone } from '../../portal/web/phoneDisplay.js';
import { sendPage } from '../../portal/web/sendPage.js';
import type { MinistryAccount } from '../accounts/ministryAccounts.js';
import {
  claimedPhone,
  confirmPasswordSetting,
  loadPasswordSetting,
  type PasswordSetting,
  startPasswordSetting,
} from '../accounts/passwordSetting.js';
import { linksOf } from '../linking/federatedIdentities.js';
import type { MinistryContext } from '../ministryContext.js';
import type { PageMessage } from './ministryMessages.js';
import { AccountPage } from './ministryPages.js';
import { notifyAccount, pageContext, signedInAccount } from './ministrySession.js';
import { PASSWORD_PATH, SetPasswordPage } from './passwordPages.js';

const PASSWORD_SET_NOTICE: [string, string] = [
  'Đã đặt mật khẩu tài khoản Bộ Công an / Ministry account password set',
  'Tài khoản Cổng dịch vụ công Bộ Công an của bạn vừa được đặt mật khẩu. Nếu không phải bạn thực hiện, hãy liên hệ bộ phận hỗ trợ.\n\nA password was just set on your Ministry portal account. If this was not you, contact support.',
];

export function registerAccountRoutes(app: FastifyInstance, ctx: MinistryContext): void {
  app.get<{ Querystring: { ok?: string } }>('/tai-khoan', async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const page = await pageContext(ctx, req, reply);
    const current = req.ministrySession?.idHash;
    const sessions = (await ctx.sessions.listForAccount(account.id)).map((s) => ({
      idHash: s.idHash,
      userAgent: s.userAgent,
      ip: s.ip,
      lastSeenAt: s.lastSeenAt,
      current: s.idHash === current,
    }));
    return sendPage(
      reply,
      AccountPage({
        page,
        account,
        links: await linksOf(ctx.db, account.id),
        sessions,
        audit: await auditEntries(ctx.db, account.id),
        messages: req.query.ok === 'mat-khau' ? [{ code: 'PASSWORD_SET', type: 'success' }] : [],
      }),
    );
  });

  app.post<{ Body: { session?: unknown } }>('/tai-khoan/phien/dang-xuat', async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const idHash = String(req.body?.session ?? '');
    if (/^[0-9a-f]{64}$/.test(idHash) && (await ctx.sessions.destroyForAccount(account.id, idHash))) {
      await ctx.db.deleteFrom('nationalLogins').where('sessionIdHash', '=', idHash).execute();
      await appendAudit(ctx.db, ctx.clock, 'session.revoked', account.id, req.ip, {});
    }
    return reply.redirect('/tai-khoan', 303);
  });

  async function passwordPage(
    req: FastifyRequest,
    reply: FastifyReply,
    account: MinistryAccount,
    view: { step: 'password' | 'otp'; settingId?: string; messages: readonly PageMessage[] },
    status = 200,
  ) {
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply.code(status),
      SetPasswordPage({ page, ...view, phone: maskPhone(claimedPhone(account)) }),
    );
  }

  /**
   * The signed-in account and its password setting `:id` started in this session; else what was sent instead:
   * the sign-in redirect, or step 1 again with "expired" (410) when the setting is unknown, ended or another's.
   */
  async function settingOfRequest(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
  ): Promise<{ account: MinistryAccount; setting: PasswordSetting } | { sent: FastifyReply }> {
    const account = await signedInAccount(ctx, req);
    const session = req.ministrySession;
    if (!account || !session) return { sent: reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303) };
    const setting = await loadPasswordSetting(ctx, req.params.id, session.idHash, account.id);
    if (setting) return { account, setting };
    const messages: PageMessage[] = [{ code: 'FLOW_EXPIRED', type: 'error' }];
    return { sent: await passwordPage(req, reply, account, { step: 'password', messages }, 410) };
  }

  app.get(PASSWORD_PATH, async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    if (!account) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const messages: PageMessage[] = account.passwordHash
      ? [{ code: 'PASSWORD_ALREADY_SET', type: 'info' }]
      : claimedPhone(account)
        ? []
        : [{ code: 'PASSWORD_NEEDS_PHONE', type: 'error' }];
    return passwordPage(req, reply, account, { step: 'password', messages });
  });

  app.post<{ Body: { password?: unknown; confirm?: unknown } }>(PASSWORD_PATH, async (req, reply) => {
    const account = await signedInAccount(ctx, req);
    const session = req.ministrySession;
    if (!account || !session) return reply.redirect('/dang-nhap?returnTo=%2Ftai-khoan', 303);
    const r = await startPasswordSetting(
      ctx,
      account,
      session.idHash,
      { password: req.body?.password, confirm: req.body?.confirm },
      abortSignalOfResponse(reply.raw),
    );
    if (!r.ok) {
      const limited = r.retryAfterSeconds !== undefined;
      if (limited) reply.header('retry-after', String(r.retryAfterSeconds));
      const messages: PageMessage[] = [{ code: r.code, type: 'error' }];
      return passwordPage(req, reply, account, { step: 'password', messages }, limited ? 429 : 422);
    }
    return reply.redirect(`${PASSWORD_PATH}/${r.setting.id}`, 303);
  });

  app.get<{ Params: { id: string } }>(`${PASSWORD_PATH}/:id`, async (req, reply) => {
    const found = await settingOfRequest(req, reply);
    if ('sent' in found) return found.sent;
    const { account, setting } = found;
    return passwordPage(req, reply, account, {
      step: 'otp',
      settingId: setting.id,
      messages: [{ code: 'OTP_SENT', type: 'info' }],
    });
  });

  app.post<{ Params: { id: string }; Body: { otp?: unknown } }>(
    `${PASSWORD_PATH}/:id/otp`,
    async (req, reply) => {
      const found = await settingOfRequest(req, reply);
      if ('sent' in found) return found.sent;
      const { account, setting } = found;
      const r = await confirmPasswordSetting(ctx, setting, req.body?.otp);
      if (!r.ok) {
        // An ended setting starts again from the password; otherwise the OTP step is shown again.
        const messages: PageMessage[] = [{ code: r.code, type: 'error' }];
        const view = r.ended
          ? { step: 'password' as const, messages }
          : { step: 'otp' as const, settingId: setting.id, messages };
        return passwordPage(req, reply, account, view, 422);
      }
      await appendAudit(ctx.db, ctx.clock, 'account.password_set', account.id, req.ip, { method: 'otp' });
      await notifyAccount(ctx, req, account, ...PASSWORD_SET_NOTICE);
      return reply.redirect('/tai-khoan?ok=mat-khau', 303);
    },
  );
}
