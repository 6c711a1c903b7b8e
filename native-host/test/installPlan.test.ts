import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROME_EXTENSION_ID } from '../src/extensionIds.js';
import { BROWSERS } from '../src/install/browserLocations.js';
import {
  type InstallPlan,
  type PlanOptions,
  type PlanStep,
  planInstall,
} from '../src/install/installPlan.js';

const base: Omit<PlanOptions, 'os' | 'homeDir'> = {
  env: {},
  browsers: BROWSERS,
  system: false,
  nodePath: '/usr/bin/node',
  hostScript: '/opt/kyso/native-host/bin/kyso-host.js',
  chromeIds: [DEFAULT_CHROME_EXTENSION_ID],
  firefoxIds: ['kyso@kyso.vn'],
};

type FileStep = Extract<PlanStep, { kind: 'file' }>;
type RegistryStep = Extract<PlanStep, { kind: 'registry' }>;
const files = (p: InstallPlan): FileStep[] => p.steps.filter((s): s is FileStep => s.kind === 'file');
const manifests = (p: InstallPlan): Record<string, string[]> =>
  Object.fromEntries(
    files(p)
      .filter((s) => s.role === 'manifest')
      .map((s) => [s.path, s.browsers]),
  );
const manifestOf = (p: InstallPlan, b: string): FileStep =>
  files(p).find((s) => s.role === 'manifest' && s.browsers.includes(b as never))!;
const registry = (p: InstallPlan): RegistryStep[] =>
  p.steps.filter((s): s is RegistryStep => s.kind === 'registry');

describe('planInstall on Linux', () => {
  it('writes one manifest per browser user folder and a launcher with an absolute node path', () => {
    const plan = planInstall({ ...base, os: 'linux', homeDir: '/home/an' });
    expect(manifests(plan)).toEqual({
      '/home/an/.config/google-chrome/NativeMessagingHosts/vn.kyso.host.json': ['chrome'],
      '/home/an/.config/chromium/NativeMessagingHosts/vn.kyso.host.json': ['chromium'],
      '/home/an/.config/microsoft-edge/NativeMessagingHosts/vn.kyso.host.json': ['edge'],
      '/home/an/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/vn.kyso.host.json': ['brave'],
      '/home/an/.config/vivaldi/NativeMessagingHosts/vn.kyso.host.json': ['vivaldi'],
      '/home/an/.mozilla/native-messaging-hosts/vn.kyso.host.json': ['firefox'],
    });
    expect(plan.launcherPath).toBe('/home/an/.local/share/kyso/kyso-host-launcher.sh');
    expect(plan.recordPath).toBe('/home/an/.local/share/kyso/install-record.json');
    const launcher = files(plan).find((s) => s.role === 'launcher')!;
    expect(launcher.mode).toBe(0o755);
    expect(launcher.content).toBe(
      `#!/bin/sh\n# Kyso native host launcher, written by "kyso-host install".\nexec '/usr/bin/node' '/opt/kyso/native-host/bin/kyso-host.js' "$@"\n`,
    );
    const chrome = JSON.parse(manifestOf(plan, 'chrome').content);
    expect(chrome).toEqual({
      name: 'vn.kyso.host',
      description: expect.any(String),
      path: plan.launcherPath,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${DEFAULT_CHROME_EXTENSION_ID}/`],
    });
    const firefox = JSON.parse(manifestOf(plan, 'firefox').content);
    expect(firefox.allowed_extensions).toEqual(['kyso@kyso.vn']);
    expect(firefox.allowed_origins).toBeUndefined();
    expect(registry(plan)).toEqual([]);
  });

  it('follows XDG_CONFIG_HOME and XDG_DATA_HOME', () => {
    const plan = planInstall({
      ...base,
      os: 'linux',
      homeDir: '/home/an',
      browsers: ['chromium', 'firefox'],
      env: { XDG_CONFIG_HOME: '/cfg', XDG_DATA_HOME: '/data' },
    });
    expect(Object.keys(manifests(plan))).toEqual([
      '/cfg/chromium/NativeMessagingHosts/vn.kyso.host.json',
      '/home/an/.mozilla/native-messaging-hosts/vn.kyso.host.json',
    ]);
    expect(plan.launcherPath).toBe('/data/kyso/kyso-host-launcher.sh');
  });

  it('uses the system folders with --system (Brave shares Chrome’s, Vivaldi Chromium’s)', () => {
    const plan = planInstall({ ...base, os: 'linux', homeDir: '/home/an', system: true });
    expect(manifests(plan)).toEqual({
      '/etc/opt/chrome/native-messaging-hosts/vn.kyso.host.json': ['chrome', 'brave'],
      '/etc/chromium/native-messaging-hosts/vn.kyso.host.json': ['chromium', 'vivaldi'],
      '/etc/opt/edge/native-messaging-hosts/vn.kyso.host.json': ['edge'],
      '/usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json': ['firefox'],
    });
    expect(plan.launcherPath).toBe('/usr/local/lib/kyso/kyso-host-launcher.sh');
  });

  it('puts Chromium-family manifests in <user-data-dir>/NativeMessagingHosts', () => {
    const plan = planInstall({
      ...base,
      os: 'linux',
      homeDir: '/home/an',
      browsers: ['chromium', 'chrome', 'firefox'],
      userDataDir: '/tmp/profile',
    });
    expect(manifests(plan)).toEqual({
      '/tmp/profile/NativeMessagingHosts/vn.kyso.host.json': ['chromium', 'chrome'],
      '/home/an/.mozilla/native-messaging-hosts/vn.kyso.host.json': ['firefox'],
    });
  });

  it('quotes launcher paths and environment safely for sh', () => {
    const plan = planInstall({
      ...base,
      os: 'linux',
      homeDir: '/home/an',
      browsers: ['firefox'],
      nodePath: "/opt/it's/node",
      launcherEnv: { SOFTHSM2_CONF: '/repo/.data/softhsm/softhsm2.conf' },
    });
    const launcher = files(plan).find((s) => s.role === 'launcher')!.content;
    expect(launcher).toContain(`export SOFTHSM2_CONF='/repo/.data/softhsm/softhsm2.conf'\n`);
    expect(launcher).toContain(`exec '/opt/it'\\''s/node' '/opt/kyso/native-host/bin/kyso-host.js' "$@"`);
  });
});

describe('planInstall on macOS', () => {
  it('uses ~/Library/Application Support for the user', () => {
    const plan = planInstall({ ...base, os: 'darwin', homeDir: '/Users/an' });
    const lib = '/Users/an/Library/Application Support';
    expect(manifests(plan)).toEqual({
      [`${lib}/Google/Chrome/NativeMessagingHosts/vn.kyso.host.json`]: ['chrome'],
      [`${lib}/Chromium/NativeMessagingHosts/vn.kyso.host.json`]: ['chromium'],
      [`${lib}/Microsoft Edge/NativeMessagingHosts/vn.kyso.host.json`]: ['edge'],
      [`${lib}/BraveSoftware/Brave-Browser/NativeMessagingHosts/vn.kyso.host.json`]: ['brave'],
      [`${lib}/Vivaldi/NativeMessagingHosts/vn.kyso.host.json`]: ['vivaldi'],
      [`${lib}/Mozilla/NativeMessagingHosts/vn.kyso.host.json`]: ['firefox'],
    });
    expect(plan.launcherPath).toBe(`${lib}/Kyso/kyso-host-launcher.sh`);
  });

  it('uses /Library with --system', () => {
    const plan = planInstall({
      ...base,
      os: 'darwin',
      homeDir: '/Users/an',
      system: true,
      browsers: ['chrome', 'edge', 'firefox'],
    });
    expect(Object.keys(manifests(plan))).toEqual([
      '/Library/Google/Chrome/NativeMessagingHosts/vn.kyso.host.json',
      '/Library/Microsoft/Edge/NativeMessagingHosts/vn.kyso.host.json',
      '/Library/Application Support/Mozilla/NativeMessagingHosts/vn.kyso.host.json',
    ]);
    expect(plan.launcherPath).toBe('/Library/Application Support/Kyso/kyso-host-launcher.sh');
  });
});

describe('planInstall on Windows', () => {
  const win = {
    ...base,
    os: 'win32' as const,
    homeDir: 'C:\\Users\\an',
    nodePath: 'C:\\Program Files\\nodejs\\node.exe',
    hostScript: 'C:\\kyso\\native-host\\bin\\kyso-host.js',
    env: { LOCALAPPDATA: 'C:\\Users\\an\\AppData\\Local', ProgramData: 'C:\\ProgramData' },
  };

  it('writes two manifests and HKCU registry keys via reg.exe; Vivaldi reads Chrome’s key', () => {
    const plan = planInstall(win);
    const dir = 'C:\\Users\\an\\AppData\\Local\\Kyso';
    expect(manifests(plan)).toEqual({
      [`${dir}\\vn.kyso.host.chromium.json`]: ['chrome', 'chromium', 'edge', 'brave', 'vivaldi'],
      [`${dir}\\vn.kyso.host.firefox.json`]: ['firefox'],
    });
    expect(registry(plan).map((r) => [r.key, r.browsers])).toEqual([
      ['HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.host', ['chrome', 'vivaldi']],
      ['HKCU\\Software\\Chromium\\NativeMessagingHosts\\vn.kyso.host', ['chromium']],
      ['HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\vn.kyso.host', ['edge']],
      ['HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\vn.kyso.host', ['brave']],
      ['HKCU\\Software\\Mozilla\\NativeMessagingHosts\\vn.kyso.host', ['firefox']],
    ]);
    const firefox = registry(plan).find((r) => r.browsers.includes('firefox'))!;
    expect(firefox.add).toEqual([
      'add',
      'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\vn.kyso.host',
      '/ve',
      '/t',
      'REG_SZ',
      '/d',
      `${dir}\\vn.kyso.host.firefox.json`,
      '/f',
    ]);
    expect(firefox.remove).toEqual([
      'delete',
      'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\vn.kyso.host',
      '/f',
    ]);
    const launcher = files(plan).find((s) => s.role === 'launcher')!;
    expect(launcher.path).toBe(`${dir}\\kyso-host.cmd`);
    expect(launcher.content).toBe(
      '@echo off\r\nrem Kyso native host launcher, written by "kyso-host install".\r\n"C:\\Program Files\\nodejs\\node.exe" "C:\\kyso\\native-host\\bin\\kyso-host.js" %*\r\n',
    );
    expect(JSON.parse(manifestOf(plan, 'firefox').content).path).toBe(`${dir}\\kyso-host.cmd`);
  });

  it('uses HKLM and ProgramData with --system', () => {
    const plan = planInstall({ ...win, system: true, browsers: ['edge'] });
    expect(registry(plan).map((r) => r.key)).toEqual([
      'HKLM\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\vn.kyso.host',
    ]);
    expect(plan.launcherPath).toBe('C:\\ProgramData\\Kyso\\kyso-host.cmd');
    expect(registry(plan)[0]!.add).toContain('C:\\ProgramData\\Kyso\\vn.kyso.host.chromium.json');
  });
});
