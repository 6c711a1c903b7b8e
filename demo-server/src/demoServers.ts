/**
 * The whole demo on one machine: the simulated national systems (port 8090), the national portal
 * (port 8080, also the OpenID provider) and the ministry portal (Cổng DVC Bộ Công an, port 8081, its relying
 * party) sharing one demo PKI — the simulators serve its CRLs and OCSP, both portals trust its roots.
 * Configured by environment variables (docs/configuration.md, docs/simulators.md, docs/ministry-portal.md).
 */
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { demoDirectory } from './demoDirectory.js';
import { demoPkiTrust } from './demoPkiTrust.js';
import { type StartedMinistryPortal, startMinistryPortal } from './ministry/ministryApp.js';
import { loadMinistryConfig } from './ministry/ministryConfig.js';
import { loadPortalConfig } from './portal/config.js';
import { type StartedPortal, startNationalPortal } from './portal/portalApp.js';
import { type RunningSimulators, simulatorsConfigFromEnv, startSimulators } from './simulators/index.js';

export interface DemoServers {
  portal: StartedPortal;
  ministry: StartedMinistryPortal;
  simulators: RunningSimulators;
  /** The portal's public origin (what a browser opens). */
  portalOrigin: string;
  /** The ministry portal's public origin. */
  ministryOrigin: string;
  close(): Promise<void>;
}

export async function startDemoServers(options: { simulatorsLogger?: boolean } = {}): Promise<DemoServers> {
  const config = loadPortalConfig();
  const ministryConfig = loadMinistryConfig();
  const demoPki = await loadDemoPki({ baseUrl: `${simulatorsConfigFromEnv().publicUrl}/pki` });
  const simulators = await startSimulators({
    demoPki,
    ...(options.simulatorsLogger === undefined ? {} : { logger: options.simulatorsLogger }),
  });
  try {
    const portal = await startNationalPortal({
      config,
      demo: demoDirectory(simulators.publicUrl),
      trust: demoPkiTrust(demoPki, { government: true }),
    });
    let ministry: StartedMinistryPortal;
    try {
      ministry = await startMinistryPortal({ config: ministryConfig, trust: demoPkiTrust(demoPki) });
    } catch (e) {
      await portal.close();
      throw e;
    }
    return {
      portal,
      ministry,
      simulators,
      portalOrigin: config.publicOrigin,
      ministryOrigin: ministryConfig.publicOrigin,
      close: async () => {
        await Promise.allSettled([ministry.close(), portal.close(), simulators.close()]);
      },
    };
  } catch (e) {
    await simulators.close();
    throw e;
  }
}
