/** Everything a ministry request handler needs, built once per ministry-portal instance. */
import type { Clock } from '../portal/clock.js';
import type { NationalSystems } from '../portal/externals/simulatorsClient.js';
import type { CertificateTrust } from '../portal/portalContext.js';
import { completeTrust } from '../portal/security/loginTokenCheck.js';
import { OtpService } from '../portal/security/otpService.js';
import { SessionStore } from '../portal/security/sessionStore.js';
import type { MinistryDb } from './db/openMinistryDatabase.js';
import { callbackUrl, type MinistryConfig } from './ministryConfig.js';
import type { EmailNotifier } from './security/emailNotifier.js';
import { NationalPortalClient } from './sso/nationalPortalClient.js';

export interface MinistryContext {
  config: MinistryConfig;
  db: MinistryDb;
  clock: Clock;
  sessions: SessionStore;
  otp: OtpService;
  email: EmailNotifier;
  nationalPortal: NationalPortalClient;
  /** Trust for USB-token re-authentication (and the dossier signatures); absent: USB is not offered. */
  trust: CertificateTrust | undefined;
}

/** The SMS the ministry sends with a one-time code. */
export function ministryOtpSms(code: string): string {
  return `[BCA] Ma xac thuc (OTP) cua ban la ${code}. Ma co hieu luc trong 2 phut. Khong chia se ma nay cho bat ky ai.`;
}

export function createMinistryContext(deps: {
  config: MinistryConfig;
  db: MinistryDb;
  clock: Clock;
  sms: Pick<NationalSystems, 'sendSms'>;
  email: EmailNotifier;
  trust: CertificateTrust | undefined;
  otpGenerator?: (() => string) | undefined;
}): MinistryContext {
  const { config, db, clock } = deps;
  return {
    config,
    db,
    clock,
    sessions: new SessionStore(db, clock, config.limits),
    otp: new OtpService({
      db,
      clock,
      limits: config.limits,
      pepper: config.pepper,
      systems: deps.sms,
      smsText: ministryOtpSms,
      ...(deps.otpGenerator ? { generate: deps.otpGenerator } : {}),
    }),
    email: deps.email,
    nationalPortal: new NationalPortalClient({
      issuer: config.nationalIssuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: callbackUrl(config),
      timeoutMs: config.limits.externalTimeoutMs,
    }),
    trust: deps.trust ? completeTrust(deps.trust, clock, config.limits.externalTimeoutMs) : undefined,
  };
}
