/**
 * The whole single-sign-on journey started in-process on free ports for the browser e2e: the simulated
 * national systems, the national portal (OpenID provider, the ministry registered as its client at the
 * ministry's real test origin) and the ministry portal (relying party, dossiers), each on SQLite in a
 * temporary folder, both trusting the demo PKI with revocation fetched from these simulators.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectory } from '../../../demo-server/src/demoDirectory.js';
import { demoPkiTrust } from '../../../demo-server/src/demoPkiTrust.js';
import {
  type StartedMinistryPortal,
  startMinistryPortal,
} from '../../../demo-server/src/ministry/ministryApp.js';
import { loadMinistryConfig } from '../../../demo-server/src/ministry/ministryConfig.js';
import { loadPortalConfig } from '../../../demo-server/src/portal/config.js';
import { ministryClient } from '../../../demo-server/src/portal/oidc/openIdProviderConfig.js';
import { type StartedPortal, startNationalPortal } from '../../../demo-server/src/portal/portalApp.js';
import { type RunningSimulators, startSimulators } from '../../../demo-server/src/simulators/index.js';
import { freePort } from '../../../demo-server/test/freePort.js';
import { DEFAULT_BASE_URL, type DemoPki } from '../../../lib/src/demo-pki/index.js';

export interface SsoJourneyWorld {
  portalUrl: string;
  ministryUrl: string;
  simulatorsUrl: string;
  portal: StartedPortal;
  ministry: StartedMinistryPortal;
  /** The newest 6-digit code the SMS gateway delivered to `phone`. */
  lastOtp(phone: string): Promise<string>;
  close(): Promise<void>;
}

const CLIENT_SECRET = 'kyso-e2e-bocongan-secret';

export async function startSsoJourneyWorld(pki: DemoPki): Promise<SsoJourneyWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-e2e-sso-'));
  const [simulatorsPort, portalPort, ministryPort] = [await freePort(), await freePort(), await freePort()];
  const simulatorsUrl = `http://127.0.0.1:${simulatorsPort}`;
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const ministryUrl = `http://127.0.0.1:${ministryPort}`;
  const simulators: RunningSimulators = await startSimulators({
    demoPki: pki,
    port: simulatorsPort,
    host: '127.0.0.1',
    publicUrl: simulatorsUrl,
    logger: false,
  });
  const redirect = { from: new URL(DEFAULT_BASE_URL).origin, to: simulatorsUrl };
  const trust = demoPkiTrust(pki, { revocationRedirect: redirect });
  const portal = await startNationalPortal({
    config: loadPortalConfig({
      NODE_ENV: 'test',
      KYSO_PORTAL_HOST: '127.0.0.1',
      KYSO_PORTAL_PORT: String(portalPort),
      KYSO_PORTAL_PUBLIC_ORIGIN: portalUrl,
      KYSO_SQLITE_PATH: join(dir, 'portal.sqlite'),
      KYSO_SIMULATORS_URL: simulatorsUrl,
    }),
    logger: false,
    demo: demoDirectory(simulatorsUrl),
    trust: demoPkiTrust(pki, { government: true, revocationRedirect: redirect }),
    openIdProvider: {
      clients: [ministryClient(ministryUrl, 'bocongan-dvc', CLIENT_SECRET)],
      ministryOrigin: ministryUrl,
    },
  });
  const ministry = await startMinistryPortal({
    config: loadMinistryConfig({
      NODE_ENV: 'test',
      KYSO_MINISTRY_HOST: '127.0.0.1',
      KYSO_MINISTRY_PORT: String(ministryPort),
      KYSO_MINISTRY_PUBLIC_ORIGIN: ministryUrl,
      KYSO_MINISTRY_SQLITE_PATH: join(dir, 'ministry.sqlite'),
      KYSO_NATIONAL_PORTAL_ISSUER: portalUrl,
      KYSO_MINISTRY_CLIENT_SECRET: CLIENT_SECRET,
      KYSO_SIMULATORS_URL: simulatorsUrl,
    }),
    logger: false,
    trust,
  });
  return {
    portalUrl,
    ministryUrl,
    simulatorsUrl,
    portal,
    ministry,
    async lastOtp(phone) {
      const r = await fetch(`${simulatorsUrl}/dev/outbox/sms?to=${encodeURIComponent(phone)}`);
      const body = (await r.json()) as { messages: { text: string }[] };
      const code = /(\d{6})/.exec(body.messages[0]?.text ?? '')?.[1];
      if (!code) throw new Error(`no code in the SMS outbox for ${phone}`);
      return code;
    },
    async close() {
      for (const s of [ministry, portal]) {
        s.app.server.closeAllConnections();
        await s.close();
      }
      simulators.app.server.closeAllConnections();
      await simulators.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
