/**
 * Entry of the demo server: the simulated national systems (port 8090), the national portal (port 8080)
 * and the ministry portal (port 8081), configured by environment variables (docs/configuration.md).
 */
import { startDemoServers } from './demoServers.js';
import { ConfigError } from './portal/config.js';
import { SimulatorsConfigError } from './simulators/index.js';

async function main(): Promise<void> {
  const servers = await startDemoServers();
  process.stdout.write(
    `Cổng Dịch vụ công Quốc gia (demo): ${servers.portalOrigin}\nCổng dịch vụ công Bộ Công an (demo): ${servers.ministryOrigin}\nHệ thống mô phỏng / simulators: ${servers.simulators.publicUrl}\n`,
  );
  const stop = async () => {
    await servers.close();
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
