/**
 * The registration flow engine: one state machine behind both the JSON API and the pages.
 *
 *   collect ──(captcha, fields, account-exists, registry checks)──▶ otp ──(SMS code)──▶ password ──▶ complete
 *
 * Method "thueBaoDiDong" checks the carrier (chính chủ, SIM registered with the same 12-digit CCCD) and the
 * national population database; method "baoHiemXaHoi" checks the BHXH database. Every failure is a message
 * with a stable code; registry mismatches never say which field differed.
 */
import { randomUUID } from 'node:crypto';
import type { Subject } from '../db/schema.js';
import type { ExternalFailure } from '../externals/simulatorsClient.js';
import type { FlowMessage, MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { hashPassword } from '../security/passwordHash.js';
import { checkPassword } from '../security/passwordPolicy.js';
import { consumeRate } from '../security/rateLimiter.js';
import { type CaptchaData, consumeCaptcha, refreshCaptcha } from './captchaStep.js';
import { type CitizenValues, type FieldName, readCitizenFields } from './citizenFields.js';
import { type Flow, FlowConflictError } from './flowStore.js';
import { completeRegistration } from './registrationCompletion.js';
import {
  CERTIFICATE_METHODS,
  type FormMethod,
  REGISTRATION_METHODS,
  type RegistrationMethod,
} from './registrationMethods.js';
import {
  pollRemoteSignature,
  type RemoteSigningStepData,
  submitRemoteIdentifier,
} from './remoteSigningRegistration.js';
import { pollSimSignature, type SimStepData, submitSimPhone } from './simRegistration.js';
import {
  type CertificateStepData,
  issueUsbChallenge,
  submitUsbChallenge,
  submitUsbConfirm,
} from './usbRegistration.js';

export type RegistrationState =
  | 'collect'
  | 'otp'
  | 'password'
  | 'challenge'
  | 'phone'
  | 'identifier'
  | 'waiting'
  | 'confirm'
  | 'complete';

export interface RegistrationData extends CaptchaData {
  values: Partial<CitizenValues>;
  cert?: CertificateStepData;
  sim?: SimStepData;
  remote?: RemoteSigningStepData;
  otpExpiresAt?: number;
  otpResendAt?: number;
  accountId?: string;
  username?: string;
}

export type RegistrationFlow = Flow<RegistrationData>;

/** Result of an engine call: the flow (when there is one), or a flow-level error code. */
export type EngineResult =
  | { ok: true; flow: RegistrationFlow; progressed: boolean }
  | {
      ok: false;
      code:
        | 'FLOW_NOT_FOUND'
        | 'FLOW_EXPIRED'
        | 'FLOW_CONFLICT'
        | 'METHOD_NOT_AVAILABLE'
        | 'LEGACY_REGISTRATION_DISABLED'
        | 'FLOW_WRONG_STATE';
    };

export const METHOD_FIELDS: Record<FormMethod, readonly FieldName[]> = {
  thueBaoDiDong: ['idNumber', 'fullName', 'dateOfBirth', 'phone'],
  baoHiemXaHoi: ['idNumber', 'bhxhCode', 'fullName', 'dateOfBirth', 'phone'],
};

function externalMessage(failure: ExternalFailure): MessageCode {
  return failure === 'timeout' ? 'REGISTRY_TIMEOUT' : 'REGISTRY_UNAVAILABLE';
}

const error = (code: MessageCode, field?: string): FlowMessage =>
  field ? { code, type: 'error', field } : { code, type: 'error' };

export class RegistrationEngine {
  constructor(private readonly ctx: PortalContext) {}

  async create(sessionIdHash: string, subject: Subject, method: string): Promise<EngineResult> {
    if (this.ctx.config.legacyRegistration === 'disabled')
      return { ok: false, code: 'LEGACY_REGISTRATION_DISABLED' };
    if (!Object.hasOwn(REGISTRATION_METHODS, method)) return { ok: false, code: 'METHOD_NOT_AVAILABLE' };
    if (!REGISTRATION_METHODS[method as RegistrationMethod].subjects.includes(subject))
      return { ok: false, code: 'METHOD_NOT_AVAILABLE' };
    const usb = method === 'usbKySo';
    const sim = method === 'simKySo';
    const remote = method === 'chuKySoCaNhan';
    if (CERTIFICATE_METHODS.includes(method as RegistrationMethod) && !this.ctx.trust)
      return { ok: false, code: 'METHOD_NOT_AVAILABLE' };
    // State-agency accounts need the government PKI's roots to tell its certificates apart.
    if (subject === 'coQuanNhaNuoc' && !this.ctx.trust?.governmentAnchors?.length)
      return { ok: false, code: 'METHOD_NOT_AVAILABLE' };
    const id = randomUUID();
    const data: RegistrationData = { values: {} };
    if (usb) {
      data.cert = {};
      issueUsbChallenge(this.ctx, data.cert);
    } else refreshCaptcha(this.ctx, id, data);
    const flow = await this.ctx.flows.create<RegistrationData>({
      id,
      kind: 'registration',
      sessionIdHash,
      subject,
      method,
      state: usb ? 'challenge' : sim ? 'phone' : remote ? 'identifier' : 'collect',
      ttlMs: this.ctx.config.limits.flowTtlMs,
      data,
    });
    return { ok: true, flow, progressed: true };
  }

  async get(id: string, sessionIdHash: string): Promise<EngineResult> {
    const r = await this.ctx.flows.load<RegistrationData>(id, 'registration', sessionIdHash);
    return r.ok ? { ok: true, flow: r.flow, progressed: false } : r;
  }

  /** Applies one submission to the flow in its current state. */
  async submit(
    id: string,
    sessionIdHash: string,
    ip: string,
    body: Record<string, unknown>,
    /** Aborts when the request goes away: its password hash leaves the argon2 queue. */
    signal?: AbortSignal,
  ): Promise<EngineResult> {
    const loaded = await this.ctx.flows.load<RegistrationData>(id, 'registration', sessionIdHash);
    if (!loaded.ok) return loaded;
    const flow = loaded.flow;
    flow.messages = [];
    try {
      let progressed: boolean;
      switch (flow.state as RegistrationState) {
        case 'collect':
          progressed = await this.collect(flow, ip, body);
          break;
        case 'otp':
          progressed = await this.otp(flow, body);
          break;
        case 'password':
          progressed = await this.password(flow, ip, body, signal);
          // password() saved the flow inside its transaction when it completed the registration.
          if (progressed) return { ok: true, flow, progressed };
          break;
        case 'challenge':
          progressed = await submitUsbChallenge(this.ctx, flow, body);
          break;
        case 'phone':
          progressed = await submitSimPhone(this.ctx, flow, body);
          break;
        case 'identifier':
          progressed = await submitRemoteIdentifier(this.ctx, flow, body);
          break;
        case 'waiting':
          progressed =
            flow.method === 'simKySo'
              ? await pollSimSignature(this.ctx, flow)
              : await pollRemoteSignature(this.ctx, flow);
          break;
        case 'confirm':
          progressed = await submitUsbConfirm(this.ctx, flow, ip, body);
          if (progressed) return { ok: true, flow, progressed };
          break;
        default:
          return { ok: false, code: 'FLOW_WRONG_STATE' };
      }
      if (!progressed) flow.attempts += 1;
      await this.ctx.flows.save(flow);
      return { ok: true, flow, progressed };
    } catch (e) {
      if (e instanceof FlowConflictError) return { ok: false, code: 'FLOW_CONFLICT' };
      throw e;
    }
  }

  private async collect(flow: RegistrationFlow, ip: string, body: Record<string, unknown>): Promise<boolean> {
    const { ctx } = this;
    const method = flow.method as FormMethod;
    const { values, messages } = readCitizenFields(body, METHOD_FIELDS[method], ctx.clock());
    flow.data.values = values;
    if (!consumeCaptcha(ctx, flow.id, flow.data, body.captcha)) {
      flow.messages = [error('CAPTCHA_WRONG', 'captcha'), ...messages];
      return false;
    }
    if (messages.length > 0) {
      flow.messages = messages;
      return false;
    }
    const v = values as CitizenValues;
    const limits = ctx.config.limits;
    const rate = await consumeRate(
      ctx.db,
      ctx.clock,
      'registry-ip',
      ip,
      limits.registryChecksPerIp,
      limits.registryCheckWindowMs,
    );
    if (!rate.allowed) {
      flow.messages = [error('RATE_LIMITED')];
      return false;
    }
    if (await this.accountExists(v.idNumber)) {
      flow.messages = [error('ACCOUNT_EXISTS', 'idNumber')];
      return false;
    }
    const check = method === 'thueBaoDiDong' ? await this.checkMobile(v) : await this.checkBhxh(v);
    if (check) {
      flow.messages = [error(check)];
      return false;
    }
    const sent = await ctx.otp.send(flow.id, v.phone);
    if (!sent.ok) {
      flow.messages = [error(sent.code)];
      return false;
    }
    flow.state = 'otp';
    flow.data.otpExpiresAt = sent.expiresAt;
    flow.data.otpResendAt = sent.resendAt;
    flow.messages = [{ code: 'OTP_SENT', type: 'info' }];
    return true;
  }

  private async accountExists(username: string): Promise<boolean> {
    const row = await this.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Carrier check then population-database match; returns the message code of the first failure. */
  private async checkMobile(v: CitizenValues): Promise<MessageCode | undefined> {
    const sub = await this.ctx.systems.lookupSubscriber(v.phone);
    if (!sub.ok) return sub.failure === 'notFound' ? 'CARRIER_MISMATCH' : externalMessage(sub.failure);
    const s = sub.value;
    // The seed: a SIM still registered with a 9-digit CMND must be updated at the carrier first.
    if (s.ownerIdType === 'CMND' && s.ownerIdNumber.length === 9) return 'CARRIER_CMND_SIM';
    if (!s.chinhChu || s.ownerIdNumber !== v.idNumber) return 'CARRIER_MISMATCH';
    const pop = await this.ctx.systems.verifyCitizen({
      idNumber: v.idNumber,
      fullName: v.fullName,
      dateOfBirth: v.dateOfBirth,
    });
    if (!pop.ok) return pop.failure === 'notFound' ? 'POPULATION_MISMATCH' : externalMessage(pop.failure);
    return pop.value.match ? undefined : 'POPULATION_MISMATCH';
  }

  private async checkBhxh(v: CitizenValues): Promise<MessageCode | undefined> {
    const r = await this.ctx.systems.verifyBhxh({
      bhxhCode: v.bhxhCode ?? '',
      idNumber: v.idNumber,
      fullName: v.fullName,
      dateOfBirth: v.dateOfBirth,
    });
    if (!r.ok) return r.failure === 'notFound' ? 'BHXH_MISMATCH' : externalMessage(r.failure);
    return r.value.match ? undefined : 'BHXH_MISMATCH';
  }

  private async otp(flow: RegistrationFlow, body: Record<string, unknown>): Promise<boolean> {
    const phone = flow.data.values.phone ?? '';
    if (body.action === 'resend') {
      const sent = await this.ctx.otp.send(flow.id, phone);
      if (!sent.ok) {
        flow.messages = [error(sent.code)];
        return false;
      }
      flow.data.otpExpiresAt = sent.expiresAt;
      flow.data.otpResendAt = sent.resendAt;
      flow.messages = [{ code: 'OTP_SENT', type: 'info' }];
      return true;
    }
    const r = await this.ctx.otp.check(flow.id, typeof body.otp === 'string' ? body.otp : '');
    if (!r.ok) {
      flow.messages = [error(r.code, 'otp')];
      return false;
    }
    flow.state = 'password';
    return true;
  }

  private async password(
    flow: RegistrationFlow,
    ip: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const { ctx } = this;
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.passwordConfirm === 'string' ? body.passwordConfirm : '';
    const v = flow.data.values as CitizenValues;
    const problem = checkPassword(password, { personalNumbers: [v.idNumber, v.phone, v.bhxhCode] });
    if (problem) {
      flow.messages = [error(problem, 'password')];
      return false;
    }
    if (password !== confirm) {
      flow.messages = [error('PASSWORD_CONFIRM_MISMATCH', 'passwordConfirm')];
      return false;
    }
    const passwordHash = await hashPassword(password, ctx.config.pepper, signal);
    const accountId = randomUUID();
    const method = flow.method as RegistrationMethod;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('accounts')
          .values({
            id: accountId,
            username: v.idNumber,
            subject: flow.subject,
            idNumber: v.idNumber,
            fullName: v.fullName,
            dateOfBirth: v.dateOfBirth,
            phone: v.phone,
            email: null,
            bhxhCode: v.bhxhCode ?? null,
            passwordHash,
            verificationLevel: REGISTRATION_METHODS[method].verificationLevel,
            registrationMethod: method,
            createdAt: ctx.clock(),
          })
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new DuplicateAccount();
        await completeRegistration(ctx, trx, flow, {
          accountId,
          username: v.idNumber,
          ip,
          at: ctx.clock(),
          detail: { method },
        });
      });
    } catch (e) {
      if (!(e instanceof DuplicateAccount)) {
        // Undo the in-memory changes made inside the rolled-back transaction.
        flow.state = 'password';
        throw e;
      }
      flow.state = 'password';
      flow.messages = [error('ACCOUNT_EXISTS')];
      return false;
    }
    return true;
  }
}

class DuplicateAccount extends Error {}
