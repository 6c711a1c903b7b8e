/**
 * What `kyso-host install` writes, as a pure plan: the launcher script (with
 * an absolute Node path, since browsers do not use the shell's PATH), one
 * host manifest per folder the chosen browsers read, and on Windows the
 * registry keys pointing at the manifests. Tested for Linux, macOS and
 * Windows; `installExecution.ts` carries it out.
 */
import { HOST_DESCRIPTION, HOST_NAME } from '../extensionIds.js';
import {
  type BrowserId,
  isChromiumFamily,
  LINUX_SYSTEM_FOLDERS,
  LINUX_USER_FOLDERS,
  MAC_SYSTEM_FOLDERS,
  MAC_USER_FOLDERS,
  type OsId,
  WINDOWS_REGISTRY_KEYS,
} from './browserLocations.js';

export interface PlanOptions {
  os: OsId;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
  browsers: readonly BrowserId[];
  system: boolean;
  /** A Chromium `--user-data-dir` (Linux, macOS): its manifests go to `<dir>/NativeMessagingHosts`. */
  userDataDir?: string;
  /** Absolute path of the Node binary the launcher runs. */
  nodePath: string;
  /** Absolute path of the host entry script. */
  hostScript: string;
  chromeIds: readonly string[];
  firefoxIds: readonly string[];
  /** Environment the launcher sets for the host (e.g. SOFTHSM2_CONF for the demo tokens). */
  launcherEnv?: Readonly<Record<string, string>>;
}

export type PlanStep =
  | {
      kind: 'file';
      role: 'launcher' | 'manifest';
      path: string;
      content: string;
      mode: number;
      browsers: BrowserId[];
    }
  | {
      kind: 'registry';
      key: string;
      manifestPath: string;
      add: string[];
      remove: string[];
      browsers: BrowserId[];
    };

export interface InstallPlan {
  os: OsId;
  dataDir: string;
  launcherPath: string;
  recordPath: string;
  steps: PlanStep[];
}

function join(os: OsId, ...parts: string[]): string {
  const sep = os === 'win32' ? '\\' : '/';
  return parts
    .filter((p) => p.length > 0)
    .map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, '')))
    .join(sep);
}

/** Folder for the launcher, the Windows manifests and the install record. */
export function installDataDir(os: OsId, homeDir: string, env: PlanOptions['env'], system: boolean): string {
  if (os === 'win32') {
    if (system) return join(os, env.ProgramData ?? 'C:\\ProgramData', 'Kyso');
    return join(os, env.LOCALAPPDATA ?? join(os, homeDir, 'AppData', 'Local'), 'Kyso');
  }
  if (os === 'darwin')
    return system
      ? '/Library/Application Support/Kyso'
      : join(os, homeDir, 'Library/Application Support/Kyso');
  if (system) return '/usr/local/lib/kyso';
  return join(os, env.XDG_DATA_HOME || join(os, homeDir, '.local/share'), 'kyso');
}

/** Where install keeps the record of what it wrote (read by uninstall). */
export function installRecordPath(
  os: OsId,
  homeDir: string,
  env: PlanOptions['env'],
  system: boolean,
): string {
  return join(os, installDataDir(os, homeDir, env, system), 'install-record.json');
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function launcherScript(
  os: OsId,
  nodePath: string,
  hostScript: string,
  env: Readonly<Record<string, string>> = {},
): string {
  if (os === 'win32') {
    const sets = Object.entries(env).map(([k, v]) => `set "${k}=${v}"\r\n`);
    return `@echo off\r\nrem Kyso native host launcher, written by "kyso-host install".\r\n${sets.join('')}"${nodePath}" "${hostScript}" %*\r\n`;
  }
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${shQuote(v)}\n`);
  return `#!/bin/sh\n# Kyso native host launcher, written by "kyso-host install".\n${exports.join('')}exec ${shQuote(nodePath)} ${shQuote(hostScript)} "$@"\n`;
}

export function hostManifest(
  launcherPath: string,
  family: 'chromium' | 'firefox',
  ids: readonly string[],
): string {
  const base = { name: HOST_NAME, description: HOST_DESCRIPTION, path: launcherPath, type: 'stdio' };
  const manifest =
    family === 'chromium'
      ? { ...base, allowed_origins: ids.map((id) => `chrome-extension://${id}/`) }
      : { ...base, allowed_extensions: [...ids] };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function manifestFolder(o: PlanOptions, browser: BrowserId): string {
  if (o.userDataDir && isChromiumFamily(browser)) return join(o.os, o.userDataDir, 'NativeMessagingHosts');
  if (o.os === 'darwin')
    return o.system
      ? MAC_SYSTEM_FOLDERS[browser]
      : join(o.os, o.homeDir, 'Library/Application Support', MAC_USER_FOLDERS[browser]);
  if (o.system) return LINUX_SYSTEM_FOLDERS[browser];
  const entry = LINUX_USER_FOLDERS[browser];
  const base = entry.base === 'home' ? o.homeDir : o.env.XDG_CONFIG_HOME || join(o.os, o.homeDir, '.config');
  return join(o.os, base, entry.path);
}

export function planInstall(o: PlanOptions): InstallPlan {
  const dataDir = installDataDir(o.os, o.homeDir, o.env, o.system);
  const launcherPath = join(o.os, dataDir, o.os === 'win32' ? 'kyso-host.cmd' : 'kyso-host-launcher.sh');
  const recordPath = installRecordPath(o.os, o.homeDir, o.env, o.system);
  const steps: PlanStep[] = [
    {
      kind: 'file',
      role: 'launcher',
      path: launcherPath,
      content: launcherScript(o.os, o.nodePath, o.hostScript, o.launcherEnv),
      mode: 0o755,
      browsers: [...o.browsers],
    },
  ];
  const family = (b: BrowserId): 'chromium' | 'firefox' => (isChromiumFamily(b) ? 'chromium' : 'firefox');
  const idsFor = (f: 'chromium' | 'firefox'): readonly string[] =>
    f === 'chromium' ? o.chromeIds : o.firefoxIds;

  // Chrome on Windows finds hosts through the registry only, so --user-data-dir changes nothing there.
  if (o.os === 'win32') {
    const root = o.system ? 'HKLM' : 'HKCU';
    const manifests = new Map<'chromium' | 'firefox', string>();
    for (const browser of o.browsers) {
      const f = family(browser);
      if (!manifests.has(f)) {
        const path = join(o.os, dataDir, `${HOST_NAME}.${f}.json`);
        manifests.set(f, path);
        steps.push({
          kind: 'file',
          role: 'manifest',
          path,
          content: hostManifest(launcherPath, f, idsFor(f)),
          mode: 0o644,
          browsers: o.browsers.filter((b) => family(b) === f),
        });
      }
      const key = `${root}\\${WINDOWS_REGISTRY_KEYS[browser]}\\${HOST_NAME}`;
      const existing = steps.find((s) => s.kind === 'registry' && s.key === key);
      if (existing) {
        existing.browsers.push(browser);
        continue;
      }
      const manifestPath = manifests.get(f)!;
      steps.push({
        kind: 'registry',
        key,
        manifestPath,
        add: ['add', key, '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f'],
        remove: ['delete', key, '/f'],
        browsers: [browser],
      });
    }
    return { os: o.os, dataDir, launcherPath, recordPath, steps };
  }

  for (const browser of o.browsers) {
    const path = join(o.os, manifestFolder(o, browser), `${HOST_NAME}.json`);
    const existing = steps.find((s) => s.kind === 'file' && s.path === path);
    if (existing) {
      existing.browsers.push(browser);
      continue;
    }
    const f = family(browser);
    steps.push({
      kind: 'file',
      role: 'manifest',
      path,
      content: hostManifest(launcherPath, f, idsFor(f)),
      mode: 0o644,
      browsers: [browser],
    });
  }
  return { os: o.os, dataDir, launcherPath, recordPath, steps };
}
