/**
 * Throwaway SoftHSM tokens for one test file, in a temporary folder with its
 * own SOFTHSM2_CONF (never the shared demo tokens): key pairs made by openssl,
 * self-signed certificates, imported with pkcs11-tool.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type IdentitySpec,
  importIdentity,
  initToken,
  softHsmModulePath,
  type TokenSpec,
  writeSoftHsmConfig,
} from '../../src/devTokens/softhsmTokens.js';

export interface TestIdentity extends IdentitySpec {
  x509: X509Certificate;
}

export function makeIdentity(
  kind: 'rsa' | 'ec' | 'rsa1024',
  cn: string,
  idHex: string,
  extra: Partial<IdentitySpec> = {},
  /** Extra subject attributes, e.g. `/UID=CCCD:001099012345`. */
  subjectExtra = '',
): TestIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const newkey =
      kind === 'ec'
        ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
        : ['-newkey', kind === 'rsa1024' ? 'rsa:1024' : 'rsa:2048'];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        ...newkey,
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        `/CN=${cn}/O=Kyso Test${subjectExtra}`,
        '-sha256',
      ],
      { stdio: 'pipe' },
    );
    const x509 = new X509Certificate(readFileSync(cert));
    const privateKey = createPrivateKey(readFileSync(key)).export({ format: 'der', type: 'pkcs8' });
    return { certificate: x509.raw, privateKey, idHex, label: cn, x509, ...extra };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestHsm {
  dir: string;
  conf: string;
  cleanup(): void;
}

export function createTestHsm(
  tokens: { token: TokenSpec; identities: IdentitySpec[]; certificatesOnly?: IdentitySpec[] }[],
): TestHsm {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-hsm-'));
  const conf = writeSoftHsmConfig(dir);
  for (const t of tokens) {
    initToken(conf, t.token);
    for (const identity of t.identities) importIdentity(conf, t.token, identity);
    for (const c of t.certificatesOnly ?? []) importCertificateOnly(conf, t.token, c);
  }
  return { dir, conf, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A certificate with no key beside it (like the CA certificates vendors put on tokens). */
function importCertificateOnly(conf: string, token: TokenSpec, c: IdentitySpec): void {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cert-'));
  try {
    const file = join(dir, 'c.der');
    writeFileSync(file, c.certificate);
    execFileSync(
      'pkcs11-tool',
      [
        '--module',
        softHsmModulePath(),
        '--token-label',
        token.label,
        '--login',
        '--pin',
        token.pin,
        '--write-object',
        file,
        '--type',
        'cert',
        '--id',
        c.idHex,
        '--label',
        c.label,
      ],
      { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'pipe' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the PIN policy fixture module (retry counter + PIN pad) into `dir`. */
export function buildPinPolicyModule(dir: string): string {
  const out = join(dir, 'pinPolicyModule.so');
  const src = new URL('../fixtures/pinPolicyModule.c', import.meta.url).pathname;
  execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-o', out, src, '-ldl'], { stdio: 'pipe' });
  return out;
}
