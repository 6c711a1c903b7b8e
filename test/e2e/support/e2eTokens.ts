/**
 * The token world of one e2e run: a throwaway SoftHSM token with an RSA-2048
 * identity, wrapped by the PIN policy fixture module (retry counter and
 * locking, as USB tokens do), and a kyso-host launcher with that environment.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import extensionKey from '../../../extension/extensionKey.json' with { type: 'json' };
import { softHsmModulePath } from '../../../native-host/src/devTokens/softhsmTokens.js';
import { ensureHostBuilt } from '../../../native-host/test/support/hostBuild.js';
import {
  buildPinPolicyModule,
  createTestHsm,
  type TestHsm,
  type TestIdentity,
} from '../../../native-host/test/support/testTokens.js';
import { REPO_ROOT } from './e2eBuild.js';

export const TOKEN = { label: 'kyso-e2e', pin: '314159', soPin: '27182818' };
export const HOST_NAME = 'vn.kyso.host';
export const PIN_TRIES = 3;

export interface TokenWorld {
  dir: string;
  hsm: TestHsm;
  identity: TestIdentity;
  launcher: string;
  pidFile: string;
  /** The environment the launcher gives kyso-host (for running the host directly over stdio). */
  hostEnv: Record<string, string>;
  cleanup(): void;
}

/** A self-signed RSA-2048 citizen certificate usable for signing and for login (digitalSignature, clientAuth). */
function makeCitizenIdentity(cn: string, idHex: string): TestIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-e2e-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-sha256',
        '-subj',
        `/CN=${cn}/O=Kyso Test`,
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign',
        '-addext',
        'extendedKeyUsage=clientAuth,emailProtection',
      ],
      { stdio: 'pipe' },
    );
    const x509 = new X509Certificate(readFileSync(cert));
    const privateKey = createPrivateKey(readFileSync(key)).export({ format: 'der', type: 'pkcs8' });
    return { certificate: x509.raw, privateKey, idHex, label: cn, x509 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `identities`: what the token holds (default: one self-signed test citizen); the first one is
 * `world.identity`. The portal e2e passes demo-PKI identities, which the national portal trusts.
 */
export function createTokenWorld(identities: readonly TestIdentity[] = []): TokenWorld {
  ensureHostBuilt();
  const held = identities.length > 0 ? [...identities] : [makeCitizenIdentity('Nguyen Van E2E', '01')];
  const identity = held[0]!;
  const hsm = createTestHsm([{ token: TOKEN, identities: held }]);
  const shim = buildPinPolicyModule(hsm.dir);
  const launcher = join(hsm.dir, 'kyso-host.sh');
  const pidFile = join(hsm.dir, 'host.pid');
  const node = process.execPath;
  // The host's own HOME holds no browser registration, so its doctor always has one known problem.
  const hostHome = join(hsm.dir, 'home');
  mkdirSync(hostHome, { recursive: true });
  const hostEnv: Record<string, string> = {
    HOME: hostHome,
    SOFTHSM2_CONF: hsm.conf,
    KYSO_PKCS11_MODULES: shim,
    KYSO_PKCS11_BUILTIN: '0',
    KYSO_SHIM_TARGET: softHsmModulePath(),
    KYSO_SHIM_PIN_TRIES: String(PIN_TRIES),
  };
  writeFileSync(
    launcher,
    [
      '#!/bin/sh',
      `echo $$ > '${pidFile}'`,
      ...Object.entries(hostEnv).map(([k, v]) => `export ${k}='${v}'`),
      `exec '${node}' '${join(REPO_ROOT, 'native-host/bin/kyso-host.js')}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(launcher, 0o755);
  return { dir: hsm.dir, hsm, identity, launcher, pidFile, hostEnv, cleanup: () => hsm.cleanup() };
}

/** Writes the host manifest for Chromium (`<udd>/NativeMessagingHosts`) or Firefox (`$HOME/.mozilla/…`). */
export function writeHostManifest(world: TokenWorld, browser: 'chromium' | 'firefox', dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${HOST_NAME}.json`);
  const base = {
    name: HOST_NAME,
    description: 'Kyso native host (e2e)',
    path: world.launcher,
    type: 'stdio',
  };
  const manifest =
    browser === 'chromium'
      ? { ...base, allowed_origins: [`chrome-extension://${extensionKey.chromeId}/`] }
      : { ...base, allowed_extensions: [extensionKey.firefoxId] };
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return file;
}
