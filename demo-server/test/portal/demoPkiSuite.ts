/**
 * Test kit: the life cycle every signature-method suite shares — demo PKI and simulators once per file, a
 * fresh portal (trusting the demo PKI) before each test, everything closed at the end.
 */
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { PortalConfig } from '../../src/portal/config.js';
import type { CertificateTrust } from '../../src/portal/portalContext.js';
import { type DemoPkiTrustOptions, demoPkiTrust } from './demoPkiTrust.js';
import {
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';

export interface DemoPkiSuite {
  pki: DemoPki;
  simulators: Simulators;
  trust: CertificateTrust;
  /** The portal of the running test. */
  h: PortalHarness;
}

export interface DemoPkiSuiteOptions extends DemoPkiTrustOptions {
  instances?: number;
  config?: Partial<PortalConfig>;
}

/** Registers the hooks in the calling `describe`; the fields are set once the hooks have run. */
export function demoPkiPortalSuite(options: DemoPkiSuiteOptions = {}): DemoPkiSuite {
  const suite = {} as DemoPkiSuite;
  beforeAll(async () => {
    suite.pki = await loadDemoPki();
    suite.simulators = await startTestSimulators();
    suite.trust = demoPkiTrust(suite.pki, suite.simulators.url, options);
  });
  afterAll(async () => {
    await suite.h?.close();
    await suite.simulators.close();
  });
  beforeEach(async () => {
    await suite.h?.close();
    suite.h = await startPortalHarness(suite.simulators, {
      trust: suite.trust,
      ...(options.instances ? { instances: options.instances } : {}),
      ...(options.config ? { config: options.config } : {}),
    });
  });
  return suite;
}
