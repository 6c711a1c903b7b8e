import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, findRepoRoot } from '../src/demo-pki/diskCache.js';
import { type DemoPki, loadDemoPki } from '../src/demo-pki/index.js';
import { decodePemBlocks } from '../src/encoding/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let work: string;
let dir: string;
let first: DemoPki;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kyso-demo-pki-cache-'));
  dir = join(work, 'demo-pki');
  first = await loadDemoPki({ dir });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DAY = 86_400_000;

describe('disk cache', () => {
  it('writes pki.json and the PEM/DER files other tools use', () => {
    expect(existsSync(join(dir, 'pki.json'))).toBe(true);
    expect(decodePemBlocks(readFileSync(join(dir, 'roots.pem'), 'utf8')).map((b) => b.der)).toEqual([
      first.roots.national,
      first.roots.government,
    ]);
    expect(new Uint8Array(readFileSync(join(dir, 'ca', 'vnpt.crt')))).toEqual(first.cas.vnpt!.certificate);
    const citizen = join(dir, 'identities', 'citizen');
    expect(new Uint8Array(readFileSync(join(citizen, 'certificate.der')))).toEqual(
      first.identities.citizen.certificate,
    );
    expect(new Uint8Array(readFileSync(join(citizen, 'private-key.der')))).toEqual(
      first.identities.citizen.privateKey,
    );
    const keyPem = decodePemBlocks(readFileSync(join(citizen, 'private-key.pem'), 'utf8'));
    expect(keyPem[0]?.label).toBe('PRIVATE KEY');
    expect(decodePemBlocks(readFileSync(join(citizen, 'chain.pem'), 'utf8')).map((b) => b.der)).toEqual(
      first.identities.citizen.chain,
    );
    expect(readdirSync(join(dir, 'identities')).sort()).toEqual(Object.keys(first.identities).sort());
    expect(readdirSync(work).sort()).toEqual(['demo-pki']); // no temp folder or lock left behind
  });

  it('a second load reuses the cache', async () => {
    const again = await loadDemoPki({ dir });
    expect(again.createdAt).toEqual(first.createdAt);
    expect(again.identities.citizenEc.certificate).toEqual(first.identities.citizenEc.certificate);
    expect(again.identities.revoked.revocation).toEqual(first.identities.revoked.revocation);
    expect(again.status('vnpt', first.identities.revoked.serialNumber).status).toBe('revoked');
  });

  it('KYSO_DATA_DIR moves the data folder; the default is <repo>/.data', async () => {
    expect(findRepoRoot()).toBe(repoRoot);
    const saved = process.env.KYSO_DATA_DIR;
    const data = join(work, 'data');
    try {
      delete process.env.KYSO_DATA_DIR;
      expect(dataDir()).toBe(join(repoRoot, '.data'));
      process.env.KYSO_DATA_DIR = data;
      expect(dataDir()).toBe(data);
      mkdirSync(join(data, 'demo-pki'), { recursive: true });
      writeFileSync(join(data, 'demo-pki', 'pki.json'), readFileSync(join(dir, 'pki.json')));
      const viaEnv = await loadDemoPki();
      expect(viaEnv.identities.citizen.certificate).toEqual(first.identities.citizen.certificate);
    } finally {
      if (saved === undefined) delete process.env.KYSO_DATA_DIR;
      else process.env.KYSO_DATA_DIR = saved;
    }
  });

  it('a corrupt pki.json is regenerated', async () => {
    const copy = join(work, 'corrupt');
    mkdirSync(copy);
    writeFileSync(join(copy, 'pki.json'), readFileSync(join(dir, 'pki.json'), 'utf8').slice(0, 500));
    const regenerated = await loadDemoPki({ dir: copy });
    expect(regenerated.identities.citizen.certificate).not.toEqual(first.identities.citizen.certificate);
    expect(JSON.parse(readFileSync(join(copy, 'pki.json'), 'utf8')).format).toBe('kyso-demo-pki');
  });

  it('regenerates when a certificate would expire within 30 days, or the base URL changed', async () => {
    const later = new Date(Date.now() + 3 * 365 * DAY - 40 * DAY); // citizen certificates end in ~10 days
    const copy = join(work, 'stale');
    mkdirSync(copy);
    writeFileSync(join(copy, 'pki.json'), readFileSync(join(dir, 'pki.json')));
    const stillFresh = await loadDemoPki({ dir: copy, now: new Date(Date.now() + 300 * DAY) });
    expect(stillFresh.createdAt).toEqual(first.createdAt);
    const stale = await loadDemoPki({ dir: copy, now: later });
    expect(stale.createdAt.getTime()).toBeGreaterThan(first.createdAt.getTime() + 1000 * DAY);

    const moved = await loadDemoPki({ dir: copy, now: later, baseUrl: 'http://127.0.0.1:9999/pki' });
    expect(moved.cas.vnpt!.crlUrl).toBe('http://127.0.0.1:9999/pki/crl/vnpt.crl');
    expect(moved.identities.citizen.certificate).not.toEqual(stale.identities.citizen.certificate);
  });

  it('an unwritable cache folder is a typed error', async () => {
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(loadDemoPki({ dir: join(blocker, 'demo-pki') })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('cannot write the demo PKI cache'),
    });
  });

  it('rejects a bad base URL with a typed error', async () => {
    await expect(loadDemoPki({ dir, baseUrl: 'not a url' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(loadDemoPki({ dir, baseUrl: 'ftp://x/pki' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('two processes loading at once (past a stale lock) end up with one consistent cache', async () => {
    const shared = join(work, 'concurrent', 'demo-pki');
    mkdirSync(dirname(shared), { recursive: true });
    writeFileSync(`${shared}.lock`, '999999999\n'); // left behind by a process that no longer exists
    const script = join(work, 'load.mts');
    const entry = pathToFileURL(join(repoRoot, 'lib', 'src', 'demo-pki', 'index.ts')).href;
    writeFileSync(
      script,
      `import { loadDemoPki } from ${JSON.stringify(entry)};\n` +
        `const pki = await loadDemoPki({ dir: ${JSON.stringify(shared)} });\n` +
        'process.stdout.write(pki.identities.citizen.serialNumber);\n',
    );
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
        });
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toMatch(/^5401[0-9a-f]{28}$/);
    expect(b).toBe(a);
    const onDisk = await loadDemoPki({ dir: shared });
    expect(onDisk.identities.citizen.serialNumber).toBe(a);
    expect(readdirSync(dirname(shared))).toEqual(['demo-pki']);
  }, 120_000);
});
