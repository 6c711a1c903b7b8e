/**
 * Demo USB tokens: one SoftHSM token per demo identity of the demo PKI
 * (lib/src/demo-pki), under <data>/softhsm (data = KYSO_DATA_DIR or
 * <repo>/.data; never the system-wide SoftHSM config).
 *
 *   node --import tsx scripts/provisionDemoTokens.ts [--quiet] [--force]
 *
 * Idempotent and fast: a fingerprint of what was provisioned is kept in
 * provisioned.json and nothing is redone while it matches. Writes
 * softhsm2.conf (use it as SOFTHSM2_CONF) and tokens.json (labels, PINs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDemoPki } from '../lib/src/demo-pki/index.js';
import type { DemoIdentity } from '../lib/src/demo-pki/types.js';
import {
  importIdentity,
  initToken,
  softHsmModulePath,
  writeSoftHsmConfig,
} from '../native-host/src/devTokens/softhsmTokens.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** CKA_ID of the key pair and certificate on every demo token. */
export const DEMO_KEY_ID = '01';

interface Provisioned {
  version: 1;
  fingerprint: string;
}

export interface DemoTokenEntry {
  identity: string;
  label: string;
  pin: string;
  soPin: string;
  keyType: string;
  description: { vi: string; en: string };
}

function say(quiet: boolean, text: string): void {
  if (!quiet) process.stdout.write(`${text}\n`);
}

/** Identities that belong on a citizen's token (not the OCSP responder's key). */
function tokenIdentities(identities: Record<string, DemoIdentity>): DemoIdentity[] {
  return Object.values(identities).filter((i) => i.profile !== 'ocspSigner');
}

function fingerprintOf(identities: DemoIdentity[]): string {
  const h = createHash('sha256').update('kyso-demo-tokens-v1');
  for (const i of identities) h.update(i.tokenLabel).update(i.pin).update(i.soPin).update(i.certificate);
  return h.digest('hex');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quiet: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
  });
  const quiet = values.quiet;
  const dataDir = process.env.KYSO_DATA_DIR ? resolve(process.env.KYSO_DATA_DIR) : join(REPO, '.data');
  const dir = join(dataDir, 'softhsm');
  const statePath = join(dir, 'provisioned.json');
  const conf = join(dir, 'softhsm2.conf');

  const pki = await loadDemoPki();
  const identities = tokenIdentities(pki.identities);
  const fingerprint = fingerprintOf(identities);
  const state = existsSync(statePath)
    ? (JSON.parse(readFileSync(statePath, 'utf8')) as Provisioned)
    : undefined;
  const tokensDir = join(dir, 'tokens');
  const tokenCount = existsSync(tokensDir) ? readdirSync(tokensDir).length : 0;
  if (
    !values.force &&
    state?.fingerprint === fingerprint &&
    tokenCount === identities.length &&
    existsSync(conf)
  ) {
    say(quiet, `Token demo đã sẵn sàng / demo tokens ready: SOFTHSM2_CONF=${conf}`);
    return;
  }

  const module = softHsmModulePath();
  rmSync(tokensDir, { recursive: true, force: true });
  rmSync(statePath, { force: true });
  mkdirSync(dir, { recursive: true });
  writeSoftHsmConfig(dir);
  const entries: DemoTokenEntry[] = [];
  for (const identity of identities) {
    const token = { label: identity.tokenLabel, pin: identity.pin, soPin: identity.soPin };
    initToken(conf, token);
    importIdentity(conf, token, {
      certificate: identity.certificate,
      privateKey: identity.privateKey,
      idHex: DEMO_KEY_ID,
      label: identity.name,
    });
    entries.push({
      identity: identity.name,
      label: identity.tokenLabel,
      pin: identity.pin,
      soPin: identity.soPin,
      keyType: identity.keyType,
      description: identity.description,
    });
  }
  writeFileSync(
    join(dir, 'tokens.json'),
    `${JSON.stringify({ conf, module, keyId: DEMO_KEY_ID, tokens: entries }, null, 2)}\n`,
  );
  writeFileSync(statePath, `${JSON.stringify({ version: 1, fingerprint } satisfies Provisioned)}\n`);
  say(
    quiet,
    `Đã tạo ${entries.length} token demo / provisioned ${entries.length} demo tokens (SOFTHSM2_CONF=${conf}):`,
  );
  for (const e of entries) say(quiet, `  ${e.label.padEnd(28)} PIN ${e.pin}  ${e.description.vi}`);
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Không tạo được token demo / could not provision demo tokens: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
