/**
 * The national portal of the demo server and its simulated national systems, started in-process on
 * free ports for the browser e2e: SQLite in a temporary folder, the demo PKI's roots as trust list,
 * revocation (CRL/OCSP) fetched from these simulators. The demo PKI is read from the shared disk cache
 * with its default base URL (never regenerated): its certificates name http://localhost:8090/pki, which
 * the portal's revocation fetch redirects to the simulators' real port.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectory } from '../../../demo-server/src/demoDirectory.js';
import { demoPkiTrust } from '../../../demo-server/src/demoPkiTrust.js';
import { loadPortalConfig } from '../../../demo-server/src/portal/config.js';
import { type StartedPortal, startNationalPortal } from '../../../demo-server/src/portal/portalApp.js';
import { type RunningSimulators, startSimulators } from '../../../demo-server/src/simulators/index.js';
import { freePort } from '../../../demo-server/test/freePort.js';
import { DEFAULT_BASE_URL, type DemoIdentity, type DemoPki } from '../../../lib/src/demo-pki/index.js';
import type { TestIdentity } from '../../../native-host/test/support/testTokens.js';

export interface PortalWorld {
  /** The portal's origin, e.g. http://127.0.0.1:40123 (a development origin for Kyso). */
  portalUrl: string;
  simulatorsUrl: string;
  portal: StartedPortal;
  /** The newest SMS OTP the simulated gateway delivered to `phone` (outbox JSON). */
  lastOtp(phone: string): Promise<string>;
  close(): Promise<void>;
}

/** A demo-PKI identity as a throwaway-token identity (CKA_ID = its subject key identifier). */
export function demoTokenIdentity(identity: DemoIdentity): TestIdentity {
  return {
    certificate: identity.certificate,
    privateKey: identity.privateKey,
    idHex: identity.keyId,
    label: identity.name,
    x509: new X509Certificate(identity.certificate),
  };
}

export async function startPortalWorld(pki: DemoPki): Promise<PortalWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-e2e-portal-'));
  const simulatorsPort = await freePort();
  const simulatorsUrl = `http://127.0.0.1:${simulatorsPort}`;
  const simulators: RunningSimulators = await startSimulators({
    demoPki: pki,
    port: simulatorsPort,
    host: '127.0.0.1',
    publicUrl: simulatorsUrl,
    logger: false,
  });
  const portalPort = await freePort();
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const config = loadPortalConfig({
    NODE_ENV: 'test',
    KYSO_PORTAL_HOST: '127.0.0.1',
    KYSO_PORTAL_PORT: String(portalPort),
    KYSO_PORTAL_PUBLIC_ORIGIN: portalUrl,
    KYSO_SQLITE_PATH: join(dir, 'portal.sqlite'),
    KYSO_SIMULATORS_URL: simulatorsUrl,
  });
  const portal = await startNationalPortal({
    config,
    logger: false,
    demo: demoDirectory(simulatorsUrl),
    trust: demoPkiTrust(pki, {
      government: true,
      revocationRedirect: { from: new URL(DEFAULT_BASE_URL).origin, to: simulatorsUrl },
    }),
  });
  return {
    portalUrl,
    simulatorsUrl,
    portal,
    async lastOtp(phone) {
      const r = await fetch(`${simulatorsUrl}/dev/outbox/sms?to=${encodeURIComponent(phone)}`);
      const body = (await r.json()) as { messages: { text: string }[] };
      const code = /(\d{6})/.exec(body.messages[0]?.text ?? '')?.[1];
      if (!code) throw new Error(`no OTP in the SMS outbox for ${phone}`);
      return code;
    },
    async close() {
      portal.app.server.closeAllConnections();
      await portal.close();
      simulators.app.server.closeAllConnections();
      await simulators.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
