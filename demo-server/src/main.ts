/**
 * `npm start` entry of the demo server: the simulated national systems (port 8090) and the national
 * portal (port 8080), configured by environment variables (docs/configuration.md).
 */
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { demoDirectory } from './demoDirectory.js';
import { ConfigError, loadPortalConfig } from './portal/config.js';
import { startNationalPortal } from './portal/portalApp.js';
import { SimulatorsConfigError, simulatorsConfigFromEnv, startSimulators } from './simulators/index.js';

async function main(): Promise<void> {
  const config = loadPortalConfig();
  // One demo PKI for both: the simulators serve its CRLs and OCSP, the portal trusts its roots.
  const demoPki = await loadDemoPki({ baseUrl: `${simulatorsConfigFromEnv().publicUrl}/pki` });
  const simulators = await startSimulators({ demoPki });
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
  process.stdout.write(
    `Cổng Dịch vụ công Quốc gia (demo): ${config.publicOrigin}\nHệ thống mô phỏng / simulators: ${simulators.publicUrl}\n`,
  );
  const stop = async () => {
    await portal.close();
    await simulators.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof SimulatorsConfigError) {
    process.stderr.write(`Cấu hình không hợp lệ / invalid configuration: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `Không khởi động được / could not start: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
