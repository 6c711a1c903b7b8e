/**
 * `@kyso/lib/demo-pki`: a demo PKI shaped like Vietnam's (national root → licensed CAs,
 * government root → CA for state agencies) with demo citizens, organizations and the
 * awkward cases (expired, not yet valid, revoked, suspended, wrong key usage).
 */
export { CA_DEFINITIONS, caUrls, DEFAULT_BASE_URL } from './caHierarchy.js';
export type { DemoCitizen, DemoCitizenId, DemoOrganization, DemoOrganizationId } from './demoCitizens.js';
export { DEMO_CITIZENS, DEMO_ORGANIZATIONS } from './demoCitizens.js';
export { DEMO_PIN, DEMO_SO_PIN } from './demoIdentities.js';
export { generateDemoPki } from './generateDemoPki.js';
export { DEMO_POLICY } from './oids.js';
export { isValidMst, mstCheckDigit } from './taxCode.js';
export type * from './types.js';

import type { DemoPki, LoadDemoPkiOptions } from './types.js';

/**
 * The demo PKI, generated on first use and cached on disk (Node only; see `diskCache.ts`).
 * The Node-only module is loaded lazily so that this entry point stays importable in browsers.
 */
export async function loadDemoPki(options: LoadDemoPkiOptions = {}): Promise<DemoPki> {
  const { loadDemoPkiFromDisk } = await import('./diskCache.js');
  return loadDemoPkiFromDisk(options);
}
