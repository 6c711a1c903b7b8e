/**
 * The spawned host runs the built JavaScript (native-host/dist). Tests call
 * `ensureHostBuilt()` so `npx vitest run native-host` works on its own: it
 * rebuilds with `tsc -b lib native-host` when dist is missing or older than
 * the sources, under a lock file so parallel test files build once.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export { HOST_BIN } from '../../src/client/hostClient.js';

const DIST = join(REPO_ROOT, 'native-host', 'dist');
const BUILT_ENTRY = join(DIST, 'cli', 'main.js');

function newestMtime(dir: string, suffix = '.ts'): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, suffix));
    else if (entry.name.endsWith(suffix)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(BUILT_ENTRY)) return true;
  const built = newestMtime(DIST, '.js');
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, 'native-host', 'src')),
    newestMtime(join(REPO_ROOT, 'lib', 'src', 'protocol')),
  );
  return sources > built;
}

export function ensureHostBuilt(): void {
  if (!isStale()) return;
  const lock = join(REPO_ROOT, 'native-host', '.build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { force: true });
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (isStale()) {
      try {
        execFileSync('npx', ['tsc', '-b', 'lib', 'native-host'], {
          cwd: REPO_ROOT,
          stdio: 'pipe',
          encoding: 'utf8',
        });
      } catch (e) {
        const out = (e as { stdout?: string }).stdout ?? '';
        throw new Error(`building the host failed (npx tsc -b lib native-host):\n${out}`);
      }
    }
  } finally {
    rmSync(lock, { force: true });
  }
}
