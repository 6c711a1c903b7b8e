/**
 * Does each browser find a host manifest for `vn.kyso.host`, does it point at
 * a launcher that exists and runs this host, and does it allow the Kyso
 * extension ids? Checks user and system locations (registry on Windows).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { HOST_NAME } from '../extensionIds.js';
import { BROWSERS, type BrowserId, isChromiumFamily, type OsId } from '../install/browserLocations.js';
import { planInstall } from '../install/installPlan.js';

export type ManifestProblem =
  | 'missing'
  | 'unreadable'
  | 'wrongName'
  | 'launcherMissing'
  | 'launcherNotExecutable'
  | 'launcherNotKyso'
  | 'extensionIdMissing';

export interface ManifestStatus {
  browser: BrowserId;
  scope: 'user' | 'system';
  /** Manifest file (on Windows: the file the registry key names). */
  path: string;
  registryKey?: string;
  found: boolean;
  problems: ManifestProblem[];
}

export interface ManifestCheckOptions {
  os: OsId;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
  chromeIds: readonly string[];
  firefoxIds: readonly string[];
  userDataDir?: string;
  /** Reads a registry key's default value (Windows). */
  readRegistry?: (key: string) => string | undefined;
}

function readRegistryDefault(key: string): string | undefined {
  try {
    const out = execFileSync('reg.exe', ['query', key, '/ve'], { encoding: 'utf8', stdio: 'pipe' });
    const m = /REG_SZ\s+(.+)\s*$/m.exec(out);
    return m?.[1]?.trim();
  } catch {
    return undefined;
  }
}

export function checkManifestFile(
  path: string,
  browser: BrowserId,
  o: ManifestCheckOptions,
): ManifestProblem[] {
  if (!existsSync(path)) return ['missing'];
  let manifest: { name?: unknown; path?: unknown; allowed_origins?: unknown; allowed_extensions?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return ['unreadable'];
  }
  const problems: ManifestProblem[] = [];
  if (manifest.name !== HOST_NAME) problems.push('wrongName');
  const launcher = typeof manifest.path === 'string' ? manifest.path : '';
  if (!launcher || !existsSync(launcher)) problems.push('launcherMissing');
  else {
    if (o.os !== 'win32') {
      try {
        accessSync(launcher, constants.X_OK);
      } catch {
        problems.push('launcherNotExecutable');
      }
    }
    const text = readFileSync(launcher, 'utf8');
    const target = /(['"])([^'"]*kyso-host[^'"]*\.m?js)\1/.exec(text)?.[2];
    if (target === undefined || !existsSync(target)) problems.push('launcherNotKyso');
  }
  const allowed = isChromiumFamily(browser) ? manifest.allowed_origins : manifest.allowed_extensions;
  const want = isChromiumFamily(browser)
    ? o.chromeIds.map((id) => `chrome-extension://${id}/`)
    : o.firefoxIds;
  if (!Array.isArray(allowed) || !want.every((id) => allowed.includes(id)))
    problems.push('extensionIdMissing');
  return problems;
}

export function checkManifests(o: ManifestCheckOptions): ManifestStatus[] {
  const out: ManifestStatus[] = [];
  for (const scope of ['user', 'system'] as const) {
    const plan = planInstall({
      os: o.os,
      homeDir: o.homeDir,
      env: o.env,
      browsers: BROWSERS,
      system: scope === 'system',
      ...(o.userDataDir && scope === 'user' ? { userDataDir: o.userDataDir } : {}),
      nodePath: 'node',
      hostScript: 'kyso-host.js',
      chromeIds: o.chromeIds,
      firefoxIds: o.firefoxIds,
    });
    for (const step of plan.steps) {
      if (step.kind === 'file' && step.role === 'manifest' && o.os !== 'win32') {
        for (const browser of step.browsers) {
          const problems = checkManifestFile(step.path, browser, o);
          out.push({ browser, scope, path: step.path, found: !problems.includes('missing'), problems });
        }
      }
      if (step.kind === 'registry') {
        const target = (o.readRegistry ?? readRegistryDefault)(step.key);
        for (const browser of step.browsers) {
          const problems = target
            ? checkManifestFile(target, browser, o)
            : (['missing'] as ManifestProblem[]);
          out.push({
            browser,
            scope,
            path: target ?? step.manifestPath,
            registryKey: step.key,
            found: target !== undefined && !problems.includes('missing'),
            problems,
          });
        }
      }
    }
  }
  return out;
}
