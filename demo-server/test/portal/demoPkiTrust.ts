/**
 * Test kit: the certificate trust a portal under test uses for the demo PKI. The demo certificates name
 * http://localhost:8090/pki for their CRLs and OCSP; the test simulators listen elsewhere, so revocation
 * requests are sent to them instead.
 */
import { httpRevocationFetch } from '@kyso/lib';
import type { DemoPki } from '@kyso/lib/demo-pki';
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
  const fetchRevocation = httpRevocationFetch({ timeoutMs: 2000 });
  return {
    anchors: [pki.roots.national, pki.roots.government],
    intermediates: Object.values(pki.cas)
      .filter((ca) => ca.parent !== null)
      .map((ca) => ca.certificate),
    ...(options.government ? { governmentAnchors: [pki.roots.government] } : {}),
    revocationFetch: (url, init) =>
      fetchRevocation(url.replace('http://localhost:8090', simulatorsUrl), init),
  };
}
