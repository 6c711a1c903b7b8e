/**
 * Child-process entry of the portal benches: the national portal exactly as `startNationalPortal` runs
 * it (configuration from the environment: DATABASE_URL or KYSO_SQLITE_PATH, KYSO_SIMULATORS_URL, …),
 * with request logging off and the per-IP and per-phone limits raised, because every bench client comes
 * from 127.0.0.1 and some phones get many codes. With BENCH_PKI_SIMULATORS_URL set it also trusts the
 * demo PKI (USB ký số) and fetches its CRLs/OCSP from those simulators. Prints one line
 * `{"ready":"<url>"}` on stdout when it listens.
 *
 *   node --import tsx bench/support/portalServer.ts
 */
import { httpRevocationFetch } from '@kyso/lib';
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { loadPortalConfig } from '../../demo-server/src/portal/config.js';
import { startNationalPortal } from '../../demo-server/src/portal/portalApp.js';
import type { CertificateTrust } from '../../demo-server/src/portal/portalContext.js';
import { serveBenchServer } from './benchServerEntry.js';

const UNLIMITED = 1_000_000_000;

async function trustFromEnv(): Promise<CertificateTrust | undefined> {
  const simulatorsUrl = process.env.BENCH_PKI_SIMULATORS_URL;
  if (!simulatorsUrl) return undefined;
  const pki = await loadDemoPki();
  const fetchRevocation = httpRevocationFetch({ timeoutMs: 3000 });
  return {
    anchors: [pki.roots.national, pki.roots.government],
    intermediates: Object.values(pki.cas)
      .filter((ca) => ca.parent !== null)
      .map((ca) => ca.certificate),
    // The demo certificates name http://localhost:8090/pki; the bench simulators listen elsewhere.
    revocationFetch: (url, init) =>
      fetchRevocation(url.replace('http://localhost:8090', simulatorsUrl), init),
  };
}

async function start(): Promise<{ url: string; close(): Promise<unknown> }> {
  const base = loadPortalConfig();
  const config = {
    ...base,
    limits: {
      ...base.limits,
      registryChecksPerIp: UNLIMITED,
      otpSendsPerPhone: UNLIMITED,
      otpResendCooldownMs: 0,
      loginFailuresPerIp: UNLIMITED,
    },
  };
  const trust = await trustFromEnv();
  return startNationalPortal({ config, logger: false, ...(trust ? { trust } : {}) });
}

serveBenchServer('portal bench server', start);
