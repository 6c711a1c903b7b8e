/**
 * Setting a password on an account that has none (created through the national portal's SSO), so that it
 * can re-authenticate with password + SMS OTP (unlink, relink) and not only with its USB token: the
 * portal's password rule, argon2id with the shared pepper, and an SMS OTP to the phone the national portal
 * vouched for (its `SoDienThoai` claim — not a number typed here later, or whoever holds the session could
 * make a factor of their own phone) before the password is stored. The hash waits in `password_settings`
 * (one per session, expiring with the flows) and is written only onto an account that still has none.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../portal/security/passwordHash.js';
import { checkPassword } from '../../portal/security/passwordPolicy.js';
import { consumeRate } from '../../portal/security/rateLimiter.js';
import type { PasswordSettingTable } from '../db/ministrySchema.js';
import type { MinistryContext } from '../ministryContext.js';
import type { MinistryMessageCode } from '../web/ministryMessages.js';
import type { MinistryAccount } from './ministryAccounts.js';
import { identityKey, profileFromClaims } from './nationalClaims.js';

/** The mobile number the national portal's claims (kept on the account) gave, if any. */
export function claimedPhone(account: Pick<MinistryAccount, 'nationalClaims'>): string | undefined {
  if (!account.nationalClaims) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(account.nationalClaims);
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const c = claims as Record<string, unknown>;
  const key = identityKey(c);
  return (key && profileFromClaims(key, c).phone) || undefined;
}

export type PasswordSetting = PasswordSettingTable;

type Refusal = {
  ok: false;
  code: MinistryMessageCode;
  ended: boolean;
  /** Set when the refusal is a rate limit: the seconds of the answer's Retry-After (429). */
  retryAfterSeconds?: number;
};
const refuse = (code: MinistryMessageCode, ended = false): Refusal => ({ ok: false, code, ended });

/** Rate bucket of password-setting starts per account (each start costs an argon2 hash and an SMS). */
export const PASSWORD_SETTING_BUCKET = 'password-setting-account';

/**
 * Checks the new password and its confirmation, sends the OTP to the account's phone and keeps the
 * password's hash. The rate limits (per account, then the OTP's per phone) come before the argon2 hash, so a
 * flood of starts costs no hashing. The password itself is never stored or logged.
 */
export async function startPasswordSetting(
  ctx: MinistryContext,
  account: Pick<MinistryAccount, 'id' | 'idNumber' | 'passwordHash' | 'nationalClaims'>,
  sessionIdHash: string,
  input: { password: unknown; confirm: unknown },
  /** Aborts when the request goes away: its hash leaves the argon2 queue. */
  signal?: AbortSignal,
): Promise<{ ok: true; setting: PasswordSetting } | Refusal> {
  if (account.passwordHash) return refuse('PASSWORD_ALREADY_SET');
  const phone = claimedPhone(account);
  if (!phone) return refuse('PASSWORD_NEEDS_PHONE');
  const password = typeof input.password === 'string' ? input.password : '';
  if (password !== input.confirm) return refuse('PASSWORD_MISMATCH');
  const problem = checkPassword(password, { personalNumbers: [account.idNumber, phone] });
  if (problem) return refuse(problem);
  // Limits before the argon2 hash: per account (as many starts as OTPs a phone may get in the window),
  // then the per-phone OTP limits of the send itself; only then is the password hashed.
  const { otpSendsPerPhone, otpSendWindowMs } = ctx.config.limits;
  const rate = await consumeRate(
    ctx.db,
    ctx.clock,
    PASSWORD_SETTING_BUCKET,
    account.id,
    otpSendsPerPhone,
    otpSendWindowMs,
  );
  if (!rate.allowed)
    return {
      ...refuse('OTP_SEND_LIMIT'),
      retryAfterSeconds: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)),
    };
  await endPasswordSettingsOf(ctx, sessionIdHash);
  const id = randomUUID();
  const sent = await ctx.otp.send(id, phone);
  if (!sent.ok) {
    await ctx.db.deleteFrom('otps').where('flowId', '=', id).execute();
    return refuse(sent.code);
  }
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(password, ctx.config.pepper, signal);
  } catch (e) {
    await ctx.db.deleteFrom('otps').where('flowId', '=', id).execute();
    throw e;
  }
  const now = ctx.clock();
  const setting: PasswordSetting = {
    id,
    sessionIdHash,
    accountId: account.id,
    passwordHash,
    expiresAt: now + ctx.config.limits.flowTtlMs,
    createdAt: now,
  };
  await ctx.db.insertInto('passwordSettings').values(setting).execute();
  return { ok: true, setting };
}

/** The session's live setting `id` of `accountId`, or undefined (unknown, another session's, expired). */
export async function loadPasswordSetting(
  ctx: MinistryContext,
  id: string,
  sessionIdHash: string,
  accountId: string,
): Promise<PasswordSetting | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const setting = await ctx.db
    .selectFrom('passwordSettings')
    .selectAll()
    .where('id', '=', id)
    .where('sessionIdHash', '=', sessionIdHash)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  if (!setting) return undefined;
  if (setting.expiresAt <= ctx.clock()) {
    await endPasswordSetting(ctx, id);
    return undefined;
  }
  return { ...setting, expiresAt: Number(setting.expiresAt), createdAt: Number(setting.createdAt) };
}

/**
 * The OTP step: the right code stores the password on the account — only if it still has none (two tabs,
 * two instances: one wins) — and ends the setting; too many wrong codes or an expired one end it too.
 */
export async function confirmPasswordSetting(
  ctx: MinistryContext,
  setting: PasswordSetting,
  otp: unknown,
): Promise<{ ok: true } | Refusal> {
  const r = await ctx.otp.check(setting.id, typeof otp === 'string' ? otp : '');
  if (!r.ok) {
    if (r.code === 'OTP_FAILED' && r.attemptsLeft > 0) return refuse('OTP_FAILED');
    await endPasswordSetting(ctx, setting.id);
    return refuse(r.code === 'OTP_FAILED' ? 'OTP_TOO_MANY' : r.code, true);
  }
  if (!(await endPasswordSetting(ctx, setting.id))) return refuse('FLOW_EXPIRED', true);
  const stored = await ctx.db
    .updateTable('accounts')
    .set({ passwordHash: setting.passwordHash })
    .where('id', '=', setting.accountId)
    .where('passwordHash', 'is', null)
    .executeTakeFirst();
  if (Number(stored.numUpdatedRows) !== 1) return refuse('PASSWORD_ALREADY_SET', true);
  return { ok: true };
}

/** Ends a setting and its OTP; true only for the call that removed it. */
export async function endPasswordSetting(ctx: MinistryContext, id: string): Promise<boolean> {
  await ctx.db.deleteFrom('otps').where('flowId', '=', id).execute();
  const r = await ctx.db.deleteFrom('passwordSettings').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

async function endPasswordSettingsOf(ctx: MinistryContext, sessionIdHash: string): Promise<void> {
  const old = await ctx.db
    .selectFrom('passwordSettings')
    .select('id')
    .where('sessionIdHash', '=', sessionIdHash)
    .execute();
  for (const { id } of old) await endPasswordSetting(ctx, id);
}
