/**
 * The certificate trust of the demo portals for the demo PKI: both roots as anchors, every issuing CA as an
 * intermediate, optionally the government root as the anchor of state-agency certificates, and optionally
 * revocation fetched from simulators that listen somewhere other than the certificates' own CRL/OCSP URLs
 * (tests start them on free ports).
 */
import { httpRevocationFetch } from '@kyso/lib';
import type { DemoPki } from '@kyso/lib/demo-pki';
import type { CertificateTrust } from './portal/portalContext.js';

export interface DemoPkiTrustOptions {
  /** Also recognise the government root as the anchor of state-agency (Cơ quan nhà nước) certificates. */
  government?: boolean;
  /** Send the revocation requests for URLs under `from` (the PKI's base origin) to `to` instead. */
  revocationRedirect?: { from: string; to: string; timeoutMs?: number };
}

export function demoPkiTrust(pki: DemoPki, options: DemoPkiTrustOptions = {}): CertificateTrust {
  const redirect = options.revocationRedirect;
  const fetchRevocation = redirect
    ? httpRevocationFetch({ timeoutMs: redirect.timeoutMs ?? 3000 })
    : undefined;
  return {
    anchors: [pki.roots.national, pki.roots.government],
    intermediates: Object.values(pki.cas)
      .filter((ca) => ca.parent !== null)
      .map((ca) => ca.certificate),
    ...(options.government ? { governmentAnchors: [pki.roots.government] } : {}),
    ...(redirect && fetchRevocation
      ? { revocationFetch: (url, init) => fetchRevocation(url.replace(redirect.from, redirect.to), init) }
      : {}),
  };
}
