/** `kyso-host install` / `uninstall` for real on Linux, with HOME in a temporary folder. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHROME_EXTENSION_ID } from '../src/extensionIds.js';
import { executeInstall, executeUninstall } from '../src/install/installExecution.js';
import type { InstallPlan } from '../src/install/installPlan.js';
import { ensureHostBuilt, HOST_BIN } from './support/hostBuild.js';
import { frame } from './support/hostClient.js';

let home: string;

beforeAll(() => {
  ensureHostBuilt();
});

afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

function kysoHost(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [HOST_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KYSO_PKCS11_BUILTIN: '0', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(process.platform !== 'linux')('install on Linux', () => {
  it('writes the manifests and an executable launcher that really starts the host', () => {
    home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
    const r = kysoHost(['install', '--browser', 'chromium', '--browser', 'firefox', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const chromium = join(home, '.config/chromium/NativeMessagingHosts/vn.kyso.host.json');
    const firefox = join(home, '.mozilla/native-messaging-hosts/vn.kyso.host.json');
    const launcher = join(home, '.local/share/kyso/kyso-host-launcher.sh');
    expect(JSON.parse(readFileSync(chromium, 'utf8')).allowed_origins).toEqual([
      `chrome-extension://${DEFAULT_CHROME_EXTENSION_ID}/`,
    ]);
    expect(JSON.parse(readFileSync(firefox, 'utf8'))).toMatchObject({
      path: launcher,
      allowed_extensions: ['kyso@kyso.vn'],
    });
    expect(statSync(launcher).mode & 0o777).toBe(0o755);
    expect(readFileSync(launcher, 'utf8')).toContain(`exec '${process.execPath}' '${HOST_BIN}' "$@"`);
    // The launcher, run as Chrome runs it, answers hello.
    const out = execFileSync(launcher, ['chrome-extension://x/'], {
      input: frame(JSON.stringify({ v: 1, id: 1, method: 'hello' })),
      env: { PATH: process.env.PATH ?? '', KYSO_PKCS11_MODULES: '' },
    });
    expect(JSON.parse(out.subarray(4).toString())).toMatchObject({ id: 1, result: { protocol: 1 } });
  });

  it('writes into --user-data-dir and takes --extension-id and --env', () => {
    home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
    const udd = join(home, 'profile');
    const r = kysoHost([
      'install',
      '--user-data-dir',
      udd,
      '--extension-id',
      'abcdefghijklmnopabcdefghijklmnop',
      '--env',
      'SOFTHSM2_CONF=/x/softhsm2.conf',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(udd, 'NativeMessagingHosts/vn.kyso.host.json'), 'utf8'));
    expect(manifest.allowed_origins).toEqual(['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']);
    expect(readFileSync(manifest.path, 'utf8')).toContain(`export SOFTHSM2_CONF='/x/softhsm2.conf'`);
  });

  it('uninstall removes exactly what install wrote, keeping folders that existed and foreign files', () => {
    home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
    mkdirSync(join(home, '.config/google-chrome'), { recursive: true });
    writeFileSync(join(home, '.config/google-chrome/Preferences'), '{}');
    expect(kysoHost(['install']).status).toBe(0);
    expect(kysoHost(['install', '--browser', 'firefox']).status).toBe(0);
    writeFileSync(join(home, '.mozilla/native-messaging-hosts/other.host.json'), '{}');
    const r = kysoHost(['uninstall', '--json']);
    expect(r.status).toBe(0);
    const outcome = JSON.parse(r.stdout);
    expect(outcome.found).toBe(true);
    expect(outcome.files).toHaveLength(7);
    expect(existsSync(join(home, '.config/google-chrome/Preferences'))).toBe(true);
    expect(existsSync(join(home, '.config/google-chrome/NativeMessagingHosts'))).toBe(false);
    expect(existsSync(join(home, '.mozilla/native-messaging-hosts/other.host.json'))).toBe(true);
    expect(existsSync(join(home, '.config/chromium'))).toBe(false);
    expect(existsSync(join(home, '.local'))).toBe(false);
    expect(JSON.parse(kysoHost(['uninstall', '--json']).stdout).found).toBe(false);
  });

  it('refuses unknown browsers and options with usage and exit code 2', () => {
    home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
    const bad = kysoHost(['install', '--browser', 'opera']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/opera/);
    expect(kysoHost(['install', '--colour']).status).toBe(2);
    expect(kysoHost(['install', '--env', 'novalue']).status).toBe(2);
  });
});

describe('install record', () => {
  it('runs the registry commands of a plan and their removals on uninstall', () => {
    home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
    const manifest = join(home, 'Kyso', 'vn.kyso.host.chromium.json');
    const plan: InstallPlan = {
      os: 'win32',
      dataDir: join(home, 'Kyso'),
      launcherPath: join(home, 'Kyso', 'kyso-host.cmd'),
      recordPath: join(home, 'Kyso', 'install-record.json'),
      steps: [
        { kind: 'file', role: 'manifest', path: manifest, content: '{}', mode: 0o644, browsers: ['edge'] },
        {
          kind: 'registry',
          key: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\vn.kyso.host',
          manifestPath: manifest,
          add: ['add', 'K', '/ve', '/t', 'REG_SZ', '/d', manifest, '/f'],
          remove: ['delete', 'K', '/f'],
          browsers: ['edge'],
        },
      ],
    };
    const calls: string[][] = [];
    const run = (args: readonly string[]): void => {
      calls.push([...args]);
    };
    executeInstall(plan, run);
    expect(calls).toEqual([['add', 'K', '/ve', '/t', 'REG_SZ', '/d', manifest, '/f']]);
    const out = executeUninstall(plan.recordPath, run);
    expect(calls[1]).toEqual(['delete', 'K', '/f']);
    expect(out.files).toEqual([manifest]);
    expect(existsSync(join(home, 'Kyso'))).toBe(false);
  });
});
