/**
 * `npm start` entry of the demo server: the simulated national systems (port 8090) and the national
 * portal (port 8080), configured by environment variables (docs/configuration.md).
 */
import { demoDirectory } from './demoDirectory.js';
import { ConfigError, loadPortalConfig } from './portal/config.js';
import { startNationalPortal } from './portal/portalApp.js';
import { SimulatorsConfigError, startSimulators } from './simulators/index.js';

async function main(): Promise<void> {
  const config = loadPortalConfig();
  const simulators = await startSimulators();
  const portal = await startNationalPortal({ config, demo: demoDirectory(simulators.publicUrl) });
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
