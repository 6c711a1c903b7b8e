/**
 * Registration with a personal remote signature (Chữ ký số cá nhân: SmartCA / MySign style): the citizen
 * gives the CCCD/CMND, the portal finds the signing credential at the provider and asks it to sign the
 * SHA-256 of a fresh challenge, the citizen approves in the provider's app, the portal polls, then checks the
 * signature and certificate exactly as for SIM ký số and continues with the `confirm` step.
 *
 *   identifier ──(idNumber)──▶ waiting ──(poll: signed)──▶ confirm ──▶ complete
 */
import { validateCccd, validateCmnd } from '@kyso/lib';
import type { RemoteSigningStatus } from '../externals/simulatorsClient.js';
import type { FlowMessage, MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { refreshCaptcha } from './captchaStep.js';
import type { Flow } from './flowStore.js';
import type { RegistrationFlow } from './registrationEngine.js';
import { acceptSignedChallenge, type RemoteOutcome, signingChallenge } from './simRegistration.js';

export interface RemoteSigningStepData {
  idNumber?: string;
  transactionId?: string;
  /** base64 of the random challenge whose SHA-256 the provider signs. */
  challenge?: string;
  verificationCode?: string;
}

/** VNPT SmartCA transaction statuses (domain reference §5.2). */
const RS = { success: 1, waiting: 4000, expired: 4001, rejected: 4002, keyLocked: 4003 } as const;

/** What a provider's transaction status means: still waiting, refused (with the message), or signed. */
export function remoteOutcome(s: RemoteSigningStatus): RemoteOutcome {
  if (s.status === RS.waiting) return { kind: 'waiting' };
  if (s.status === RS.rejected) return { kind: 'refused', code: 'RS_REJECTED' };
  if (s.status === RS.expired) return { kind: 'refused', code: 'RS_EXPIRED' };
  if (s.status === RS.keyLocked) return { kind: 'refused', code: 'RS_KEY_LOCKED' };
  const signature = s.signatures?.[0];
  if (s.status !== RS.success || !signature || !s.certificate)
    return { kind: 'refused', code: 'REGISTRY_UNAVAILABLE' };
  return { kind: 'signed', signed: { signature, certificate: s.certificate, chain: s.chain ?? [] } };
}

const error = (code: MessageCode, field?: string): FlowMessage =>
  field ? { code, type: 'error', field } : { code, type: 'error' };

const externalCode = (failure: string): MessageCode =>
  failure === 'timeout' ? 'REGISTRY_TIMEOUT' : 'REGISTRY_UNAVAILABLE';

/** Reads the CCCD (12 digits) or CMND (9 digits) the provider knows the credential by, or why it cannot. */
export function readRemoteIdNumber(body: Record<string, unknown>): {
  idNumber: string;
  problem?: FlowMessage;
} {
  const idNumber = typeof body.idNumber === 'string' ? body.idNumber.replace(/\s+/g, '') : '';
  if (idNumber === '') return { idNumber, problem: error('FIELD_REQUIRED', 'idNumber') };
  if (!(idNumber.length === 9 ? validateCmnd(idNumber) : validateCccd(idNumber)).valid) {
    return { idNumber, problem: error('ID_NUMBER_INVALID', 'idNumber') };
  }
  return { idNumber };
}

/**
 * Asks the provider to have `credentialId` sign a fresh challenge, showing `text` and the verification code
 * in its app; on success the flow waits for the outcome with `sent` shown.
 */
export async function requestRemoteSignature(
  ctx: PortalContext,
  flow: Flow<{ remote?: RemoteSigningStepData }>,
  idNumber: string,
  credentialId: string,
  text: string,
  sent: MessageCode,
): Promise<boolean> {
  const { challenge, digest, code } = signingChallenge();
  const r = await ctx.systems.rsSignHash({
    credentialId,
    hashes: [digest.toString('base64')],
    description: `${text} ${code}`,
  });
  if (!r.ok) {
    flow.messages = [error(externalCode(r.failure))];
    return false;
  }
  flow.data.remote = {
    idNumber,
    transactionId: r.value.transactionId,
    challenge: challenge.toString('base64'),
    verificationCode: code,
  };
  flow.state = 'waiting';
  flow.messages = [{ code: sent, type: 'info' }];
  return true;
}

/** Step `identifier`: finds the credential and sends the signing request to the provider's app. */
export async function submitRemoteIdentifier(
  ctx: PortalContext,
  flow: RegistrationFlow,
  body: Record<string, unknown>,
): Promise<boolean> {
  const { idNumber: raw, problem } = readRemoteIdNumber(body);
  flow.data.remote = { idNumber: raw.slice(0, 12) };
  if (problem) {
    flow.messages = [problem];
    return false;
  }
  const list = await ctx.systems.rsCredentials(raw);
  if (!list.ok) {
    flow.messages = [error(externalCode(list.failure))];
    return false;
  }
  const credentialId = list.value[0];
  if (!credentialId) {
    flow.messages = [error('RS_NO_CREDENTIAL', 'idNumber')];
    return false;
  }
  return requestRemoteSignature(
    ctx,
    flow,
    raw,
    credentialId,
    'Đăng ký tài khoản Cổng Dịch vụ công Quốc gia. Mã kiểm tra:',
    'RS_REQUEST_SENT',
  );
}

/** Step `waiting`: asks the provider for the outcome; on a signature, checks it and reads the identity. */
export async function pollRemoteSignature(ctx: PortalContext, flow: RegistrationFlow): Promise<boolean> {
  const remote = flow.data.remote ?? {};
  if (!remote.transactionId || !remote.challenge) {
    flow.messages = [error('FLOW_WRONG_STATE')];
    return false;
  }
  const r = await ctx.systems.rsStatus(remote.transactionId);
  if (!r.ok) {
    flow.messages = [error(externalCode(r.failure))];
    return false;
  }
  const back = (code: MessageCode) => {
    flow.state = 'identifier';
    flow.messages = [error(code)];
    return false;
  };
  const outcome = remoteOutcome(r.value);
  if (outcome.kind === 'waiting') {
    flow.messages = [{ code: 'RS_WAITING', type: 'info' }];
    return false;
  }
  if (outcome.kind === 'refused') return back(outcome.code);
  const accepted = await acceptSignedChallenge(ctx, flow, { challenge: remote.challenge, ...outcome.signed });
  if (!accepted.ok) return back(accepted.code);
  flow.data.cert = { certificate: accepted.info };
  refreshCaptcha(ctx, flow.id, flow.data);
  flow.state = 'confirm';
  flow.messages = [{ code: 'RS_CERTIFICATE_READ', type: 'info' }];
  return true;
}
