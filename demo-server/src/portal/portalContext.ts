/** Everything a request handler needs, built once per portal instance. */
import type { RevocationFetch } from '@kyso/lib';
import type { PathValidationCache } from '@kyso/lib/trust';
import type { Clock } from './clock.js';
import type { PortalConfig } from './config.js';
import type { PortalDb } from './db/connect.js';
import type { NationalSystems } from './externals/simulatorsClient.js';
import { FlowStore } from './flows/flowStore.js';
import { completeTrust } from './security/loginTokenCheck.js';
import { OtpService } from './security/otpService.js';
import { SessionStore } from './security/sessionStore.js';

/** Trust list of the portal as a relying party for USB-token certificates. */
export interface CertificateTrust {
  anchors: Uint8Array[];
  intermediates: Uint8Array[];
  /**
   * The government specialised PKI's roots (Ban Cơ yếu Chính phủ), also listed in `anchors`: a certificate
   * chaining to one of them registers and signs in State-agency (Cơ quan nhà nước) accounts only, and only
   * such a certificate does. Absent: no State-agency certificate method is offered.
   */
  governmentAnchors?: Uint8Array[];
  /** OCSP/CRL fetcher (default: HTTP with the external timeout). */
  revocationFetch?: RevocationFetch;
  /**
   * Successful USB-token path validations reused until the OCSP answer or CRL they relied on reaches its
   * nextUpdate, a certificate expires, or 5 minutes pass (default: one cache per portal instance). The
   * login signature over the nonce and origin is still checked on every login.
   */
  pathCache?: PathValidationCache;
}

export interface PortalContext {
  /** Absent: the USB ký số method is not offered. */
  trust: CertificateTrust | undefined;
  config: PortalConfig;
  db: PortalDb;
  clock: Clock;
  systems: NationalSystems;
  flows: FlowStore;
  otp: OtpService;
  sessions: SessionStore;
}

export function createPortalContext(
  config: PortalConfig,
  db: PortalDb,
  clock: Clock,
  systems: NationalSystems,
  extras: { otpGenerator?: (() => string) | undefined; trust?: CertificateTrust | undefined } = {},
): PortalContext {
  const { otpGenerator } = extras;
  return {
    trust: extras.trust ? completeTrust(extras.trust, clock, config.limits.externalTimeoutMs) : undefined,
    config,
    db,
    clock,
    systems,
    flows: new FlowStore(db, clock),
    otp: new OtpService({
      db,
      clock,
      limits: config.limits,
      pepper: config.pepper,
      systems,
      ...(otpGenerator ? { generate: otpGenerator } : {}),
    }),
    sessions: new SessionStore(db, clock, config.limits),
  };
}
