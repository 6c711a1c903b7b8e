/**
 * Authenticating to a local BCA account inside a flow: password then an SMS OTP to the account's phone,
 * or a USB signing token (a Web eID login token over the flow's challenge, verified with lib's
 * `verifyAuthToken` against the demo PKI trust with revocation required) whose certificate carries the
 * account's CCCD/MST. Failures count towards database-backed lockouts per account and per client IP;
 * messages never say whether an account exists.
 */
import { randomBytes } from 'node:crypto';
import { isAuthTokenError } from '@kyso/lib';
import { verifyLoginToken } from '../../portal/security/loginTokenCheck.js';
import { dummyPasswordHash, verifyPassword } from '../../portal/security/passwordHash.js';
import {
  clearFailures,
  type LockoutPolicy,
  lockState,
  recordFailure,
} from '../../portal/security/rateLimiter.js';
import { accountById, accountByIdentity, type MinistryAccount } from '../accounts/ministryAccounts.js';
import type { MinistryContext } from '../ministryContext.js';
import type { MinistryMessageCode } from '../web/ministryMessages.js';
import { endFlow, type MinistryFlow, updateFlow } from './ministryFlows.js';

export type ReauthOutcome =
  | { ok: true; authenticated: false }
  | { ok: true; authenticated: true; account: MinistryAccount; method: 'password+otp' | 'usb' }
  | { ok: false; code: MinistryMessageCode; flowEnded: boolean };

const refuse = (code: MinistryMessageCode, flowEnded = false): ReauthOutcome => ({
  ok: false,
  code,
  flowEnded,
});

function policies(ctx: MinistryContext): { account: LockoutPolicy; ip: LockoutPolicy } {
  const l = ctx.config.limits;
  const base = { windowMs: l.loginFailureWindowMs, baseMs: l.lockoutBaseMs, maxMs: l.lockoutMaxMs };
  return {
    account: { ...base, threshold: l.loginFailuresPerAccount },
    ip: { ...base, threshold: l.loginFailuresPerIp },
  };
}

const accountKey = (idNumber: string) => `bca:acct:${idNumber.slice(0, 32)}`;
const ipKey = (ip: string) => `bca:ip:${ip.slice(0, 64)}`;

async function locked(ctx: MinistryContext, idNumber: string, ip: string): Promise<boolean> {
  const [a, i] = await Promise.all([
    lockState(ctx.db, ctx.clock, accountKey(idNumber)),
    lockState(ctx.db, ctx.clock, ipKey(ip)),
  ]);
  return a.locked || i.locked;
}

async function failure(ctx: MinistryContext, idNumber: string, ip: string): Promise<boolean> {
  const p = policies(ctx);
  const [a, i] = await Promise.all([
    recordFailure(ctx.db, ctx.clock, accountKey(idNumber), p.account),
    recordFailure(ctx.db, ctx.clock, ipKey(ip), p.ip),
  ]);
  return a.locked || i.locked;
}

/** The flow's account (link, unlink, or login after the password step). */
async function flowAccount(ctx: MinistryContext, flow: MinistryFlow): Promise<MinistryAccount | undefined> {
  return flow.accountId ? accountById(ctx.db, flow.accountId) : undefined;
}

/**
 * The password step. For a sign-in flow `idNumber` names the account (CCCD or MST); for link and unlink
 * flows the account is the flow's. On success an OTP goes to the account's phone.
 */
export async function submitPassword(
  ctx: MinistryContext,
  flow: MinistryFlow,
  input: { idNumber?: string; password: string },
  ip: string,
  /** Aborts when the request goes away: its password check leaves the argon2 queue. */
  signal?: AbortSignal,
): Promise<ReauthOutcome> {
  if (flow.step !== 'credentials') return refuse('FLOW_EXPIRED', await endFlow(ctx.db, flow.id));
  let account: MinistryAccount | undefined;
  let name: string;
  if (flow.purpose === 'login') {
    name = String(input.idNumber ?? '').trim();
    if (!/^\d{9,12}(-\d{3})?$/.test(name)) return refuse('CREDENTIALS_WRONG');
    account =
      (await accountByIdentity(ctx.db, { subject: 'congDan', idNumber: name })) ??
      (await accountByIdentity(ctx.db, { subject: 'doanhNghiep', idNumber: name }));
  } else {
    account = await flowAccount(ctx, flow);
    if (!account) return refuse('FLOW_EXPIRED', await endFlow(ctx.db, flow.id));
    name = account.idNumber;
    if (!account.passwordHash) return refuse('NO_PASSWORD');
  }
  const wrong: MinistryMessageCode = flow.purpose === 'login' ? 'CREDENTIALS_WRONG' : 'PASSWORD_WRONG';
  if (await locked(ctx, name, ip)) return refuse('ACCOUNT_LOCKED');
  const password = String(input.password ?? '');
  const hash = account?.passwordHash ?? (await dummyPasswordHash(ctx.config.pepper));
  const matches =
    password.length > 0 &&
    password.length <= 256 &&
    (await verifyPassword(hash, password, ctx.config.pepper, signal));
  if (!account?.passwordHash || !matches) {
    const nowLocked = await failure(ctx, name, ip);
    return refuse(nowLocked ? 'ACCOUNT_LOCKED' : wrong);
  }
  if (!account.phone) return refuse('NO_PHONE');
  const sent = await ctx.otp.send(flow.id, account.phone);
  if (!sent.ok) return refuse(sent.code);
  await updateFlow(ctx.db, flow.id, { step: 'otp', accountId: account.id });
  return { ok: true, authenticated: false };
}

/** The OTP step: the code sent after the password. */
export async function submitOtp(
  ctx: MinistryContext,
  flow: MinistryFlow,
  otp: string,
  ip: string,
): Promise<ReauthOutcome> {
  const account = await flowAccount(ctx, flow);
  if (flow.step !== 'otp' || !account) return refuse('FLOW_EXPIRED', await endFlow(ctx.db, flow.id));
  if (await locked(ctx, account.idNumber, ip))
    return refuse('ACCOUNT_LOCKED', await endFlow(ctx.db, flow.id));
  const r = await ctx.otp.check(flow.id, String(otp ?? ''));
  if (r.ok) {
    await clearFailures(ctx.db, accountKey(account.idNumber));
    return { ok: true, authenticated: true, account, method: 'password+otp' };
  }
  if (r.code === 'OTP_FAILED') {
    const nowLocked = await failure(ctx, account.idNumber, ip);
    if (nowLocked) return refuse('ACCOUNT_LOCKED', await endFlow(ctx.db, flow.id));
    if (r.attemptsLeft > 0) return refuse('OTP_FAILED');
  }
  return refuse(r.code === 'OTP_FAILED' ? 'OTP_TOO_MANY' : r.code, await endFlow(ctx.db, flow.id));
}

/** A fresh USB challenge (32 random bytes, base64) for the flow's page; replaces any earlier one. */
export async function issueUsbChallenge(ctx: MinistryContext, flow: MinistryFlow): Promise<string> {
  const nonce = randomBytes(32).toString('base64');
  await updateFlow(ctx.db, flow.id, { usbNonce: nonce, usbNonceIssuedAt: ctx.clock() });
  return nonce;
}

/** The certificate's identifier for an account subject: CCCD (personal) or MST (organization). */
function certificateIdNumber(
  subjectType: string,
  identifiers: readonly { type: string; value: string; valid: boolean }[],
): { subject: 'congDan' | 'doanhNghiep'; idNumber: string } | undefined {
  const valid = identifiers.filter((i) => i.valid);
  if (subjectType === 'personal') {
    const cccd = valid.find((i) => i.type === 'CCCD');
    return cccd ? { subject: 'congDan', idNumber: cccd.value } : undefined;
  }
  if (subjectType === 'organization') {
    const mst = valid.find((i) => i.type === 'MST');
    return mst ? { subject: 'doanhNghiep', idNumber: mst.value } : undefined;
  }
  return undefined;
}

/** The USB step: a login token over the flow's challenge, bound to the ministry's origin. */
export async function submitUsbToken(
  ctx: MinistryContext,
  flow: MinistryFlow,
  token: unknown,
  ip: string,
): Promise<ReauthOutcome> {
  if (!ctx.trust) return refuse('USB_NOT_OFFERED');
  if (typeof token !== 'string' || token.trim() === '') return refuse('USB_TOKEN_MISSING');
  const nonce = flow.usbNonce;
  const issuedAt = flow.usbNonceIssuedAt ?? 0;
  // A challenge is good for one attempt.
  await updateFlow(ctx.db, flow.id, { usbNonce: null, usbNonceIssuedAt: null });
  if (!nonce || ctx.clock() >= issuedAt + ctx.config.limits.authNonceTtlMs) return refuse('AUTH_TOKEN_NONCE');
  let identity: ReturnType<typeof certificateIdNumber>;
  try {
    const verified = await verifyLoginToken(ctx.trust, token, {
      nonce,
      origin: ctx.config.publicOrigin,
      now: ctx.clock(),
    });
    identity = certificateIdNumber(verified.subjectType, verified.identifiers);
  } catch (e) {
    if (!isAuthTokenError(e)) throw e;
    return refuse(e.code);
  }
  if (flow.purpose === 'login') {
    const account = identity ? await accountByIdentity(ctx.db, identity) : undefined;
    if (!account) return refuse('USB_NO_ACCOUNT');
    return { ok: true, authenticated: true, account, method: 'usb' };
  }
  const account = await flowAccount(ctx, flow);
  if (!account) return refuse('FLOW_EXPIRED', await endFlow(ctx.db, flow.id));
  if (!identity || identity.subject !== account.subject || identity.idNumber !== account.idNumber) {
    await failure(ctx, account.idNumber, ip);
    return refuse('USB_WRONG_PERSON');
  }
  await clearFailures(ctx.db, accountKey(account.idNumber));
  return { ok: true, authenticated: true, account, method: 'usb' };
}
