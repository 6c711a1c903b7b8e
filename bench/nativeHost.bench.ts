/**
 * kyso-host performance on SoftHSM, against baselines measured in the same run (medians of
 * samples that alternate baseline and host, so both see the same load):
 *  1. one-digest `sign` through the host vs raw pkcs11js C_SignInit + C_Sign in this
 *     process (goal: host overhead ≤ 0.5 ms per signature);
 *  2. a 100-digest `sign` vs the raw rate (goal ≥ 90 %);
 *  3. one-digest RSA `sign` after 150 ms idle, plain vs after a `prepareSign` (what the PIN
 *     still waits for once the host has done the rest while the user typed);
 *  4. spawn-to-hello (goal ≤ 150 ms) vs `node -e 0` and a two-line Node echo host, and an esbuild
 *     single-file bundle of the host for comparison.
 *
 *   node --import tsx bench/nativeHost.bench.ts
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import pkcs11js from 'pkcs11js';
import { softHsmModulePath } from '../native-host/src/devTokens/softhsmTokens.js';
import { DIGEST_INFO_PREFIX } from '../native-host/src/pkcs11/digestSigning.js';
import { ensureHostBuilt, HOST_BIN, REPO_ROOT } from '../native-host/test/support/hostBuild.js';
import { frame, HostClient } from '../native-host/test/support/hostClient.js';
import { createTestHsm, makeIdentity } from '../native-host/test/support/testTokens.js';

const TOKEN = { label: 'kyso-bench', pin: '123456', soPin: '12345678' };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 3): string => n.toFixed(d);
type Kind = 'RSA' | 'EC';

ensureHostBuilt();
const hsm = createTestHsm([
  {
    token: TOKEN,
    identities: [makeIdentity('rsa', 'Bench RSA', '01'), makeIdentity('ec', 'Bench EC', '02')],
  },
]);
process.env.SOFTHSM2_CONF = hsm.conf;
const modulePath = softHsmModulePath();

// ---- raw pkcs11js, in this process -----------------------------------------------------------------
const p = new pkcs11js.PKCS11();
p.load(modulePath);
p.C_Initialize();
const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === TOKEN.label)!;
const digest = createHash('sha256').update(randomBytes(64)).digest();
const out = Buffer.alloc(1024);

/**
 * The PKCS#11 work of one host `sign`, done directly: session, login, key lookup,
 * C_SignInit + C_Sign per digest, logout. Returns the whole time and the C_Sign loop alone.
 */
function rawSign(kind: Kind, digests: number): { total: number; signing: number } {
  const t0 = performance.now();
  const s = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  p.C_Login(s, pkcs11js.CKU_USER, TOKEN.pin);
  p.C_FindObjectsInit(s, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from([kind === 'RSA' ? 1 : 2]) },
  ]);
  const [key] = p.C_FindObjects(s, 1);
  p.C_FindObjectsFinal(s);
  const t1 = performance.now();
  for (let i = 0; i < digests; i++) {
    if (kind === 'RSA') {
      p.C_SignInit(s, { mechanism: pkcs11js.CKM_RSA_PKCS }, key!);
      p.C_Sign(s, Buffer.concat([DIGEST_INFO_PREFIX['SHA-256'], digest]), out);
    } else {
      p.C_SignInit(s, { mechanism: pkcs11js.CKM_ECDSA }, key!);
      p.C_Sign(s, digest, out);
    }
  }
  const t2 = performance.now();
  p.C_Logout(s);
  p.C_CloseSession(s);
  return { total: performance.now() - t0, signing: t2 - t1 };
}

// ---- through the host ------------------------------------------------------------------------------
const host = new HostClient({ SOFTHSM2_CONF: hsm.conf, KYSO_PKCS11_MODULES: modulePath });
const { certificates } = (await host.result('listCertificates')) as {
  certificates: { handle: string; keyType: Kind }[];
};
const handleOf = (kind: Kind): string => certificates.find((c) => c.keyType === kind)!.handle;
const b64 = digest.toString('base64');
async function hostSign(kind: Kind, digests: number): Promise<number> {
  const t = performance.now();
  await host.result('sign', {
    handle: handleOf(kind),
    hashAlgorithm: 'SHA-256',
    scheme: kind === 'RSA' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA',
    digests: Array.from({ length: digests }, () => b64),
    pin: TOKEN.pin,
  });
  return performance.now() - t;
}

/** Raw and host calls alternate, so both see the same load from other processes. */
async function paired(kind: Kind, digests: number, samples: number) {
  const raw: number[] = [];
  const signing: number[] = [];
  const viaHost: number[] = [];
  for (let i = 0; i < 3; i++) {
    rawSign(kind, digests);
    await hostSign(kind, digests);
  }
  for (let i = 0; i < samples; i++) {
    const r = rawSign(kind, digests);
    raw.push(r.total);
    signing.push(r.signing);
    viaHost.push(await hostSign(kind, digests));
  }
  return { raw: median(raw), signing: median(signing), host: median(viaHost) };
}

console.log(
  'kyso-host bench (SoftHSM %s, Node %s); medians of interleaved samples\n',
  modulePath,
  process.version,
);
const pings: number[] = [];
for (let i = 0; i < 300; i++) {
  const t = performance.now();
  await host.result('logout');
  pings.push(performance.now() - t);
}
console.log(`host round trip of an empty request (logout): ${fmt(median(pings))} ms`);
for (const kind of ['EC', 'RSA'] as const) {
  const r = await paired(kind, 1, kind === 'EC' ? 300 : 150);
  console.log(
    `${kind} one-digest sign: C_SignInit+C_Sign ${fmt(r.signing)} ms; same PKCS#11 calls as the host (session, login, find key, sign, logout) ${fmt(r.raw)} ms; host sign ${fmt(r.host)} ms`,
  );
  console.log(
    `   → host overhead ${fmt(r.host - r.raw)} ms per signature (goal ≤ 0.5), of which ${fmt(median(pings))} ms is the stdio round trip; ${fmt(r.host - r.signing)} ms over C_Sign alone (mostly SoftHSM's C_Login)`,
  );
}
for (const kind of ['EC', 'RSA'] as const) {
  const r = await paired(kind, 100, kind === 'EC' ? 30 : 10);
  const rate = (ms: number): number => (100 * 1000) / ms;
  console.log(
    `${kind} 100-digest sign: C_Sign loop ${fmt(rate(r.signing), 0)} sig/s; same PKCS#11 calls as the host ${fmt(rate(r.raw), 0)} sig/s; host ${fmt(rate(r.host), 0)} sig/s`,
  );
  console.log(
    `   → host rate ${fmt((100 * r.raw) / r.host, 1)} % of the same calls made directly (goal ≥ 90 %), ${fmt((100 * r.signing) / r.host, 1)} % of the bare C_Sign loop`,
  );
}
/**
 * What the PIN still waits for: a one-digest RSA `sign` after 150 ms idle (as after PIN typing),
 * plain vs named after a `prepareSign` made before the idle gap (token, session, checks done),
 * alternating. Timed from the request to the reply, as the browser sees it.
 */
async function afterIdleSign(prepared: boolean, round: number): Promise<number> {
  const params = {
    handle: handleOf('RSA'),
    hashAlgorithm: 'SHA-256',
    scheme: 'RSASSA-PKCS1-v1_5',
    digests: [b64],
  };
  const id = `bench-${round}`;
  if (prepared) await host.result('prepareSign', { ...params, prepared: id });
  await new Promise((r) => setTimeout(r, 150));
  const t = performance.now();
  await host.result('sign', { ...params, pin: TOKEN.pin, ...(prepared ? { prepared: id } : {}) });
  return performance.now() - t;
}
const plainAfterIdle: number[] = [];
const preparedAfterIdle: number[] = [];
for (let i = 0; i < 40; i++) {
  plainAfterIdle.push(await afterIdleSign(false, i));
  preparedAfterIdle.push(await afterIdleSign(true, i));
}
const pairedGain = median(plainAfterIdle.map((plain, i) => plain - preparedAfterIdle[i]!));
console.log(
  `RSA one-digest sign after 150 ms idle: ${fmt(median(plainAfterIdle))} ms plain, ${fmt(median(preparedAfterIdle))} ms after prepareSign (paired median gain ${fmt(pairedGain)} ms; 40 pairs)`,
);
await host.close();
p.C_Finalize();

// ---- spawn-to-hello ------------------------------------------------------------------------------
function spawnToHello(script: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [script, 'chrome-extension://bench/'], {
      env: { PATH: process.env.PATH ?? '', KYSO_PKCS11_BUILTIN: '0', ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdout.once('data', () => {
      const ms = performance.now() - t;
      child.stdin.end();
      child.once('exit', () => resolve(ms));
    });
    child.once('error', reject);
    child.stdin.write(frame(JSON.stringify({ v: 1, id: 1, method: 'hello' })));
  });
}
function spawnToExit(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.once('exit', () => resolve(performance.now() - t));
    child.once('error', reject);
  });
}
// A single-file bundle of the host (esbuild), measured against the tsc output the launcher runs.
const bundle = join(REPO_ROOT, 'native-host', 'dist', 'kyso-host.bundle.mjs');
await build({
  entryPoints: [HOST_BIN],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pkcs11js'],
  outfile: bundle,
  logLevel: 'silent',
});
const empty = join(hsm.dir, 'empty.mjs');
writeFileSync(empty, '');
const echoHost = join(hsm.dir, 'echoHost.mjs');
writeFileSync(
  echoHost,
  "process.stdin.once('data', (d) => process.stdout.write(d));\nprocess.stdin.on('end', () => process.exit(0));\n",
);
const runs = 15;
const series = {
  nodeE: [] as number[],
  nodeFile: [] as number[],
  echo: [] as number[],
  bare: [] as number[],
  module: [] as number[],
  bundled: [] as number[],
};
for (let i = 0; i < runs; i++) {
  series.nodeE.push(await spawnToExit(['-e', '0']));
  series.nodeFile.push(await spawnToExit([empty]));
  series.echo.push(await spawnToHello(echoHost, {}));
  series.bare.push(await spawnToHello(HOST_BIN, { KYSO_PKCS11_MODULES: '' }));
  series.module.push(
    await spawnToHello(HOST_BIN, { KYSO_PKCS11_MODULES: modulePath, SOFTHSM2_CONF: hsm.conf }),
  );
  series.bundled.push(
    await spawnToHello(bundle, { KYSO_PKCS11_MODULES: modulePath, SOFTHSM2_CONF: hsm.conf }),
  );
}
rmSync(bundle, { force: true });
const m = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, median(v)])) as Record<
  keyof typeof series,
  number
>;
console.log(
  `\nspawn to exit, median of ${runs}: node -e 0 ${fmt(m.nodeE, 1)} ms; node <empty file> ${fmt(m.nodeFile, 1)} ms`,
);
console.log(`spawn to first reply of a 2-line Node echo host: ${fmt(m.echo, 1)} ms (the floor)`);
console.log(
  `spawn-to-hello, no module: ${fmt(m.bare, 1)} ms (+${fmt(m.bare - m.echo, 1)} ms over the floor)`,
);
console.log(
  `spawn-to-hello, SoftHSM loaded: ${fmt(m.module, 1)} ms (goal ≤ 150; +${fmt(m.module - m.echo, 1)} ms over the floor)`,
);
console.log(
  `spawn-to-hello, esbuild single-file bundle, SoftHSM loaded: ${fmt(m.bundled, 1)} ms (+${fmt(m.bundled - m.echo, 1)} ms over the floor)`,
);
hsm.cleanup();
