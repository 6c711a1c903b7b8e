/**
 * Login by SIM signature (SIM ký số, through the carrier's MSSP) and by personal remote signature (Chữ ký
 * số cá nhân, through the provider's app): the same request → approval → check path as registration
 * (simRegistration.ts, remoteSigningRegistration.ts), then the account named by the certificate.
 *
 *   phone / identifier ──▶ waiting ──(poll: signed, certificate valid, account found)──▶ complete
 *
 * Throttles as for the other login methods: per client IP and per phone number / ID number, with growing
 * lockouts; a request the holder cancels or rejects counts as a failure too, so that a stranger cannot
 * flood someone's phone with approval requests. Messages are generic: an unknown number or ID number gets
 * the same answer as a failed signature.
 */
import { validateVietnameseMobile } from '@kyso/lib';
import type { ExternalFailure } from '../externals/simulatorsClient.js';
import type { FlowMessage, MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { type LockoutPolicy, lockState, recordFailure } from '../security/rateLimiter.js';
import { type SignedIn, signInWithCertificate } from './certificateSignIn.js';
import type { Flow } from './flowStore.js';
import type { RemoteSigningStepData } from './remoteSigningRegistration.js';
import { readRemoteIdNumber, remoteOutcome, requestRemoteSignature } from './remoteSigningRegistration.js';
import {
  type RemoteOutcome,
  type SimStepData,
  signingChallenge,
  simOutcome,
  verifyRemoteSignature,
} from './simRegistration.js';

/** The part of a login flow's data these steps use. */
export interface RemoteLoginData {
  sim?: SimStepData;
  remote?: RemoteSigningStepData;
  accountId?: string;
}

export interface LoginPolicies {
  account: LockoutPolicy;
  ip: LockoutPolicy;
  accountKey(identifier: string): string;
  ipKey(ip: string): string;
}

const error = (code: MessageCode, field?: string): FlowMessage =>
  field ? { code, type: 'error', field } : { code, type: 'error' };

const externalCode = (failure: ExternalFailure): MessageCode =>
  failure === 'timeout' ? 'REGISTRY_TIMEOUT' : 'REGISTRY_UNAVAILABLE';

const LOGIN_TEXT = 'Đăng nhập Cổng Dịch vụ công Quốc gia. Mã kiểm tra:';

async function locked(
  ctx: PortalContext,
  p: LoginPolicies,
  ip: string,
  identifier: string,
): Promise<boolean> {
  const [a, b] = await Promise.all([
    lockState(ctx.db, ctx.clock, p.ipKey(ip)),
    lockState(ctx.db, ctx.clock, p.accountKey(identifier)),
  ]);
  return a.locked || b.locked;
}

async function failure(ctx: PortalContext, p: LoginPolicies, ip: string, identifier: string): Promise<void> {
  await Promise.all([
    recordFailure(ctx.db, ctx.clock, p.ipKey(ip), p.ip),
    recordFailure(ctx.db, ctx.clock, p.accountKey(identifier), p.account),
  ]);
}

/** Step `phone` (simKySo): sends the login request to the signing SIM. */
export async function startSimLogin(
  ctx: PortalContext,
  flow: Flow<RemoteLoginData>,
  ip: string,
  p: LoginPolicies,
  body: Record<string, unknown>,
): Promise<boolean> {
  const phone = validateVietnameseMobile(typeof body.phone === 'string' ? body.phone : '');
  flow.data.sim = { phone: phone.value.slice(0, 16) };
  if (!phone.valid || !phone.international) {
    flow.messages = [error(phone.value ? 'PHONE_INVALID' : 'FIELD_REQUIRED', 'phone')];
    return false;
  }
  const identifier = phone.national ?? phone.value;
  if (await locked(ctx, p, ip, identifier)) {
    flow.messages = [error('RATE_LIMITED')];
    return false;
  }
  const { challenge, digest, code } = signingChallenge();
  const r = await ctx.systems.msspSign({
    msisdn: phone.international,
    dataToBeSigned: digest.toString('base64'),
    dataToBeDisplayed: `${LOGIN_TEXT} ${code}`,
    apTransId: flow.id,
  });
  if (!r.ok) {
    if (r.failure !== 'notFound') {
      flow.messages = [error(externalCode(r.failure))];
      return false;
    }
    await failure(ctx, p, ip, identifier);
    flow.messages = [error('SIGNATURE_LOGIN_FAILED')];
    return false;
  }
  flow.data.sim = {
    phone: identifier,
    msspTransId: r.value.msspTransId,
    challenge: challenge.toString('base64'),
    verificationCode: code,
  };
  flow.state = 'waiting';
  flow.messages = [{ code: 'SIM_LOGIN_REQUEST_SENT', type: 'info' }];
  return true;
}

/** Step `identifier` (chuKySoCaNhan): finds the credential and sends the login request to the provider's app. */
export async function startRemoteLogin(
  ctx: PortalContext,
  flow: Flow<RemoteLoginData>,
  ip: string,
  p: LoginPolicies,
  body: Record<string, unknown>,
): Promise<boolean> {
  const { idNumber: raw, problem } = readRemoteIdNumber(body);
  flow.data.remote = { idNumber: raw.slice(0, 12) };
  if (problem) {
    flow.messages = [problem];
    return false;
  }
  if (await locked(ctx, p, ip, raw)) {
    flow.messages = [error('RATE_LIMITED')];
    return false;
  }
  const list = await ctx.systems.rsCredentials(raw);
  if (!list.ok) {
    flow.messages = [error(externalCode(list.failure))];
    return false;
  }
  const credentialId = list.value[0];
  if (!credentialId) {
    await failure(ctx, p, ip, raw);
    flow.messages = [error('SIGNATURE_LOGIN_FAILED')];
    return false;
  }
  return requestRemoteSignature(ctx, flow, raw, credentialId, LOGIN_TEXT, 'RS_LOGIN_REQUEST_SENT');
}

/**
 * Step `waiting`: asks the MSSP or the provider for the outcome; on a signature, checks it and the
 * certificate and finds the account. Returns the account signed in and the entry to record with the save.
 */
export async function pollRemoteLogin(
  ctx: PortalContext,
  flow: Flow<RemoteLoginData>,
  ip: string,
  p: LoginPolicies,
): Promise<SignedIn | undefined> {
  const sim = flow.method === 'simKySo';
  const step = sim ? flow.data.sim : flow.data.remote;
  const transId = sim ? flow.data.sim?.msspTransId : flow.data.remote?.transactionId;
  const identifier = (sim ? flow.data.sim?.phone : flow.data.remote?.idNumber) ?? '';
  if (!step?.challenge || !transId) {
    flow.messages = [error('FLOW_WRONG_STATE')];
    return undefined;
  }
  let outcome: RemoteOutcome;
  if (sim) {
    const r = await ctx.systems.msspStatus(transId);
    if (!r.ok) {
      flow.messages = [error(externalCode(r.failure))];
      return undefined;
    }
    outcome = simOutcome(r.value);
  } else {
    const r = await ctx.systems.rsStatus(transId);
    if (!r.ok) {
      flow.messages = [error(externalCode(r.failure))];
      return undefined;
    }
    outcome = remoteOutcome(r.value);
  }
  if (outcome.kind === 'waiting') {
    flow.messages = [{ code: sim ? 'SIM_WAITING' : 'RS_WAITING', type: 'info' }];
    return undefined;
  }
  const back = async (code: MessageCode) => {
    await failure(ctx, p, ip, identifier);
    flow.state = sim ? 'phone' : 'identifier';
    delete step.challenge;
    flow.messages = [error(code)];
    return undefined;
  };
  if (outcome.kind === 'refused') return back(outcome.code);
  const checked = await verifyRemoteSignature(ctx, { challenge: step.challenge, ...outcome.signed });
  if (!checked.ok) return back('SIGNATURE_LOGIN_FAILED');
  const { description, path } = checked.verified;
  const signedIn = await signInWithCertificate(
    ctx,
    ip,
    sim ? 'simKySo' : 'chuKySoCaNhan',
    { description, subjectType: description.subjectType, identifiers: description.identifiers },
    path,
  );
  if (!signedIn.ok) return back(signedIn.code);
  flow.data.accountId = signedIn.accountId;
  flow.state = 'complete';
  delete flow.data.sim;
  delete flow.data.remote;
  return { accountId: signedIn.accountId, audit: signedIn.audit };
}
