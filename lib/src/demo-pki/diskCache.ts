/**
 * Node-only: the demo PKI cached on disk, generated on first use.
 *
 * Layout of `<data>/demo-pki/` (data = $KYSO_DATA_DIR or `<repo>/.data`):
 *   pki.json                          everything (source of truth, read back by loadDemoPki)
 *   roots.pem                         both demo roots
 *   ca/<ca>.crt, ca/<ca>.pem          CA certificates (DER, PEM)
 *   identities/<name>/certificate.der|.pem, private-key.der|.pem (PKCS#8), chain.pem, root.pem
 * The folder is written under a temporary name and renamed into place, under a lock file
 * (`demo-pki.lock` next to it), so concurrent first use by several processes is safe.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePem } from '../encoding/index.js';
import { KysoError } from '../protocol/index.js';
import { DEFAULT_BASE_URL } from './caHierarchy.js';
import { checkBaseUrl, generateDemoPkiMaterial } from './generateDemoPki.js';
import { parseMaterial, serializeMaterial, staleReason } from './pkiBundle.js';
import { createDemoPki, type DemoPkiMaterial } from './pkiInstance.js';
import type { DemoPki, LoadDemoPkiOptions } from './types.js';

/** A lock older than this is considered abandoned (generation takes seconds). */
const LOCK_STALE_MS = 5 * 60_000;
const LOCK_WAIT_MS = 5 * 60_000;

/** The repository root: the nearest folder above this module whose package.json is named "kyso". */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'kyso') return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `$KYSO_DATA_DIR`, else `<repo>/.data`, else `./.data`. */
export function dataDir(): string {
  const env = process.env.KYSO_DATA_DIR;
  if (env) return resolve(env);
  return join(findRepoRoot() ?? process.cwd(), '.data');
}

export function defaultCacheDir(): string {
  return join(dataDir(), 'demo-pki');
}

async function readUsable(dir: string, now: Date, baseUrl: string): Promise<DemoPkiMaterial | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'pki.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const material = parseMaterial(text);
    return staleReason(material, now, baseUrl) === undefined ? material : undefined;
  } catch {
    return undefined; // corrupt: regenerate
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lockIsStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
  } catch {
    return false; // vanished or being written: not stale
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return () => rm(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await lockIsStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new KysoError('TIMEOUT', `timed out waiting for the demo PKI lock ${lockPath}`);
    await sleep(50 + Math.floor(Math.random() * 100));
  }
}

async function writeFolder(dir: string, m: DemoPkiMaterial, pki: DemoPki): Promise<void> {
  await mkdir(join(dir, 'ca'), { recursive: true });
  const files: [string, string | Uint8Array, number?][] = [
    [
      'roots.pem',
      encodePem('CERTIFICATE', pki.roots.national) + encodePem('CERTIFICATE', pki.roots.government),
    ],
  ];
  for (const ca of m.cas) {
    files.push(
      [`ca/${ca.key}.crt`, ca.certificate],
      [`ca/${ca.key}.pem`, encodePem('CERTIFICATE', ca.certificate)],
    );
  }
  for (const id of Object.values(pki.identities)) {
    const d = `identities/${id.name}`;
    await mkdir(join(dir, d), { recursive: true });
    files.push(
      [`${d}/certificate.der`, id.certificate],
      [`${d}/certificate.pem`, encodePem('CERTIFICATE', id.certificate)],
      [`${d}/private-key.der`, id.privateKey, 0o600],
      [`${d}/private-key.pem`, encodePem('PRIVATE KEY', id.privateKey), 0o600],
      [`${d}/chain.pem`, id.chain.map((c) => encodePem('CERTIFICATE', c)).join('')],
      [`${d}/root.pem`, encodePem('CERTIFICATE', id.root)],
    );
  }
  await Promise.all(
    files.map(([name, data, mode]) => writeFile(join(dir, name), data, { mode: mode ?? 0o644 })),
  );
  // pki.json last: a folder without it is never taken for a complete cache.
  await writeFile(join(dir, 'pki.json'), serializeMaterial(m), { mode: 0o600 });
}

/** Replaces `dir` with the folder `tmp` (rename is atomic; readers see the old or the new one). */
async function swapInto(tmp: string, dir: string): Promise<void> {
  const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(dir, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await rename(tmp, dir);
  await rm(old, { recursive: true, force: true });
}

/** Runs a file-system step; its failures become KysoError(INTERNAL) naming the cache folder. */
async function cacheStep<T>(dir: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof KysoError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new KysoError('INTERNAL', `cannot write the demo PKI cache at ${dir} (${code})`, {
      dir,
      cause: code,
    });
  }
}

export async function loadDemoPkiFromDisk(options: LoadDemoPkiOptions = {}): Promise<DemoPki> {
  const dir = resolve(options.dir ?? defaultCacheDir());
  const now = options.now ?? new Date();
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const cached = await readUsable(dir, now, baseUrl);
  if (cached) return createDemoPki(cached);

  const release = await cacheStep(dir, async () => {
    await mkdir(dirname(dir), { recursive: true });
    return acquireLock(`${dir}.lock`);
  });
  try {
    const again = await readUsable(dir, now, baseUrl); // another process may have just written it
    if (again) return await createDemoPki(again);
    const material = await generateDemoPkiMaterial({ now, baseUrl });
    const pki = await createDemoPki(material);
    const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    await cacheStep(dir, async () => {
      try {
        await writeFolder(tmp, material, pki);
        await swapInto(tmp, dir);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
    return pki;
  } finally {
    await release();
  }
}
