/**
 * Password login: username + password + captcha → SMS OTP to the account's phone → signed in.
 * Throttles (database-backed): per account name (whether or not the account exists) and per client IP,
 * with growing temporary lockouts; the OTP allows `otpMaxAttemptsPerCode` wrong entries per code and every
 * wrong OTP also counts against the account. Messages are generic: they never say whether an account exists.
 */
import { randomUUID } from 'node:crypto';
import type { MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { SlotsBusyError } from '../security/argon2Slots.js';
import { audit } from '../security/auditLog.js';
import { dummyPasswordHash, verifyPassword } from '../security/passwordHash.js';
import { clearFailures, lockState, recordFailure } from '../security/rateLimiter.js';
import { type CaptchaData, refreshCaptcha, takeCaptcha } from './captchaStep.js';
import { type SignedIn, signInWithCertificate } from './certificateSignIn.js';
import { type Flow, type FlowAudit, FlowConflictError } from './flowStore.js';
import { type LoginSnapshot, readLoginSnapshot } from './loginRead.js';
import {
  type LoginPolicies,
  pollRemoteLogin,
  type RemoteLoginData,
  startRemoteLogin,
  startSimLogin,
} from './remoteSignatureLogin.js';
import { type CertificateStepData, checkSignedChallenge, issueUsbChallenge } from './usbRegistration.js';

export type LoginState =
  | 'credentials'
  | 'otp'
  | 'challenge'
  | 'phone'
  | 'identifier'
  | 'waiting'
  | 'complete';

export type LoginMethod = 'password' | 'usbKySo' | 'simKySo' | 'chuKySoCaNhan';

export const LOGIN_METHODS: readonly LoginMethod[] = ['password', 'usbKySo', 'simKySo', 'chuKySoCaNhan'];

export function isLoginMethod(m: unknown): m is LoginMethod {
  return typeof m === 'string' && (LOGIN_METHODS as readonly string[]).includes(m);
}

export interface LoginData extends CaptchaData, RemoteLoginData {
  cert?: CertificateStepData;
  username?: string;
  accountId?: string;
  otpExpiresAt?: number;
  otpResendAt?: number;
}

export type LoginFlow = Flow<LoginData>;

export type LoginResult =
  | { ok: true; flow: LoginFlow; progressed: boolean; signedInAccountId?: string }
  | { ok: false; code: 'FLOW_NOT_FOUND' | 'FLOW_EXPIRED' | 'FLOW_CONFLICT' | 'FLOW_WRONG_STATE' };

const err = (code: MessageCode, field?: string) =>
  field ? { code, type: 'error' as const, field } : { code, type: 'error' as const };

/** Whether the client's IP and the account name given were locked when the flow was read. */
interface Locks {
  ip: boolean;
  account: boolean;
}

export function accountLockKey(username: string): string {
  return `acct:${username.slice(0, 64)}`;
}

export function ipLockKey(ip: string): string {
  return `ip:${ip.slice(0, 64)}`;
}

export class LoginEngine {
  constructor(private readonly ctx: PortalContext) {}

  private policies(): LoginPolicies {
    const l = this.ctx.config.limits;
    const base = { windowMs: l.loginFailureWindowMs, baseMs: l.lockoutBaseMs, maxMs: l.lockoutMaxMs };
    return {
      account: { ...base, threshold: l.loginFailuresPerAccount },
      ip: { ...base, threshold: l.loginFailuresPerIp },
      accountKey: accountLockKey,
      ipKey: ipLockKey,
    };
  }

  /** A new login flow; undefined when the method is not offered (certificate methods without a trust list). */
  async create(sessionIdHash: string, method: LoginMethod = 'password'): Promise<LoginFlow | undefined> {
    const usb = method === 'usbKySo';
    if (method !== 'password' && !this.ctx.trust) return undefined;
    const id = randomUUID();
    const data: LoginData = {};
    if (usb) {
      data.cert = {};
      issueUsbChallenge(this.ctx, data.cert);
    } else if (method === 'password') refreshCaptcha(this.ctx, id, data);
    return this.ctx.flows.create<LoginData>({
      id,
      kind: 'login',
      sessionIdHash,
      subject: 'congDan',
      method,
      state: usb
        ? 'challenge'
        : method === 'simKySo'
          ? 'phone'
          : method === 'chuKySoCaNhan'
            ? 'identifier'
            : 'credentials',
      ttlMs: this.ctx.config.limits.flowTtlMs,
      data,
    });
  }

  async get(id: string, sessionIdHash: string): Promise<LoginResult> {
    const r = await this.ctx.flows.load<LoginData>(id, 'login', sessionIdHash);
    return r.ok ? { ok: true, flow: r.flow, progressed: false } : r;
  }

  async submit(
    id: string,
    sessionIdHash: string,
    ip: string,
    body: Record<string, unknown>,
    /** Aborts when the request goes away: its password check leaves the argon2 queue. */
    signal?: AbortSignal,
  ): Promise<LoginResult> {
    const username = typeof body.username === 'string' ? body.username.replace(/\s+/g, '') : '';
    // The flow, the locks, the named account and the current OTP in one statement (flows/loginRead.ts).
    const read = await readLoginSnapshot<LoginData>(this.ctx.db, this.ctx.clock(), id, sessionIdHash, {
      ipLock: ipLockKey(ip),
      accountLock: accountLockKey(username),
      username: username.slice(0, 32),
    });
    if (!read.ok) return read;
    const snapshot = read.snapshot;
    const flow = snapshot.flow;
    const now = this.ctx.clock();
    const locks: Locks = { ip: snapshot.ipLockedUntil > now, account: snapshot.accountLockedUntil > now };
    flow.messages = [];
    try {
      let progressed = false;
      let signedIn: SignedIn | undefined;
      // The step's audit entry, recorded with the flow's save (only if the save wins).
      let entry: FlowAudit | undefined;
      if (flow.state === 'credentials') {
        entry = await this.credentials(flow, ip, username, body, locks, snapshot, signal);
        progressed = entry !== undefined;
        // A new captcha when the step is shown again (the one answered is spent either way).
        if (!progressed) refreshCaptcha(this.ctx, flow.id, flow.data);
      } else if (flow.state === 'challenge') {
        signedIn = await this.usbToken(flow, ip, body, locks);
        progressed = signedIn !== undefined;
      } else if (flow.state === 'phone' && flow.method === 'simKySo')
        progressed = await startSimLogin(this.ctx, flow, ip, this.policies(), body);
      else if (flow.state === 'identifier' && flow.method === 'chuKySoCaNhan')
        progressed = await startRemoteLogin(this.ctx, flow, ip, this.policies(), body);
      else if (flow.state === 'waiting') {
        signedIn = await pollRemoteLogin(this.ctx, flow, ip, this.policies());
        progressed = signedIn !== undefined;
      } else if (flow.state === 'otp') {
        const r = await this.otp(flow, ip, body);
        progressed = r.progressed;
        signedIn = r.signedIn;
      } else return { ok: false, code: 'FLOW_WRONG_STATE' };
      if (!progressed) flow.attempts += 1;
      await this.ctx.flows.save(flow, undefined, signedIn?.audit ?? entry);
      return signedIn
        ? { ok: true, flow, progressed, signedInAccountId: signedIn.accountId }
        : { ok: true, flow, progressed };
    } catch (e) {
      if (e instanceof FlowConflictError) return { ok: false, code: 'FLOW_CONFLICT' };
      throw e;
    }
  }

  /**
   * The credentials step: captcha, locks, password, then the OTP sent. Returns the `login.password_ok` entry
   * when the step advanced, undefined when it is shown again.
   */
  private async credentials(
    flow: LoginFlow,
    ip: string,
    username: string,
    body: Record<string, unknown>,
    locks: Locks,
    snapshot: LoginSnapshot<LoginData>,
    signal: AbortSignal | undefined,
  ): Promise<FlowAudit | undefined> {
    const { ctx } = this;
    const password = typeof body.password === 'string' ? body.password : '';
    flow.data.username = username.slice(0, 32);
    if (!takeCaptcha(ctx, flow.id, flow.data, body.captcha)) {
      flow.messages = [err('CAPTCHA_WRONG', 'captcha')];
      return undefined;
    }
    // Claim the solved captcha before the password check: the flow saved with it cleared (version bumped),
    // so parallel submissions of the same answer lose with FLOW_CONFLICT — one argon2 check per captcha.
    await ctx.flows.save(flow);
    if (username === '' || password === '' || password.length > 1024) {
      flow.messages = [err('LOGIN_FAILED')];
      return undefined;
    }
    const p = this.policies();
    if (locks.ip || locks.account) {
      flow.messages = [err('RATE_LIMITED')];
      return undefined;
    }
    // Read with the flow, for the name given (usernames are at most 32 characters).
    const account = username.length <= 32 ? snapshot.account : undefined;
    let good: boolean;
    try {
      const hash = account?.passwordHash ?? (await dummyPasswordHash(ctx.config.pepper));
      good =
        (await verifyPassword(hash, password, ctx.config.pepper, signal)) && account?.passwordHash != null;
    } catch (e) {
      // No argon2 turn (busy, or the request went away): the claimed captcha is replaced, so that the step
      // shown again after the 503 has one; nothing is counted.
      if (e instanceof SlotsBusyError) {
        refreshCaptcha(ctx, flow.id, flow.data);
        await ctx.flows.save(flow);
      }
      throw e;
    }
    if (!good || !account?.phone) {
      await this.fail(username, ip, account?.id ?? null, p, 'password');
      flow.messages = [err('LOGIN_FAILED')];
      return undefined;
    }
    const sent = await ctx.otp.send(flow.id, account.phone, { issuedAt: snapshot.otpIssuedAt });
    if (!sent.ok) {
      flow.messages = [err(sent.code)];
      return undefined;
    }
    flow.state = 'otp';
    flow.data.accountId = account.id;
    flow.data.otpExpiresAt = sent.expiresAt;
    flow.data.otpResendAt = sent.resendAt;
    flow.messages = [{ code: 'OTP_SENT', type: 'info' }];
    return { event: 'login.password_ok', accountId: account.id, ip };
  }

  /** USB ký số: a signed challenge whose certificate names the CCCD/CMND or MST of an account. */
  private async usbToken(
    flow: LoginFlow,
    ip: string,
    body: Record<string, unknown>,
    locks: Locks,
  ): Promise<SignedIn | undefined> {
    const { ctx } = this;
    if (locks.ip) {
      flow.messages = [err('RATE_LIMITED')];
      return undefined;
    }
    flow.data.cert ??= {};
    const checked = await checkSignedChallenge(ctx, flow.data.cert, body.authToken);
    if (!checked.ok) {
      await recordFailure(ctx.db, ctx.clock, ipLockKey(ip), this.policies().ip);
      flow.messages = [err(checked.code)];
      return undefined;
    }
    const signedIn = await signInWithCertificate(
      ctx,
      ip,
      'usbKySo',
      checked.verified,
      checked.verified.path.path,
    );
    if (!signedIn.ok) {
      flow.messages = [err(signedIn.code)];
      return undefined;
    }
    flow.data.accountId = signedIn.accountId;
    flow.state = 'complete';
    delete flow.data.cert;
    return signedIn;
  }

  private async fail(
    username: string,
    ip: string,
    accountId: string | null,
    p: LoginPolicies,
    step: 'password' | 'otp',
  ): Promise<void> {
    const { ctx } = this;
    const [a] = await Promise.all([
      recordFailure(ctx.db, ctx.clock, accountLockKey(username), p.account),
      recordFailure(ctx.db, ctx.clock, ipLockKey(ip), p.ip),
    ]);
    if (accountId) {
      await audit(ctx.db, ctx.clock, 'login.failed', accountId, ip, { step });
      if (a.locked) await audit(ctx.db, ctx.clock, 'login.locked', accountId, ip);
    }
  }

  private async otp(
    flow: LoginFlow,
    ip: string,
    body: Record<string, unknown>,
  ): Promise<{ progressed: boolean; signedIn?: SignedIn }> {
    const { ctx } = this;
    const accountId = flow.data.accountId ?? '';
    const username = flow.data.username ?? '';
    const account = await ctx.db
      .selectFrom('accounts')
      .select(['phone'])
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account?.phone) {
      flow.messages = [err('AUTH_RETRY')];
      return { progressed: false };
    }
    if (body.action === 'resend') {
      const sent = await ctx.otp.send(flow.id, account.phone);
      if (!sent.ok) {
        flow.messages = [err(sent.code)];
        return { progressed: false };
      }
      flow.data.otpExpiresAt = sent.expiresAt;
      flow.data.otpResendAt = sent.resendAt;
      flow.messages = [{ code: 'OTP_SENT', type: 'info' }];
      return { progressed: true };
    }
    if ((await lockState(ctx.db, ctx.clock, accountLockKey(username))).locked) {
      flow.messages = [err('RATE_LIMITED')];
      return { progressed: false };
    }
    const r = await ctx.otp.check(flow.id, typeof body.otp === 'string' ? body.otp : '');
    if (!r.ok) {
      await this.fail(username, ip, accountId, this.policies(), 'otp');
      flow.messages = [err(r.code === 'OTP_TOO_MANY' ? 'OTP_TOO_MANY' : 'OTP_EXPIRED', 'otp')];
      return { progressed: false };
    }
    await clearFailures(ctx.db, accountLockKey(username));
    flow.state = 'complete';
    flow.messages = [];
    return {
      progressed: true,
      signedIn: {
        accountId,
        audit: { event: 'login.succeeded', accountId, ip, detail: { method: 'password+otp' } },
      },
    };
  }
}
