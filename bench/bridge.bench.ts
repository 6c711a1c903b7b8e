/**
 * The page ⇄ extension ⇄ kyso-host bridge in real browsers, against kyso-host
 * driven directly over stdio in the same run (the baseline). What is measured:
 *  - warm `status`: the page's `Kyso.status()` call to its result (page clock), after 20 warm-up calls
 *    (baseline: one `listTokens` host round trip);
 *  - one RSA-2048 signature: from the PIN form's submit in the Kyso window to the page's `Kyso.sign()`
 *    promise resolving. The PIN is typed key by key before (as a person does); window opening and
 *    typing are not in the figure and are reported on their own. The two timestamps come from two
 *    browser processes (`performance.timeOrigin + performance.now()`): the bench measures their clock
 *    offset through the driver and prints it, so the figure can be trusted to that precision
 *    (baseline: `sign` of one digest with the PIN, i.e. C_Login + C_Sign in the host, on a raw
 *    host measured just after each browser signature once its window has closed, so both see the
 *    same load and both hosts have idled before);
 *  - a 100-digest batch (one PIN), as throughput from the PIN submit to the page's result
 *    (baseline: one `sign` of 100 digests, interleaved the same way).
 * Both also print the median of the per-round pairs (each browser round against the raw round
 * right after it), which follows the machine's load better than the ratio of two medians;
 *  - the first call after browser start: the page's first `Kyso.status()`, host spawn included.
 * Every browser step has a timeout that fails the bench loudly (exit code 1); a whole browser run is
 * bounded too. Run: node --import tsx bench/bridge.bench.ts [chromium|firefox]   (skips a browser
 * whose binary is missing)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostClient } from '../native-host/src/client/hostClient.js';
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
import { median, p90, stepWithin } from './support/benchRounds.js';

const STATUS_ROUNDS = 200;
/** Longest any single browser step may take (a prompt, a reply) before the bench fails. */
const STEP_TIMEOUT_MS = 20_000;
/** Longest a whole browser run may take. */
const BROWSER_TIMEOUT_MS = 90_000;
/** Gap between two PIN keystrokes (a fast typist). */
const KEY_GAP_MS = 40;
/** Pause after a browser signature before the interleaved raw one (the window closes 200 ms after the reply). */
const RAW_AFTER_MS = 300;
/** How long the window script waits after submitting before it returns to the driver. */
const AFTER_SUBMIT_MS = 100;
const SIGN_ROUNDS = 12;
const BATCH_ROUNDS = 7;
const BATCH_SIZE = 100;

const digestOf = (s: string) => createHash('sha256').update(s).digest('base64');
const step = <T>(label: string, promise: Promise<T>, ms = STEP_TIMEOUT_MS) => stepWithin(label, promise, ms);

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Offset of a browser frame's clock (`performance.timeOrigin + performance.now()`) from this
 * process's, measured through the driver (median of 7 probes; each probe's half round trip bounds
 * its error).
 */
async function clockOffset(frame: {
  evaluate<T>(e: string): Promise<T>;
}): Promise<{ offset: number; error: number }> {
  const probes: { offset: number; error: number }[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = epochNow();
    const remote = await frame.evaluate<number>('performance.timeOrigin + performance.now()');
    const t1 = epochNow();
    probes.push({ offset: remote - (t0 + t1) / 2, error: (t1 - t0) / 2 });
  }
  probes.sort((a, b) => a.error - b.error);
  return probes[0]!;
}

interface Figures {
  /** Raw only: one signature after an idle gap like the one a prompt window leaves (cold host). */
  signPacedMs?: number;
  statusMs: number;
  statusP90: number;
  signMs: number;
  /** Browser only: the page's sign() call to the PIN field shown (window opening and render). */
  windowMs?: number;
  /** Browser only: the page's sign() call to its result, PIN typing included. */
  signTotalMs?: number;
  /** Browser only: the raw host's one-digest `sign`, measured right after each browser signature. */
  rawSignMs?: number;
  /** Browser only: the raw host's 100-digest rate, measured right after each browser batch. */
  rawBatchPerSec?: number;
  /** Browser only: median over rounds of (browser − raw) for one signature, each round paired. */
  signPairedOverMs?: number;
  /** Browser only: median over rounds of raw time / browser time for a batch, each round paired. */
  batchPairedRatio?: number;
  /** Browser only: window clock minus page clock, and the bound on that estimate. */
  skew?: { offset: number; error: number };
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

/**
 * Types the PIN key by key the way a person does (an input event per key, KEY_GAP_MS apart) and
 * presses Enter in the field; returns when the PIN field was first seen and when Enter was pressed
 * (window clock).
 */
async function typePinAndSubmit(prompt: PromptWindow): Promise<{ shown: number; submitted: number }> {
  await step('PIN field shown', prompt.waitFor('body[data-stage="pin"] #pin'));
  return step(
    'typing the PIN',
    prompt.evaluate<{ shown: number; submitted: number }>(`(async () => {
    const shown = performance.timeOrigin + performance.now();
    const el = document.getElementById('pin');
    const pin = ${JSON.stringify(TOKEN.pin)};
    for (let i = 1; i <= pin.length; i++) {
      el.value = pin.slice(0, i);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, ${KEY_GAP_MS}));
    }
    const submitted = performance.timeOrigin + performance.now();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    // Return a little later: the driver's own work when a script returns (it runs in the browser,
    // in Firefox on the background's thread) would otherwise sit in the measured interval.
    await new Promise((r) => setTimeout(r, ${AFTER_SUBMIT_MS}));
    return { shown, submitted };
  })()`),
  );
}

const timedSdk = (call: string) =>
  `(async () => { const t0 = performance.timeOrigin + performance.now(); await ${call}; return { t0, t: performance.timeOrigin + performance.now() }; })()`;

/**
 * kyso-host over stdio, kept open during a browser run so each browser signature and batch is
 * followed by the same work on the raw host: both see the same load on the shared machine.
 */
class InterleavedRaw {
  private constructor(
    private readonly host: HostClient,
    private readonly handle: string,
  ) {}

  static async open(world: TokenWorld, certificate: string): Promise<InterleavedRaw> {
    const host = new HostClient(world.hostEnv);
    await host.result('hello');
    const { certificates } = (await host.result('listCertificates')) as {
      certificates: { handle: string; certificate: string }[];
    };
    return new InterleavedRaw(host, certificates.find((c) => c.certificate === certificate)!.handle);
  }

  /** Milliseconds for one `sign` of `digests` with the PIN. */
  async sign(digests: string[]): Promise<number> {
    const t0 = performance.now();
    await this.host.result('sign', {
      handle: this.handle,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests,
      pin: TOKEN.pin,
    });
    return performance.now() - t0;
  }

  close(): Promise<void> {
    return this.host.close().then(() => undefined);
  }
}

async function measureBrowser(
  name: string,
  launch: (world: TokenWorld) => Promise<{ driver: BrowserDriver; cleanup(): void }>,
  world: TokenWorld,
  origin: string,
  certificate: string,
): Promise<Figures> {
  const raw = await step('open the raw host', InterleavedRaw.open(world, certificate));
  const { driver, cleanup } = await step(`${name}: build and launch`, launch(world), 60_000);
  try {
    const page: E2EPage = await step('open the page', driver.newPage());
    await step('load the page', page.goto(`${origin}/`));
    const first = await step(
      'first status()',
      page.evaluate<number>(
        '(async () => { const t0 = performance.now(); await KysoSdk.Kyso.status(); return performance.now() - t0; })()',
      ),
    );
    const consent = page.evaluate('KysoSdk.Kyso.certificates()');
    const cp = await step('consent window', driver.nextPrompt());
    await step('consent shown', cp.waitFor('#allow'));
    await step('allow', cp.click('#allow'));
    await step('certificates() after consent', consent);
    const status = await step(
      'status() rounds',
      page.evaluate<number[]>(`(async () => {
      const out = [];
      for (let i = 0; i < ${STATUS_ROUNDS + 20}; i++) {
        const t0 = performance.now();
        await KysoSdk.Kyso.status();
        out.push(performance.now() - t0);
      }
      return out.slice(20);
    })()`),
    );
    const pageClock = await step('page clock', clockOffset(page));
    const sign: number[] = [];
    const rawSign: number[] = [];
    const windowOpen: number[] = [];
    const signTotal: number[] = [];
    let windowClock: { offset: number; error: number } | undefined;
    for (let i = 0; i < SIGN_ROUNDS; i++) {
      const pending = step(
        `sign ${i + 1}/${SIGN_ROUNDS}: the page's result`,
        page.evaluate<{ t0: number; t: number }>(
          timedSdk(
            `KysoSdk.Kyso.sign({ certificate: ${JSON.stringify(certificate)}, digest: ${JSON.stringify(digestOf(`${name} ${i}`))}, hashAlgorithm: 'SHA-256', description: 'bench' })`,
          ),
        ),
      );
      pending.catch(() => undefined);
      const prompt = await step(`sign ${i + 1}/${SIGN_ROUNDS}: the Kyso window`, driver.nextPrompt());
      const { shown, submitted } = await typePinAndSubmit(prompt);
      const done = await pending;
      if (i === 0) windowClock = await step('window clock', clockOffset(prompt)).catch(() => undefined);
      sign.push(done.t - submitted);
      windowOpen.push(shown - done.t0);
      signTotal.push(done.t - done.t0);
      // After the window has closed (200 ms after the reply): the browser is not busy with it, and
      // the raw host has idled as the browser's host did while the window opened.
      await new Promise((r) => setTimeout(r, RAW_AFTER_MS));
      rawSign.push(await step('raw sign', raw.sign([digestOf(`${name} raw ${i}`)])));
    }
    const batch: number[] = [];
    const rawBatch: number[] = [];
    for (let r = 0; r < BATCH_ROUNDS; r++) {
      const items = Array.from({ length: BATCH_SIZE }, (_, i) => ({
        digest: digestOf(`${name} batch ${r} ${i}`),
        description: `Hồ sơ ${i}`,
      }));
      const pending = step(
        `batch ${r + 1}/${BATCH_ROUNDS}: the page's result`,
        page.evaluate<{ t0: number; t: number }>(
          timedSdk(
            `KysoSdk.Kyso.signBatch({ certificate: ${JSON.stringify(certificate)}, hashAlgorithm: 'SHA-256', items: ${JSON.stringify(items)} })`,
          ),
        ),
      );
      pending.catch(() => undefined);
      const prompt = await step(`batch ${r + 1}/${BATCH_ROUNDS}: the Kyso window`, driver.nextPrompt());
      const { submitted } = await typePinAndSubmit(prompt);
      batch.push((await pending).t - submitted);
      await new Promise((r) => setTimeout(r, RAW_AFTER_MS));
      rawBatch.push(await step('raw batch', raw.sign(items.map((x, i) => digestOf(`${x.digest} raw ${i}`)))));
    }
    const figures: Figures = {
      statusMs: median(status),
      statusP90: p90(status),
      signMs: median(sign),
      windowMs: median(windowOpen),
      signTotalMs: median(signTotal),
      batchPerSec: BATCH_SIZE / (median(batch) / 1000),
      firstCallMs: first,
      rawSignMs: median(rawSign),
      rawBatchPerSec: BATCH_SIZE / (median(rawBatch) / 1000),
      signPairedOverMs: median(sign.map((b, i) => b - rawSign[i]!)),
      batchPairedRatio: median(batch.map((b, i) => rawBatch[i]! / b)),
    };
    if (windowClock)
      figures.skew = {
        offset: windowClock.offset - pageClock.offset,
        error: windowClock.error + pageClock.error,
      };
    return figures;
  } finally {
    await step('close the browser', driver.close(), 15_000).catch(() => undefined);
    await step('close the raw host', raw.close(), 10_000).catch(() => undefined);
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
    const raw = await step('the raw host baseline', measureRaw(world, certificate), 60_000);
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
    const only = process.argv[2]?.toLowerCase();
    for (const [name, binary, launch, statusGoal, signGoal] of browsers) {
      if (only && !name.toLowerCase().startsWith(only)) continue;
      if (!existsSync(binary)) {
        console.log(`\n${name}: SKIPPED (${binary} not installed)`);
        continue;
      }
      const f = await step(
        `${name}: the whole run`,
        measureBrowser(name, launch, world, server.local, certificate),
        BROWSER_TIMEOUT_MS,
      );
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
          f.rawSignMs!,
          f.signMs,
          'ms',
          `over raw +${(f.signMs - f.rawSignMs!).toFixed(2)} ms (goal ≤ +${signGoal} ms; raw interleaved); per-round pairs: median +${f.signPairedOverMs!.toFixed(2)} ms`,
        ),
      );
      console.log(
        `  ${''.padEnd(34)} window clock − page clock ${f.skew ? `${f.skew.offset.toFixed(2)} ± ${f.skew.error.toFixed(2)}` : 'not measured'} ms; ` +
          `call → PIN field shown ${f.windowMs!.toFixed(0)} ms; call → result (PIN typed in ${(TOKEN.pin.length * KEY_GAP_MS).toFixed(0)} ms) ${f.signTotalMs!.toFixed(0)} ms`,
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
          f.rawBatchPerSec!,
          f.batchPerSec,
          'sig/s',
          `goal ratio ≥ 0.90 (raw interleaved); per-round pairs: median ${f.batchPairedRatio!.toFixed(2)}`,
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

try {
  await main();
} catch (e) {
  console.error(`\nbridge bench FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
