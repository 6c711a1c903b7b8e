/**
 * SoftHSM2 tokens for development, tests, benchmarks and the demo: a private
 * config + token folder (never the system-wide one), tokens initialised with
 * softhsm2-util and identities imported with pkcs11-tool (OpenSC).
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SOFTHSM_MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib64/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

export function softHsmModulePath(): string {
  const found = SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      'SoftHSM2 is not installed (apt-get install softhsm2) / Chưa cài SoftHSM2 (apt-get install softhsm2)',
    );
  return found;
}

/** Writes `<dir>/softhsm2.conf` pointing at `<dir>/tokens`; returns the config path. */
export function writeSoftHsmConfig(dir: string): string {
  const root = resolve(dir);
  mkdirSync(join(root, 'tokens'), { recursive: true });
  const conf = join(root, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(root, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  return conf;
}

export interface TokenSpec {
  label: string;
  pin: string;
  soPin: string;
}

export interface IdentitySpec {
  /** Certificate, DER. */
  certificate: Uint8Array;
  /** Private key, PKCS#8 DER. */
  privateKey: Uint8Array;
  /** CKA_ID as hex. */
  idHex: string;
  label: string;
  alwaysAuthenticate?: boolean;
}

function run(cmd: string, args: string[], conf: string): string {
  return execFileSync(cmd, args, {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
}

export function initToken(conf: string, token: TokenSpec): void {
  run(
    'softhsm2-util',
    ['--init-token', '--free', '--label', token.label, '--pin', token.pin, '--so-pin', token.soPin],
    conf,
  );
}

export function deleteToken(conf: string, label: string): void {
  run('softhsm2-util', ['--delete-token', '--token', label], conf);
}

/** Imports the private key, its public key and the certificate under one CKA_ID. */
export function importIdentity(conf: string, token: TokenSpec, identity: IdentitySpec): void {
  const work = mkdtempSync(join(tmpdir(), 'kyso-import-'));
  try {
    const keyFile = join(work, 'key.p8.der');
    const pubFile = join(work, 'pub.der');
    const certFile = join(work, 'cert.der');
    writeFileSync(keyFile, identity.privateKey, { mode: 0o600 });
    const priv = createPrivateKey({ key: Buffer.from(identity.privateKey), format: 'der', type: 'pkcs8' });
    writeFileSync(pubFile, createPublicKey(priv).export({ format: 'der', type: 'spki' }));
    writeFileSync(certFile, identity.certificate);
    const base = [
      '--module',
      softHsmModulePath(),
      '--token-label',
      token.label,
      '--login',
      '--pin',
      token.pin,
      '--id',
      identity.idHex,
      '--label',
      identity.label,
    ];
    run(
      'pkcs11-tool',
      [
        ...base,
        '--write-object',
        keyFile,
        '--type',
        'privkey',
        '--usage-sign',
        ...(identity.alwaysAuthenticate ? ['--always-auth'] : []),
      ],
      conf,
    );
    run('pkcs11-tool', [...base, '--write-object', pubFile, '--type', 'pubkey'], conf);
    run('pkcs11-tool', [...base, '--write-object', certFile, '--type', 'cert'], conf);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
