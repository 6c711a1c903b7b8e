/**
 * Which PKCS#11 modules the host tries, in order:
 *  1. `KYSO_PKCS11_MODULES` (a path-separated list),
 *  2. the user config file (`modules` array),
 *  3. the built-in Vietnamese middleware table (files that exist),
 *  4. OpenSC, then SoftHSM (the first existing path of each).
 * Duplicates keep their first place. Steps 3–4 can be turned off with
 * `KYSO_PKCS11_BUILTIN=0` or `"builtinModules": false` in the config file.
 * Pure: the file system and environment come in through `DiscoveryContext`.
 */
import { GENERIC_MODULES, MIDDLEWARE_FOLDERS, VIETNAMESE_MIDDLEWARE } from './knownMiddleware.js';

export type ModuleSource = 'env' | 'config' | 'builtin' | 'generic';

export interface ModuleCandidate {
  path: string;
  source: ModuleSource;
  vendor?: string;
}

export interface DiscoveryContext {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  exists(path: string): boolean;
  /** File contents, or undefined when the file does not exist. */
  readText(path: string): string | undefined;
}

export interface Discovery {
  candidates: ModuleCandidate[];
  configPath: string;
  /** Problems found on the way (e.g. an unreadable config file), in English for logs and doctor. */
  problems: string[];
}

type OsKey = 'windows' | 'darwin' | 'linux';

function osKey(platform: NodeJS.Platform): OsKey {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'darwin' : 'linux';
}

function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  const sep = platform === 'win32' ? '\\' : '/';
  return parts
    .map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, '')))
    .join(sep);
}

/** Where the user config file lives on each OS. */
export function userConfigPath(ctx: Pick<DiscoveryContext, 'platform' | 'env' | 'homeDir'>): string {
  if (ctx.platform === 'win32') {
    const appData = ctx.env.APPDATA ?? joinFor('win32', ctx.homeDir, 'AppData', 'Roaming');
    return joinFor('win32', appData, 'kyso', 'host.json');
  }
  if (ctx.platform === 'darwin')
    return joinFor('darwin', ctx.homeDir, 'Library/Application Support/kyso/host.json');
  const xdg = ctx.env.XDG_CONFIG_HOME || joinFor('linux', ctx.homeDir, '.config');
  return joinFor('linux', xdg, 'kyso/host.json');
}

/** Replaces %NAME% with the environment value (Windows-style paths in the tables). */
function expandWindowsVars(path: string, env: DiscoveryContext['env']): string {
  return path.replace(/%([A-Za-z0-9_()]+)%/g, (whole, name: string) => {
    const fallback: Record<string, string> = { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' };
    return env[name] ?? fallback[name] ?? whole;
  });
}

interface UserConfig {
  modules: string[];
  builtinModules: boolean;
}

function readUserConfig(text: string | undefined, problems: string[], path: string): UserConfig {
  const none: UserConfig = { modules: [], builtinModules: true };
  if (text === undefined) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`config file ${path} is not valid JSON`);
    return none;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${path} must hold a JSON object`);
    return none;
  }
  const { modules, builtinModules } = parsed as { modules?: unknown; builtinModules?: unknown };
  const out: UserConfig = { modules: [], builtinModules: builtinModules !== false };
  if (modules !== undefined) {
    if (Array.isArray(modules) && modules.every((m) => typeof m === 'string' && m.length > 0))
      out.modules = modules as string[];
    else problems.push(`config file ${path}: "modules" must be an array of file paths`);
  }
  return out;
}

export function discoverModules(ctx: DiscoveryContext): Discovery {
  const problems: string[] = [];
  const candidates: ModuleCandidate[] = [];
  const seen = new Set<string>();
  const add = (c: ModuleCandidate): void => {
    const key = ctx.platform === 'win32' ? c.path.toLowerCase() : c.path;
    if (seen.has(key)) return;
    seen.add(key);
    candidates.push(c);
  };
  const delimiter = ctx.platform === 'win32' ? ';' : ':';
  for (const p of (ctx.env.KYSO_PKCS11_MODULES ?? '').split(delimiter)) {
    if (p.trim()) add({ path: p.trim(), source: 'env' });
  }
  const configPath = userConfigPath(ctx);
  const config = readUserConfig(ctx.readText(configPath), problems, configPath);
  for (const p of config.modules) add({ path: p, source: 'config' });

  const builtinOff = ctx.env.KYSO_PKCS11_BUILTIN === '0' || !config.builtinModules;
  if (!builtinOff) {
    const os = osKey(ctx.platform);
    const folders = MIDDLEWARE_FOLDERS[os].map((f) => expandWindowsVars(f, ctx.env));
    for (const entry of VIETNAMESE_MIDDLEWARE) {
      for (const name of entry[os]) {
        for (const folder of folders) {
          const path = joinFor(ctx.platform, folder, name);
          if (ctx.exists(path)) add({ path, source: 'builtin', vendor: entry.vendor });
        }
      }
    }
    for (const generic of GENERIC_MODULES[os]) {
      const path = generic.paths.map((p) => expandWindowsVars(p, ctx.env)).find((p) => ctx.exists(p));
      if (path) add({ path, source: 'generic', vendor: generic.vendor });
    }
  }
  return { candidates, configPath, problems };
}
