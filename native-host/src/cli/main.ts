/**
 * `kyso-host` entry. Without a sub-command (or when a browser starts it with
 * the caller's origin / manifest path) it runs the native messaging host.
 * The sub-commands are imported only when used, so the host starts fast.
 */
import { runHost } from '../hostProcess.js';

const COMMANDS = new Set(['install', 'uninstall', 'doctor', 'help', '--help', '-h']);

export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  // Started by hand in a terminal (a browser never gives a TTY): explain instead of waiting for frames.
  if (command === undefined && process.stdin.isTTY) {
    const { runCommand } = await import('./commands.js');
    return runCommand('help', []);
  }
  if (command === undefined || !COMMANDS.has(command)) {
    runHost(argv);
    return undefined;
  }
  const { runCommand } = await import('./commands.js');
  return runCommand(command, rest);
}
