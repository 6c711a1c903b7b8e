/**
 * Runs the native host on this process's stdin/stdout and exits when the
 * browser closes stdin (or stdout).
 */
import { hostLog } from './hostLog.js';
import { HostMethods } from './hostMethods.js';
import { runMessageLoop } from './messageLoop.js';

export function runHost(args: readonly string[]): void {
  const caller = args.find((a) => a.startsWith('chrome-extension://')) ?? args[1] ?? 'unknown';
  hostLog('info', 'host started', { caller, pid: process.pid });
  const methods = new HostMethods();
  const finish = (code: number): void => {
    methods.registry.close();
    process.exit(code);
  };
  process.stdout.on('error', (e) => {
    hostLog('warn', 'stdout closed', { error: String(e) });
    finish(0);
  });
  runMessageLoop(methods, {
    input: process.stdin,
    write: (frame) => {
      process.stdout.write(frame);
    },
    done: () => {
      // Let stdout drain before leaving.
      if (process.stdout.writableLength === 0) finish(0);
      else process.stdout.once('drain', () => finish(0));
    },
  });
}
