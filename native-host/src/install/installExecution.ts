/**
 * Carries out an install plan and keeps a record of exactly what it wrote
 * (files, folders it had to create, registry keys), so `uninstall` removes
 * that and nothing else.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { InstallPlan } from './installPlan.js';

export interface InstallRecord {
  version: 1;
  files: string[];
  /** Folders created by install, removed by uninstall when empty. */
  dirs: string[];
  registry: { key: string; remove: string[] }[];
}

export type RegistryRunner = (args: readonly string[]) => void;

export const runRegExe: RegistryRunner = (args) => {
  execFileSync('reg.exe', [...args], { stdio: 'pipe' });
};

function emptyRecord(): InstallRecord {
  return { version: 1, files: [], dirs: [], registry: [] };
}

export function readInstallRecord(path: string): InstallRecord | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<InstallRecord>;
    if (r.version !== 1 || !Array.isArray(r.files) || !Array.isArray(r.dirs) || !Array.isArray(r.registry))
      return undefined;
    return r as InstallRecord;
  } catch {
    return undefined;
  }
}

/** Creates `dir` and its missing parents; returns the folders it created, outermost first. */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    missing.unshift(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  if (missing.length > 0) mkdirSync(dir, { recursive: true });
  return missing;
}

function addUnique<T>(list: T[], item: T, same: (a: T, b: T) => boolean = (a, b) => a === b): void {
  if (!list.some((x) => same(x, item))) list.push(item);
}

export interface InstallOutcome {
  files: string[];
  registryKeys: string[];
  record: InstallRecord;
}

export function executeInstall(plan: InstallPlan, runReg: RegistryRunner = runRegExe): InstallOutcome {
  const record = readInstallRecord(plan.recordPath) ?? emptyRecord();
  const files: string[] = [];
  const registryKeys: string[] = [];
  const writeOne = (path: string, content: string, mode: number): void => {
    for (const d of makeDirs(dirname(path))) addUnique(record.dirs, d);
    writeFileSync(path, content, { mode });
    chmodSync(path, mode);
    addUnique(record.files, path);
    files.push(path);
  };
  for (const step of plan.steps) {
    if (step.kind === 'file') writeOne(step.path, step.content, step.mode);
  }
  for (const step of plan.steps) {
    if (step.kind !== 'registry') continue;
    runReg(step.add);
    addUnique(record.registry, { key: step.key, remove: step.remove }, (a, b) => a.key === b.key);
    registryKeys.push(step.key);
  }
  for (const d of makeDirs(dirname(plan.recordPath))) addUnique(record.dirs, d);
  writeFileSync(plan.recordPath, `${JSON.stringify(record, null, 2)}\n`);
  return { files, registryKeys, record };
}

export interface UninstallOutcome {
  /** False when there was no install record (nothing was installed by this user/scope). */
  found: boolean;
  files: string[];
  registryKeys: string[];
  dirs: string[];
}

export function executeUninstall(recordPath: string, runReg: RegistryRunner = runRegExe): UninstallOutcome {
  const record = readInstallRecord(recordPath);
  const out: UninstallOutcome = { found: record !== undefined, files: [], registryKeys: [], dirs: [] };
  if (!record) return out;
  for (const entry of record.registry) {
    try {
      runReg(entry.remove);
      out.registryKeys.push(entry.key);
    } catch {
      // already gone
    }
  }
  for (const f of record.files) {
    if (existsSync(f)) {
      rmSync(f, { force: true });
      out.files.push(f);
    }
  }
  rmSync(recordPath, { force: true });
  for (const d of [...record.dirs].sort((a, b) => b.length - a.length)) {
    if (existsSync(d) && readdirSync(d).length === 0) {
      rmdirSync(d);
      out.dirs.push(d);
    }
  }
  return out;
}
