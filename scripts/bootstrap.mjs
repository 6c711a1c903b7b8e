#!/usr/bin/env node
// Self-bootstrapping entry for `npm start`, `npm test` and `npm run bench`.
// Uses only Node built-ins: it runs before node_modules exists.
//  1. installs the Debian packages the run needs (as root), or prints the exact command;
//  2. installs npm dependencies when node_modules is missing or older than the lock file;
//  3. builds, then runs the requested task.
// KYSO_BOOTSTRAP_PLAN=1 prints the steps it would run as JSON and runs nothing (tested by test/bootstrap.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const task = process.argv[2] ?? 'test';

/** Debian packages, each with a file that proves it is installed. */
const DEBIAN = {
  softhsm2: '/usr/bin/softhsm2-util',
  opensc: '/usr/bin/pkcs11-tool',
  'gnutls-bin': '/usr/bin/certtool',
  openssl: '/usr/bin/openssl',
  chromium: '/usr/bin/chromium',
  'firefox-esr': '/usr/bin/firefox-esr',
};
const NEEDS = {
  test: ['softhsm2', 'opensc', 'gnutls-bin', 'openssl', 'chromium', 'firefox-esr'],
  start: ['softhsm2', 'opensc', 'gnutls-bin', 'openssl'],
  bench: ['softhsm2', 'opensc', 'gnutls-bin', 'openssl', 'chromium', 'firefox-esr'],
  'demo:browser': ['softhsm2', 'opensc', 'gnutls-bin', 'openssl', 'chromium'],
};

function say(vi, en) {
  process.stderr.write(`[kyso] ${vi}\n[kyso] ${en}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureDebianPackages(names) {
  const missing = names.filter((n) => !existsSync(DEBIAN[n]));
  if (missing.length === 0) return;
  const install = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    say(
      `Thiếu gói hệ thống: ${missing.join(', ')}. Hãy chạy với quyền root:\n  sudo sh -c '${install}'`,
      `Missing system packages: ${missing.join(', ')}. Run as root:\n  sudo sh -c '${install}'`,
    );
    process.exit(1);
  }
  say(`Đang cài gói hệ thống: ${missing.join(', ')}`, `Installing system packages: ${missing.join(', ')}`);
  const status = run('sh', ['-c', install]);
  if (status !== 0) {
    say('Cài gói hệ thống thất bại.', 'Installing system packages failed.');
    process.exit(status);
  }
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (
    existsSync(marker) &&
    mtime(marker) >= mtime(lock) &&
    mtime(marker) >= mtime(join(root, 'package.json'))
  )
    return;
  say('Đang cài các gói npm (npm ci)…', 'Installing npm packages (npm ci)…');
  const status = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (status !== 0) {
    say('npm ci thất bại.', 'npm ci failed.');
    process.exit(status);
  }
}

const STEPS = {
  test: [
    ['npm', ['run', '--silent', 'lint']],
    ['npm', ['run', '--silent', 'typecheck']],
    ['node', ['--import', 'tsx', 'scripts/provisionDemoTokens.ts', '--quiet']],
    ['npx', ['vitest', 'run']],
  ],
  start: [
    ['npm', ['run', '--silent', 'build']],
    ['node', ['--import', 'tsx', 'scripts/provisionDemoTokens.ts']],
    ['node', ['--import', 'tsx', 'scripts/demo.ts']],
  ],
  'demo:browser': [
    ['npm', ['run', '--silent', 'build']],
    ['node', ['--import', 'tsx', 'scripts/provisionDemoTokens.ts', '--quiet']],
    ['node', ['--import', 'tsx', 'scripts/demoBrowser.ts']],
  ],
  bench: [
    ['npm', ['run', '--silent', 'build']],
    ['node', ['--import', 'tsx', 'scripts/provisionDemoTokens.ts', '--quiet']],
    ['node', ['bench/run.mjs']],
  ],
};

if (!STEPS[task]) {
  say(`Không rõ tác vụ "${task}".`, `Unknown task "${task}". Use start, test, bench or demo:browser.`);
  process.exit(2);
}
const extra = process.argv.slice(3);
// Arguments after `--` go to the task's final step (vitest filters, `--once`, bench names).
const plan = STEPS[task].map(([cmd, args], i, all) => [
  cmd,
  i === all.length - 1 ? [...args, ...extra] : args,
]);
// The demo and the benches run argon2id on libuv's pool: one thread per core (unless set), so that the
// portal can keep a computation queued inside the pool (demo-server/src/portal/security/argon2Slots.ts).
// The tests keep Node's default pool.
const env =
  task === 'start' || task === 'bench'
    ? { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE || String(availableParallelism()) }
    : process.env;
if (process.env.KYSO_BOOTSTRAP_PLAN === '1') {
  const threadPool = env.UV_THREADPOOL_SIZE ?? null;
  process.stdout.write(`${JSON.stringify({ task, debian: NEEDS[task], steps: plan, threadPool })}\n`);
  process.exit(0);
}
ensureDebianPackages(NEEDS[task]);
ensureNodeModules();
for (const [cmd, args] of plan) {
  const status = run(cmd, args, { env });
  if (status !== 0) process.exit(status);
}
