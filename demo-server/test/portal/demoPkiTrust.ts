/**
 * Test kit: the certificate trust a portal under test uses for the demo PKI. The demo certificates name
 * http://localhost:8090/pki for their CRLs and OCSP; the test simulators listen elsewhere, so revocation
 * requests are sent to them instead.
 */
import type { DemoPki } from '@kyso/lib/demo-pki';
import { demoPkiTrust as trustOf } from '../../src/demoPkiTrust.js';
import type { CertificateTrust } from '../../src/portal/portalContext.js';

export interface DemoPkiTrustOptions {
  /** Also recognise the government root as the anchor of state-agency (Cơ quan nhà nước) certificates. */
  government?: boolean;
}

export function demoPkiTrust(
  pki: DemoPki,
  simulatorsUrl: string,
  options: DemoPkiTrustOptions = {},
): CertificateTrust {
  return trustOf(pki, {
    ...options,
    revocationRedirect: { from: 'http://localhost:8090', to: simulatorsUrl, timeoutMs: 2000 },
  });
}
