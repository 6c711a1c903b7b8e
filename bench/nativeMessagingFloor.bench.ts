/**
 * The floor under any browser ⇄ native-host bridge on this machine: a minimal extension that
 * does nothing but echo, in the same Chromium and Firefox ESR as the Kyso bench, against the
 * same echo host driven over stdio by Node (the baseline, as the raw kyso-host in
 * bridge.bench.ts). Nothing of Kyso is in the path; what is left is the browsers' own crossings:
 *  - background ⇄ host: `connectNative` port round trip of a small message, timed in the
 *    background (warm: back to back; and after 150 ms idle, as a signature after the PIN typing);
 *  - page ⇄ background: `window.postMessage` to a content script, its runtime port to the
 *    background and back, timed in the page;
 *  - page ⇄ … ⇄ host: the whole relay (page → content script → background → host and back),
 *    timed in the page: a bridge with no work of its own in any layer;
 *  - Chromium only: an extension page ⇄ the service worker by runtime port (as Kyso's windows),
 *    by `ServiceWorker.postMessage` and by `BroadcastChannel`.
 * Chromium rounds `performance.now()` to 0.1 ms in these contexts; medians of 200 (warm) and 25
 * (after 150 ms idle) rounds are still comparable at that grain.
 * Run: node --import tsx bench/nativeMessagingFloor.bench.ts [chromium|firefox]  (≈ 45 s)
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import extensionKey from '../extension/extensionKey.json' with { type: 'json' };
import { FrameReader } from '../native-host/src/framing/frameReader.js';
import { encodeFrame } from '../native-host/src/framing/frameWriter.js';
import type { BrowserDriver, E2EPage } from '../test/e2e/support/browserDriver.js';
import { CHROMIUM_BINARY, launchChromium } from '../test/e2e/support/chromiumDriver.js';
import { FIREFOX_BINARY, launchFirefox } from '../test/e2e/support/firefoxDriver.js';
import { median, p90, stepWithin } from './support/benchRounds.js';

const PROBE_HOST = 'vn.kyso.probe';
const FIREFOX_PROBE_ID = 'probe@kyso.vn';
const WARM_ROUNDS = 200;
const IDLE_ROUNDS = 25;
const IDLE_MS = 150;
const STEP_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = <T>(label: string, promise: Promise<T>) => stepWithin(label, promise, STEP_TIMEOUT_MS);

/** The echo host: each frame written back as it came, in one write. */
const ECHO_HOST = `
let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  while (pending.length >= 4) {
    const n = pending.readUInt32LE(0);
    if (pending.length < 4 + n) break;
    process.stdout.write(Buffer.from(pending.subarray(0, 4 + n)));
    pending = pending.subarray(4 + n);
  }
});
process.stdin.on('end', () => process.exit(0));
`;

/** Background: echo over the native port, timed here; answers the content script and the window. */
const BACKGROUND = `
const api = globalThis.browser ?? globalThis.chrome;
let native;
let waiting;
function nativePort() {
  if (native) return native;
  native = api.runtime.connectNative(${JSON.stringify(PROBE_HOST)});
  native.onMessage.addListener((m) => { const w = waiting; waiting = undefined; w?.(m); });
  native.onDisconnect.addListener(() => { native = undefined; });
  return native;
}
function echo(i) {
  return new Promise((resolve) => { waiting = resolve; nativePort().postMessage({ i, pad: 'x'.repeat(400) }); });
}
async function hostRounds(n, gapMs) {
  const times = [];
  for (let i = 0; i < n; i++) {
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
    const t0 = performance.now();
    await echo(i);
    times.push(performance.now() - t0);
  }
  return times;
}
if (typeof self.clients === 'object') {
  self.addEventListener('message', (e) => e.source?.postMessage(e.data));
  new BroadcastChannel('probe').onmessage = (e) => e.target.postMessage({ back: e.data });
}
api.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((m) => {
    if (m.op === 'echo') port.postMessage(m);
    else if (m.op === 'relay') echo(m.i).then((r) => port.postMessage({ op: 'relay', r }));
    else if (m.op === 'host') hostRounds(m.n, m.gapMs).then((times) => port.postMessage({ op: 'host', times }));
  });
});
`;

/** Content script: relays the page's messages over one runtime port and back to the page. */
const CONTENT = `
const api = globalThis.browser ?? globalThis.chrome;
const port = api.runtime.connect({ name: 'probe' });
port.onMessage.addListener((m) => window.postMessage({ probeReply: m }, location.origin));
window.addEventListener('message', (e) => {
  if (e.source !== window || !e.data || !e.data.probe) return;
  port.postMessage(e.data.probe);
});
document.documentElement.setAttribute('data-probe', '1');
`;

/** Page helpers: one message to the background and its reply. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>probe</title><script>
window.ask = (m) => new Promise((resolve) => {
  const on = (e) => {
    if (e.source !== window || !e.data || !e.data.probeReply) return;
    window.removeEventListener('message', on);
    resolve(e.data.probeReply);
  };
  window.addEventListener('message', on);
  window.postMessage({ probe: m }, location.origin);
});
window.pageRounds = async (n, gapMs, op = 'echo') => {
  const times = [];
  for (let i = 0; i < n; i++) {
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
    const t0 = performance.now();
    await window.ask({ op, i, pad: 'x'.repeat(400) });
    times.push(performance.now() - t0);
  }
  return times;
};
</script>`;

/** Chromium extension page: three ways to reach the service worker, each timed as a round trip. */
const WINDOW_HTML =
  '<!doctype html><meta charset="utf-8"><title>probe window</title><script src="window.js"></script>';
const WINDOW_JS = `
const port = chrome.runtime.connect({ name: 'window' });
let waiting;
port.onMessage.addListener((m) => { const w = waiting; waiting = undefined; w?.(m); });
navigator.serviceWorker.addEventListener('message', (e) => { const w = waiting; waiting = undefined; w?.(e.data); });
const channel = new BroadcastChannel('probe');
channel.onmessage = (e) => { if (e.data.back) { const w = waiting; waiting = undefined; w?.(e.data); } };
const send = {
  port: (m) => port.postMessage(m),
  worker: (m) => navigator.serviceWorker.controller.postMessage(m),
  channel: (m) => channel.postMessage(m),
};
window.windowRounds = async (how, n, gapMs) => {
  if (how === 'worker' && !navigator.serviceWorker.controller) return [];
  const times = [];
  for (let i = 0; i < n; i++) {
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
    const t0 = performance.now();
    await new Promise((resolve) => { waiting = resolve; send[how]({ op: 'echo', i, pad: 'x'.repeat(400) }); });
    times.push(performance.now() - t0);
  }
  return times;
};
`;

interface ProbeWorld {
  dir: string;
  extensionDir: string;
  launcher: string;
}

function makeWorld(browser: 'chromium' | 'firefox'): ProbeWorld {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-probe-'));
  const hostScript = join(dir, 'echoHost.cjs');
  writeFileSync(hostScript, ECHO_HOST);
  const launcher = join(dir, 'echo-host.sh');
  writeFileSync(launcher, `#!/bin/sh\nexec '${process.execPath}' '${hostScript}' "$@"\n`);
  chmodSync(launcher, 0o755);
  const extensionDir = join(dir, 'extension');
  mkdirSync(extensionDir);
  const common = {
    manifest_version: 3,
    name: 'kyso native messaging probe',
    version: '1.0',
    permissions: ['nativeMessaging'],
    content_scripts: [{ matches: ['http://127.0.0.1/*'], js: ['cs.js'], run_at: 'document_start' }],
  };
  const manifest =
    browser === 'chromium'
      ? { ...common, key: extensionKey.key, background: { service_worker: 'bg.js' } }
      : {
          ...common,
          background: { scripts: ['bg.js'] },
          browser_specific_settings: { gecko: { id: FIREFOX_PROBE_ID, strict_min_version: '128.0' } },
        };
  writeFileSync(join(extensionDir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(extensionDir, 'bg.js'), BACKGROUND);
  writeFileSync(join(extensionDir, 'cs.js'), CONTENT);
  writeFileSync(join(extensionDir, 'window.html'), WINDOW_HTML);
  writeFileSync(join(extensionDir, 'window.js'), WINDOW_JS);
  return { dir, extensionDir, launcher };
}

function hostManifest(world: ProbeWorld, browser: 'chromium' | 'firefox', where: string): void {
  mkdirSync(where, { recursive: true });
  const base = { name: PROBE_HOST, description: 'echo probe', path: world.launcher, type: 'stdio' };
  const manifest =
    browser === 'chromium'
      ? { ...base, allowed_origins: [`chrome-extension://${extensionKey.chromeId}/`] }
      : { ...base, allowed_extensions: [FIREFOX_PROBE_ID] };
  writeFileSync(join(where, `${PROBE_HOST}.json`), JSON.stringify(manifest));
}

/** The same echo host over stdio from Node: the baseline. */
async function rawRounds(world: ProbeWorld, n: number, gapMs: number): Promise<number[]> {
  const child = spawn(world.launcher, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  let waiting: (() => void) | undefined;
  const frames = new FrameReader(Number.MAX_SAFE_INTEGER);
  child.stdout.on('data', (chunk: Buffer) => {
    for (const _ of frames.push(chunk)) {
      const w = waiting;
      waiting = undefined;
      w?.();
    }
  });
  const times: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    if (gapMs) await sleep(gapMs);
    const frame = encodeFrame(JSON.stringify({ i, pad: 'x'.repeat(400) }));
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      waiting = resolve;
      child.stdin.write(frame);
    });
    if (i >= 5) times.push(performance.now() - t0);
  }
  child.stdin.end();
  return times;
}

function line(label: string, xs: number[], raw?: number[]): string {
  const m = median(xs);
  const over = raw
    ? `   raw ${median(raw).toFixed(2)} ms   over raw +${(m - median(raw)).toFixed(2)} ms`
    : '';
  return `  ${label.padEnd(44)} ${m.toFixed(2)} ms (p90 ${p90(xs).toFixed(2)})${over}`;
}

async function measure(browser: 'chromium' | 'firefox'): Promise<void> {
  const world = makeWorld(browser);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let driver: BrowserDriver | undefined;
  try {
    if (browser === 'chromium') {
      const profile = join(world.dir, 'profile');
      hostManifest(world, browser, join(profile, 'NativeMessagingHosts'));
      driver = await step('launch', launchChromium(world.extensionDir, profile));
    } else {
      const home = join(world.dir, 'home');
      hostManifest(world, browser, join(home, '.mozilla', 'native-messaging-hosts'));
      driver = await step('launch', launchFirefox(world.extensionDir, home));
    }
    const page: E2EPage = await driver.newPage();
    await step('page', page.goto(url));
    for (
      let i = 0;
      i < 100 && !(await page.evaluate<boolean>('!!document.documentElement.dataset.probe'));
      i++
    )
      await sleep(50);
    // Warm-up: host spawn, ports, JIT.
    await step('warm-up', page.evaluate(`window.ask({ op: 'host', n: 20, gapMs: 0 })`));
    await step('warm-up', page.evaluate('window.pageRounds(20, 0)'));
    const hostWarm = await step(
      'host warm',
      page.evaluate<{ times: number[] }>(`window.ask({ op: 'host', n: ${WARM_ROUNDS}, gapMs: 0 })`),
    );
    const rawWarm = await rawRounds(world, WARM_ROUNDS, 0);
    const hostIdle = await step(
      'host idle',
      page.evaluate<{ times: number[] }>(`window.ask({ op: 'host', n: ${IDLE_ROUNDS}, gapMs: ${IDLE_MS} })`),
    );
    const rawIdle = await rawRounds(world, IDLE_ROUNDS, IDLE_MS);
    const pageWarm = await step('page warm', page.evaluate<number[]>(`window.pageRounds(${WARM_ROUNDS}, 0)`));
    const pageIdle = await step(
      'page idle',
      page.evaluate<number[]>(`window.pageRounds(${IDLE_ROUNDS}, ${IDLE_MS})`),
    );
    const relayWarm = await step(
      'relay warm',
      page.evaluate<number[]>(`window.pageRounds(${WARM_ROUNDS}, 0, 'relay')`),
    );
    const relayIdle = await step(
      'relay idle',
      page.evaluate<number[]>(`window.pageRounds(${IDLE_ROUNDS}, ${IDLE_MS}, 'relay')`),
    );
    const name = browser === 'chromium' ? 'Chromium' : 'Firefox ESR';
    console.log(`${name}, minimal echo extension (no Kyso code):`);
    console.log(line('background ⇄ echo host, warm', hostWarm.times, rawWarm));
    console.log(line(`background ⇄ echo host, after ${IDLE_MS} ms idle`, hostIdle.times, rawIdle));
    console.log(line('page ⇄ content script ⇄ background, warm', pageWarm));
    console.log(line(`page ⇄ content script ⇄ background, ${IDLE_MS} ms idle`, pageIdle));
    console.log(line('page ⇄ … ⇄ echo host (whole relay), warm', relayWarm, rawWarm));
    console.log(line(`page ⇄ … ⇄ echo host, ${IDLE_MS} ms idle`, relayIdle, rawIdle));
    if (browser === 'chromium') {
      // Chromium navigates to extension pages directly (the opener is for Firefox only).
      const win = await step('window', driver.openExtensionPage('window.html', undefined as never));
      for (const how of ['port', 'worker', 'channel'] as const) {
        await step('window warm-up', win.evaluate(`window.windowRounds('${how}', 20, 0)`));
        const warm = await step(
          how,
          win.evaluate<number[]>(`window.windowRounds('${how}', ${WARM_ROUNDS}, 0)`),
        );
        const idle = await step(
          how,
          win.evaluate<number[]>(`window.windowRounds('${how}', ${IDLE_ROUNDS}, ${IDLE_MS})`),
        );
        if (warm.length === 0) {
          console.log(`  extension page ⇄ service worker by ${how}: not available`);
          continue;
        }
        console.log(line(`extension page ⇄ service worker (${how}), warm`, warm));
        console.log(line(`extension page ⇄ service worker (${how}), idle`, idle));
      }
      await win.close();
    }
    await page.close();
  } finally {
    await driver?.close().catch(() => undefined);
    server.close();
    rmSync(world.dir, { recursive: true, force: true });
  }
}

const only = process.argv[2];
const started = performance.now();
const browsers: ['chromium' | 'firefox', string][] = [
  ['chromium', CHROMIUM_BINARY],
  ['firefox', FIREFOX_BINARY],
];
let failed = false;
for (const [browser, binary] of browsers) {
  if (only && only !== browser) continue;
  if (!existsSync(binary)) {
    console.log(`${browser}: skipped (${binary} missing)`);
    continue;
  }
  try {
    await measure(browser);
  } catch (e) {
    failed = true;
    console.error(`${browser}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(`native messaging floor finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
