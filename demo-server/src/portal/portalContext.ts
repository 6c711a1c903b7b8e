/** Everything a request handler needs, built once per portal instance. */
import type { Clock } from './clock.js';
import type { PortalConfig } from './config.js';
import type { PortalDb } from './db/connect.js';
import type { NationalSystems } from './externals/simulatorsClient.js';
import { FlowStore } from './flows/flowStore.js';
import { OtpService } from './security/otpService.js';
import { SessionStore } from './security/sessionStore.js';

export interface PortalContext {
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
  otpGenerator?: () => string,
): PortalContext {
  return {
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
