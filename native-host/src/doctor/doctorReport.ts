/**
 * `kyso-host doctor`: everything that decides whether signing works on this
 * computer, with what to do about each problem.
 */
import { homedir } from 'node:os';
import type { DoctorProblem, DoctorProblemCode, TokenInfo } from '@kyso/lib/protocol';
import { chromeExtensionIds, firefoxExtensionIds } from '../extensionIds.js';
import { HOST_VERSION } from '../hostVersion.js';
import type { OsId } from '../install/browserLocations.js';
import {
  discoverFromSystem,
  ModuleRegistry,
  type ModuleReport,
  pkcs11Api,
} from '../pkcs11/moduleRegistry.js';
import { listCertificates, presentTokens } from '../pkcs11/tokenInventory.js';
import { type CertificateSummary, summarizeCertificate } from './certificateSummary.js';
import { checkManifests, type ManifestStatus } from './manifestCheck.js';

export const MIN_NODE = [20, 19] as const;

export type ProblemCode = DoctorProblemCode;
export type Problem = DoctorProblem;

export interface DoctorReport {
  host: { version: string; node: string; nodeOk: boolean; platform: string; arch: string };
  configPath: string;
  modules: ModuleReport[];
  tokens: TokenInfo[];
  certificates: (CertificateSummary & { token: string; keyType: string; keySize?: number; curve?: string })[];
  manifests: ManifestStatus[];
  problems: Problem[];
}

export function nodeVersionOk(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

export interface DoctorOptions {
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  os?: OsId;
  userDataDir?: string;
  now?: Date;
  /**
   * The running host's modules (host method `doctor`): used as they are and left open.
   * Without it the modules are loaded for the report and closed after.
   */
  registry?: ModuleRegistry;
}

export async function buildDoctorReport(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const os =
    options.os ??
    (process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux');
  const problems: Problem[] = [];
  const host = {
    version: HOST_VERSION,
    node: process.version,
    nodeOk: nodeVersionOk(process.version),
    platform: process.platform,
    arch: process.arch,
  };
  if (!host.nodeOk) problems.push({ code: 'nodeTooOld', detail: process.version });

  const discovery = discoverFromSystem();
  for (const p of discovery.problems)
    problems.push({ code: 'configInvalid', subject: discovery.configPath, detail: p });
  const registry = options.registry ?? new ModuleRegistry(() => discovery);
  await registry.ensureLoaded();
  const modules = [...registry.statuses];
  for (const m of modules)
    if (!m.loaded) problems.push({ code: 'moduleFailed', subject: m.path, detail: m.error ?? '' });
  if (registry.modules.length === 0) problems.push({ code: 'noModule' });

  let tokens: TokenInfo[] = [];
  const certificates: DoctorReport['certificates'] = [];
  if (registry.modules.length > 0) {
    const api = await pkcs11Api();
    tokens = presentTokens(api, registry).map((t) => t.info);
    for (const t of tokens) if (t.flags.pinLocked) problems.push({ code: 'pinLocked', subject: t.label });
    const certs = listCertificates(api, registry);
    for (const c of certs) {
      const summary = summarizeCertificate(Buffer.from(c.certificate, 'base64'), options.now);
      const entry: DoctorReport['certificates'][number] = {
        ...summary,
        token: c.token.label,
        keyType: c.keyType,
      };
      if (c.keySize !== undefined) entry.keySize = c.keySize;
      if (c.curve !== undefined) entry.curve = c.curve;
      certificates.push(entry);
      if (summary.validity === 'expired')
        problems.push({ code: 'certificateExpired', subject: summary.subjectName, detail: summary.notAfter });
      if (summary.validity === 'notYetValid')
        problems.push({
          code: 'certificateNotYetValid',
          subject: summary.subjectName,
          detail: summary.notBefore,
        });
    }
    for (const t of tokens)
      if (!certs.some((c) => c.token.serial === t.serial))
        problems.push({ code: 'noCertificate', subject: t.label });
    if (tokens.length === 0) problems.push({ code: 'noToken' });
  }
  if (!options.registry) registry.close();

  const manifests = checkManifests({
    os,
    homeDir: options.homeDir ?? homedir(),
    env,
    chromeIds: chromeExtensionIds(env),
    firefoxIds: firefoxExtensionIds(env),
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
  });
  const found = manifests.filter((m) => m.found);
  if (found.length === 0) problems.push({ code: 'noManifest' });
  for (const m of found)
    if (m.problems.length > 0)
      problems.push({
        code: 'manifestBroken',
        subject: `${m.browser} (${m.path})`,
        detail: m.problems.join(', '),
      });

  return { host, configPath: discovery.configPath, modules, tokens, certificates, manifests, problems };
}
