/**
 * scripts/provisionDemoTokens.ts into a temporary data folder: every demo
 * identity on its own token, usable by the host, and a second run does nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { ensureHostBuilt, REPO_ROOT } from './support/hostBuild.js';
import { HostClient } from './support/hostClient.js';

let data: string;

function provision(): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/provisionDemoTokens.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, KYSO_DATA_DIR: data },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureHostBuilt();
  data = mkdtempSync(join(tmpdir(), 'kyso-data-'));
  // Reuse the repository's demo PKI cache when there is one (generating it takes seconds).
  const cache = join(REPO_ROOT, '.data', 'demo-pki');
  if (existsSync(cache)) cpSync(cache, join(data, 'demo-pki'), { recursive: true });
});

afterAll(() => {
  if (data) rmSync(data, { recursive: true, force: true });
});

describe('provisionDemoTokens', () => {
  it('puts every demo identity on its own token that the host can sign with, and is idempotent', async () => {
    const first = provision();
    expect(first.status, first.stderr).toBe(0);
    const conf = join(data, 'softhsm', 'softhsm2.conf');
    const listing = JSON.parse(readFileSync(join(data, 'softhsm', 'tokens.json'), 'utf8')) as {
      tokens: { identity: string; label: string; pin: string }[];
    };
    const names = listing.tokens.map((t) => t.identity);
    for (const n of ['citizen', 'citizenEc', 'business', 'employee', 'civilServant', 'expired', 'revoked'])
      expect(names).toContain(n);
    expect(names).not.toContain('ocspSignerVnpt');

    const host = new HostClient({ SOFTHSM2_CONF: conf, KYSO_PKCS11_MODULES: softHsmModulePath() });
    try {
      const { certificates } = (await host.result('listCertificates')) as {
        certificates: {
          handle: string;
          certificate: string;
          token: { label: string };
          keyType: string;
          curve?: string;
        }[];
      };
      expect(certificates).toHaveLength(listing.tokens.length);
      const ec = certificates.find((c) => c.token.label === 'Kyso Demo citizenEc')!;
      expect(ec).toMatchObject({ keyType: 'EC', curve: 'P-256' });
      const pin = listing.tokens.find((t) => t.identity === 'citizenEc')!.pin;
      const m = randomBytes(40);
      const { signatures } = (await host.result('sign', {
        handle: ec.handle,
        hashAlgorithm: 'SHA-256',
        scheme: 'ECDSA',
        digests: [createHash('sha256').update(m).digest('base64')],
        pin,
      })) as { signatures: string[] };
      const cert = new X509Certificate(Buffer.from(ec.certificate, 'base64'));
      expect(
        verify(
          'sha256',
          m,
          { key: cert.publicKey, dsaEncoding: 'ieee-p1363' },
          Buffer.from(signatures[0]!, 'base64'),
        ),
      ).toBe(true);
    } finally {
      await host.close();
    }

    const second = provision();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/demo tokens ready/);
  });
});
