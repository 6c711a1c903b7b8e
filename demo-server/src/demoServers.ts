/**
 * The whole demo on one machine: the simulated national systems (port 8090) and the national portal
 * (port 8080) sharing one demo PKI — the simulators serve its CRLs and OCSP, the portal trusts its
 * roots. Configured by environment variables (docs/configuration.md, docs/simulators.md).
 */
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { demoDirectory } from './demoDirectory.js';
import { loadPortalConfig } from './portal/config.js';
import { type StartedPortal, startNationalPortal } from './portal/portalApp.js';
import { type RunningSimulators, simulatorsConfigFromEnv, startSimulators } from './simulators/index.js';

export interface DemoServers {
  portal: StartedPortal;
  simulators: RunningSimulators;
  /** The portal's public origin (what a browser opens). */
  portalOrigin: string;
  close(): Promise<void>;
}

export async function startDemoServers(options: { simulatorsLogger?: boolean } = {}): Promise<DemoServers> {
  const config = loadPortalConfig();
  const demoPki = await loadDemoPki({ baseUrl: `${simulatorsConfigFromEnv().publicUrl}/pki` });
  const simulators = await startSimulators({
    demoPki,
    ...(options.simulatorsLogger === undefined ? {} : { logger: options.simulatorsLogger }),
  });
  try {
    const portal = await startNationalPortal({
      config,
      demo: demoDirectory(simulators.publicUrl),
      trust: {
        anchors: [demoPki.roots.national, demoPki.roots.government],
        governmentAnchors: [demoPki.roots.government],
        intermediates: Object.values(demoPki.cas)
          .filter((ca) => ca.parent !== null)
          .map((ca) => ca.certificate),
      },
    });
    return {
      portal,
      simulators,
      portalOrigin: config.publicOrigin,
      close: async () => {
        await Promise.allSettled([portal.close(), simulators.close()]);
      },
    };
  } catch (e) {
    await simulators.close();
    throw e;
  }
}
