/**
 * The last step every registration method shares: inside the transaction that created the account, the flow
 * becomes `complete` (captcha dropped, account remembered), is saved, and the audit log records it.
 */
import type { PortalDb } from '../db/connect.js';
import type { PortalContext } from '../portalContext.js';
import { audit } from '../security/auditLog.js';
import { clearCaptcha } from './captchaStep.js';
import type { RegistrationFlow } from './registrationEngine.js';

export interface CompletedRegistration {
  accountId: string;
  username: string;
  ip: string;
  at: number;
  /** What the audit entry records besides the event (never secrets). */
  detail: Record<string, string>;
}

export async function completeRegistration(
  ctx: PortalContext,
  trx: PortalDb,
  flow: RegistrationFlow,
  done: CompletedRegistration,
): Promise<void> {
  flow.state = 'complete';
  flow.data.accountId = done.accountId;
  flow.data.username = done.username;
  clearCaptcha(flow.data);
  flow.messages = [{ code: 'REGISTRATION_COMPLETE', type: 'success' }];
  await ctx.flows.save(flow, trx);
  await audit(trx, () => done.at, 'registration.completed', done.accountId, done.ip, done.detail);
}
