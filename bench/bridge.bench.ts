/**
 * The page ⇄ extension ⇄ kyso-host bridge in real browsers, against kyso-host
 * driven directly over stdio in the same run (the baseline):
 *  - warm `status` round trip page → host → page (baseline: one host round trip);
 *  - one RSA-2048 signature, from the PIN being submitted in the Kyso window to
 *    the page holding the signature (baseline: `sign` of one digest with the PIN);
 *  - a 100-digest batch (one PIN), as throughput (baseline: one `sign` of 100 digests);
 *  - the first call after browser start, host spawn included.
 * Run: node --import tsx bench/bridge.bench.ts   (skips a browser whose binary is missing)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostClient } from '../native-host/test/support/hostClient.js';
import type { BrowserDriver, E2EPage, PromptWindow } from '../test/e2e/support/browserDriver.js';
import { CHROMIUM_BINARY, launchChromium } from '../test/e2e/support/chromiumDriver.js';
import { buildExtension, buildSdk } from '../test/e2e/support/e2eBuild.js';
import {
  createTokenWorld,
  TOKEN,
  type TokenWorld,
  writeHostManifest,
} from '../test/e2e/support/e2eTokens.js';
import { FIREFOX_BINARY, launchFirefox } from '../test/e2e/support/firefoxDriver.js';
import { startPageServer } from '../test/e2e/support/pageServer.js';

const STATUS_ROUNDS = 200;
const SIGN_ROUNDS = 15;
const BATCH_ROUNDS = 3;
const BATCH_SIZE = 100;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const digestOf = (s: string) => createHash('sha256').update(s).digest('base64');

interface Figures {
  /** Raw only: one signature after an idle gap like the one a prompt window leaves (cold host). */
  signPacedMs?: number;
  statusMs: number;
  statusP90: number;
  signMs: number;
  batchPerSec: number;
  firstCallMs: number;
}

async function measureRaw(world: TokenWorld, certificate: string): Promise<Figures & { handle: string }> {
  const spawnTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const h = new HostClient(world.hostEnv);
    await h.result('hello');
    spawnTimes.push(performance.now() - t0);
    await h.close();
  }
  const host = new HostClient(world.hostEnv);
  await host.result('hello');
  const { certificates } = (await host.result('listCertificates')) as {
    certificates: { handle: string; certificate: string }[];
  };
  const handle = certificates.find((c) => c.certificate === certificate)!.handle;
  const status: number[] = [];
  for (let i = 0; i < STATUS_ROUNDS; i++) {
    const t0 = performance.now();
    await host.result('listTokens');
    status.push(performance.now() - t0);
  }
  const sign: number[] = [];
  for (let i = 0; i < SIGN_ROUNDS; i++) {
    const t0 = performance.now();
    await host.result('sign', {
      handle,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(`raw ${i}`)],
      pin: TOKEN.pin,
    });
    sign.push(performance.now() - t0);
  }
  const paced: number[] = [];
  for (let i = 0; i < SIGN_ROUNDS; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    await host.result('sign', {
      handle,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(`paced ${i}`)],
      pin: TOKEN.pin,
    });
    paced.push(performance.now() - t0);
  }
  const batch: number[] = [];
  for (let r = 0; r < BATCH_ROUNDS; r++) {
    const digests = Array.from({ length: BATCH_SIZE }, (_, i) => digestOf(`raw batch ${r} ${i}`));
    const t0 = performance.now();
    await host.result('sign', {
      handle,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests,
      pin: TOKEN.pin,
    });
    batch.push(performance.now() - t0);
  }
  await host.close();
  return {
    handle,
    statusMs: median(status),
    statusP90: p90(status),
    signMs: median(sign),
    signPacedMs: median(paced),
    batchPerSec: BATCH_SIZE / (median(batch) / 1000),
    firstCallMs: median(spawnTimes),
  };
}

/** Fills the PIN the way a user's typing does (input event) and submits; returns the absolute time of submit. */
async function submitPin(prompt: PromptWindow): Promise<number> {
  await prompt.waitFor('body[data-stage="pin"] #pin');
  return prompt.evaluate<number>(`(async () => {
    const el = document.getElementById('pin');
    el.value = ${JSON.stringify(TOKEN.pin)};
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    const t = performance.timeOrigin + performance.now();
    el.form.requestSubmit();
    return t;
  })()`);
}

const timedSdk = (call: string) =>
  `(async () => { const r = await ${call}; return { t: performance.timeOrigin + performance.now(), r }; })()`;

async function measureBrowser(
  name: string,
  launch: (world: TokenWorld) => Promise<{ driver: BrowserDriver; cleanup(): void }>,
  world: TokenWorld,
  origin: string,
  certificate: string,
): Promise<Figures> {
  const { driver, cleanup } = await launch(world);
  try {
    const page: E2EPage = await driver.newPage();
    await page.goto(`${origin}/`);
    const first = await page.evaluate<number>(
      '(async () => { const t0 = performance.now(); await KysoSdk.Kyso.status(); return performance.now() - t0; })()',
    );
    const consent = page.evaluate('KysoSdk.Kyso.certificates()');
    const cp = await driver.nextPrompt();
    await cp.waitFor('#allow');
    await cp.click('#allow');
    await consent;
    const status = await page.evaluate<number[]>(`(async () => {
      const out = [];
      for (let i = 0; i < ${STATUS_ROUNDS + 20}; i++) {
        const t0 = performance.now();
        await KysoSdk.Kyso.status();
        out.push(performance.now() - t0);
      }
      return out.slice(20);
    })()`);
    const sign: number[] = [];
    for (let i = 0; i < SIGN_ROUNDS; i++) {
      const pending = page.evaluate<{ t: number }>(
        timedSdk(
          `KysoSdk.Kyso.sign({ certificate: ${JSON.stringify(certificate)}, digest: ${JSON.stringify(digestOf(`${name} ${i}`))}, hashAlgorithm: 'SHA-256', description: 'bench' })`,
        ),
      );
      const t0 = await submitPin(await driver.nextPrompt());
      sign.push((await pending).t - t0);
    }
    const batch: number[] = [];
    for (let r = 0; r < BATCH_ROUNDS; r++) {
      const items = Array.from({ length: BATCH_SIZE }, (_, i) => ({
        digest: digestOf(`${name} batch ${r} ${i}`),
        description: `Hồ sơ ${i}`,
      }));
      const pending = page.evaluate<{ t: number }>(
        timedSdk(
          `KysoSdk.Kyso.signBatch({ certificate: ${JSON.stringify(certificate)}, hashAlgorithm: 'SHA-256', items: ${JSON.stringify(items)} })`,
        ),
      );
      const t0 = await submitPin(await driver.nextPrompt());
      batch.push((await pending).t - t0);
    }
    return {
      statusMs: median(status),
      statusP90: p90(status),
      signMs: median(sign),
      batchPerSec: BATCH_SIZE / (median(batch) / 1000),
      firstCallMs: first,
    };
  } finally {
    await driver.close().catch(() => undefined);
    cleanup();
  }
}

function row(
  label: string,
  raw: number,
  value: number,
  unit: string,
  goal: string,
  higherIsBetter = false,
): string {
  const ratio = higherIsBetter ? value / raw : value / raw;
  return `  ${label.padEnd(34)} ${value.toFixed(2).padStart(9)} ${unit.padEnd(6)} raw ${raw.toFixed(2).padStart(9)}  ratio ${ratio.toFixed(2).padStart(6)}  ${goal}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const world = createTokenWorld();
  const sdkDir = mkdtempSync(join(tmpdir(), 'kyso-bench-sdk-'));
  const server = await startPageServer(await buildSdk(sdkDir));
  const certificate = Buffer.from(world.identity.certificate).toString('base64');
  try {
    const raw = await measureRaw(world, certificate);
    console.log('kyso-host over stdio (baseline, same run):');
    console.log(
      `  listTokens round trip ${raw.statusMs.toFixed(3)} ms (p90 ${raw.statusP90.toFixed(3)}), sign 1 digest ${raw.signMs.toFixed(2)} ms ` +
        `(back to back) / ${raw.signPacedMs!.toFixed(2)} ms (after 150 ms idle, as behind a prompt window), ` +
        `batch ${raw.batchPerSec.toFixed(0)} sig/s, spawn→hello ${raw.firstCallMs.toFixed(0)} ms`,
    );
    const browsers: [
      string,
      string,
      (w: TokenWorld) => Promise<{ driver: BrowserDriver; cleanup(): void }>,
      number,
      number,
    ][] = [
      [
        'Chromium',
        CHROMIUM_BINARY,
        async (w) => {
          const ext = await buildExtension('chrome');
          const udd = mkdtempSync(join(tmpdir(), 'kyso-bench-chromium-'));
          writeHostManifest(w, 'chromium', join(udd, 'NativeMessagingHosts'));
          const driver = await launchChromium(ext, udd);
          return {
            driver,
            cleanup: () => {
              for (const d of [udd, ext]) rmSync(d, { recursive: true, force: true });
            },
          };
        },
        2,
        2,
      ],
      [
        'Firefox ESR',
        FIREFOX_BINARY,
        async (w) => {
          const ext = await buildExtension('firefox');
          const home = mkdtempSync(join(tmpdir(), 'kyso-bench-firefox-'));
          writeHostManifest(w, 'firefox', join(home, '.mozilla', 'native-messaging-hosts'));
          const driver = await launchFirefox(ext, home);
          return {
            driver,
            cleanup: () => {
              for (const d of [home, ext]) rmSync(d, { recursive: true, force: true });
            },
          };
        },
        3,
        2,
      ],
    ];
    for (const [name, binary, launch, statusGoal, signGoal] of browsers) {
      if (!existsSync(binary)) {
        console.log(`\n${name}: SKIPPED (${binary} not installed)`);
        continue;
      }
      const f = await measureBrowser(name, launch, world, server.local, certificate);
      console.log(`\n${name} (page → content script → background → kyso-host → page):`);
      console.log(
        row(
          'warm status round trip, median',
          raw.statusMs,
          f.statusMs,
          'ms',
          `goal ≤ ${statusGoal} ms; p90 ${f.statusP90.toFixed(2)} ms`,
        ),
      );
      console.log(
        row(
          'RSA-2048 sign, PIN submit → page',
          raw.signMs,
          f.signMs,
          'ms',
          `over raw +${(f.signMs - raw.signMs).toFixed(2)} ms (goal ≤ +${signGoal} ms)`,
        ),
      );
      console.log(
        row(
          '  same, vs raw after 150 ms idle',
          raw.signPacedMs!,
          f.signMs,
          'ms',
          `over raw +${(f.signMs - raw.signPacedMs!).toFixed(2)} ms`,
        ),
      );
      console.log(
        row(
          `${BATCH_SIZE}-digest batch throughput`,
          raw.batchPerSec,
          f.batchPerSec,
          'sig/s',
          'goal ratio ≥ 0.90',
          true,
        ),
      );
      console.log(
        row('first call after start (spawn)', raw.firstCallMs, f.firstCallMs, 'ms', 'goal ≤ 200 ms'),
      );
    }
  } finally {
    await server.close();
    world.cleanup();
    rmSync(sdkDir, { recursive: true, force: true });
  }
  console.log(`\nbridge bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
