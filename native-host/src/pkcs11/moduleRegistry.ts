/**
 * Loads every discovered PKCS#11 module side by side. Each module is loaded
 * and initialised on its own: one that is missing, broken or refuses
 * C_Initialize is reported and the others carry on. pkcs11js itself is
 * imported lazily, on the first method that needs a token, so the host
 * answers its first frame sooner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ModuleStatus } from '@kyso/lib/protocol';
import type * as Pkcs11Types from 'pkcs11js';
import { hostLog } from '../hostLog.js';
import { type Discovery, discoverModules, type ModuleCandidate } from './moduleDiscovery.js';

export type Pkcs11Api = typeof Pkcs11Types;

export interface LoadedModule {
  candidate: ModuleCandidate;
  p11: Pkcs11Types.PKCS11;
}

export interface ModuleReport extends ModuleStatus {
  source: ModuleCandidate['source'];
  vendor?: string;
}

let apiPromise: Promise<Pkcs11Api> | undefined;

/** The pkcs11js namespace (constants and the PKCS11 class), imported once. */
export function pkcs11Api(): Promise<Pkcs11Api> {
  apiPromise ??= import('pkcs11js').then((m) => ((m as { default?: Pkcs11Api }).default ?? m) as Pkcs11Api);
  return apiPromise;
}

export function discoverFromSystem(): Discovery {
  return discoverModules({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    exists: existsSync,
    readText: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ModuleRegistry {
  private loadedModules: LoadedModule[] = [];
  private reports: ModuleReport[] = [];
  private loading: Promise<void> | undefined;
  private readonly discover: () => Discovery;

  constructor(discover: () => Discovery = discoverFromSystem) {
    this.discover = discover;
  }

  /** Loads all modules once; later calls wait for the same load. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    const discovery = this.discover();
    for (const problem of discovery.problems) hostLog('warn', problem);
    if (discovery.candidates.length === 0) return;
    let api: Pkcs11Api;
    try {
      api = await pkcs11Api();
    } catch (e) {
      const error = `pkcs11js could not be loaded: ${describe(e)}`;
      hostLog('error', error);
      this.reports = discovery.candidates.map((c) => this.report(c, false, error));
      return;
    }
    for (const candidate of discovery.candidates) {
      const p11 = new api.PKCS11();
      try {
        p11.load(candidate.path);
      } catch (e) {
        this.reports.push(this.report(candidate, false, describe(e)));
        hostLog('warn', 'module failed to load', { path: candidate.path, error: describe(e) });
        continue;
      }
      try {
        p11.C_Initialize();
      } catch (e) {
        const already = (e as { code?: unknown }).code === api.CKR_CRYPTOKI_ALREADY_INITIALIZED;
        if (!already) {
          this.reports.push(this.report(candidate, false, `C_Initialize: ${describe(e)}`));
          hostLog('warn', 'module failed to initialise', { path: candidate.path, error: describe(e) });
          try {
            p11.close();
          } catch {
            // the module is already unusable; nothing more to release
          }
          continue;
        }
      }
      this.loadedModules.push({ candidate, p11 });
      this.reports.push(this.report(candidate, true));
    }
  }

  private report(candidate: ModuleCandidate, loaded: boolean, error?: string): ModuleReport {
    const r: ModuleReport = { path: candidate.path, loaded, source: candidate.source };
    if (candidate.vendor) r.vendor = candidate.vendor;
    if (error !== undefined) r.error = error;
    return r;
  }

  get modules(): readonly LoadedModule[] {
    return this.loadedModules;
  }

  /** Status per module, in discovery order (the `hello` shape plus source/vendor). */
  get statuses(): readonly ModuleReport[] {
    return this.reports;
  }

  find(path: string): LoadedModule | undefined {
    return this.loadedModules.find((m) => m.candidate.path === path);
  }

  /** C_Finalize and unload every module (at exit). */
  close(): void {
    for (const m of this.loadedModules) {
      try {
        m.p11.C_Finalize();
        m.p11.close();
      } catch (e) {
        hostLog('debug', 'module close failed', { path: m.candidate.path, error: describe(e) });
      }
    }
    this.loadedModules = [];
  }
}
