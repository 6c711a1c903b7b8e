/** `node demo-server/dist/simulators/main.js`: runs the simulated external systems until SIGINT/SIGTERM. */

import { SimulatorsConfigError } from './simulatorsConfig.js';
import { startSimulators } from './startSimulators.js';

try {
  const running = await startSimulators();
  running.app.log.info(`Hệ thống mô phỏng / simulators: ${running.publicUrl}`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  const message =
    e instanceof SimulatorsConfigError
      ? e.message
      : `không khởi động được / failed to start: ${(e as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
