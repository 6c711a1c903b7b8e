/**
 * `npm run demo:browser`: Chromium with the built Kyso extension, kyso-host
 * installed for that browser profile with the SoftHSM demo tokens, on a local
 * page that exercises every page-SDK call (demo PINs: docs/native-host.md).
 *
 *   node --import tsx scripts/demoBrowser.ts [--port 8380] [--headless]
 *
 * Without a display (no $DISPLAY) or with --headless it runs headless, checks
 * that the page detects the extension and the host, prints the result and exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { softHsmModulePath } from '../native-host/src/devTokens/softhsmTokens.js';
import { buildExtension, buildSdk } from '../test/e2e/support/e2eBuild.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.KYSO_DATA_DIR ?? join(REPO, '.data');
const CHROMIUM = '/usr/bin/chromium';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8380' }, headless: { type: 'boolean', default: false } },
});
const headless = values.headless || !process.env.DISPLAY;

function say(vi: string, en: string): void {
  process.stdout.write(`[demo] ${vi}\n[demo] ${en}\n`);
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`Lỗi khi ${what}.`, `Failed: ${what}.`);
    process.exit(r.status ?? 1);
  }
}

const PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Kyso demo</title>
<style>body{font:15px system-ui;max-width:900px;margin:24px auto;padding:0 12px}button{margin:4px}
pre{background:#f4f4f4;padding:10px;white-space:pre-wrap;word-break:break-all}textarea{width:100%}</style>
<script src="/kyso-sdk.js"></script></head><body>
<h1>Kyso — trang thử / demo page</h1>
<p>Mã PIN của các token demo: <b>12345678</b> (docs/native-host.md).</p>
<p><button id="detect">detect()</button><button id="status">status()</button>
<button id="certs">certificates()</button> <select id="cert"></select></p>
<p><textarea id="doc" rows="3">Tờ khai đăng ký thường trú — Nguyễn Văn A</textarea></p>
<p><button id="sign">sign()</button><button id="batch">signBatch() ×5</button>
<button id="cms">signCms()</button><button id="auth">authenticate()</button></p>
<progress id="progress" value="0" max="1"></progress>
<pre id="out">…</pre>
<script>
const { Kyso } = KysoSdk;
const out = (v) => { document.getElementById('out').textContent = typeof v === 'string' ? v : JSON.stringify(v, null, 2); };
const fail = (e) => out(e.name + ' ' + e.code + '\\n' + (e.userMessage ? e.userMessage('vi') + '\\n' + e.userMessage('en') : e.message));
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
const cert = () => document.getElementById('cert').value;
const on = (id, fn) => document.getElementById(id).onclick = () => fn().then((v) => v !== undefined && out(v), fail);
on('detect', () => Kyso.detect({ timeout: 2000 }));
on('status', () => Kyso.status());
on('certs', async () => {
  const list = await Kyso.certificates();
  const sel = document.getElementById('cert');
  sel.innerHTML = '';
  list.forEach((c, i) => { const o = document.createElement('option'); o.value = c.certificate; o.textContent = '#' + i + ' ' + c.keyType + ' ' + (c.keySize || c.curve || ''); sel.appendChild(o); });
  return list.map((c) => ({ keyType: c.keyType, keySize: c.keySize, curve: c.curve, certificate: c.certificate.slice(0, 40) + '…' }));
});
on('sign', async () => Kyso.sign({ certificate: cert(), digest: await sha256(document.getElementById('doc').value), hashAlgorithm: 'SHA-256', description: document.getElementById('doc').value.slice(0, 200) }));
on('batch', async () => {
  const items = [];
  for (let i = 1; i <= 5; i++) items.push({ digest: await sha256('Hồ sơ ' + i), description: 'Hồ sơ số ' + i });
  const p = document.getElementById('progress');
  return Kyso.signBatch({ certificate: cert(), hashAlgorithm: 'SHA-256', items, onProgress: ({ done, total }) => { p.max = total; p.value = done; } });
});
on('cms', async () => {
  const der = await Kyso.signCms(new TextEncoder().encode(document.getElementById('doc').value), { certificate: cert(), description: 'CMS: ' + document.getElementById('doc').value.slice(0, 100) });
  return '-----BEGIN CMS-----\\n' + b64(der).replace(/(.{64})/g, '$1\\n') + '\\n-----END CMS-----';
});
on('auth', async () => Kyso.authenticate(b64(crypto.getRandomValues(new Uint8Array(32)))));
</script></body></html>`;

async function main(): Promise<void> {
  say('Chuẩn bị token demo (SoftHSM)…', 'Provisioning the demo tokens (SoftHSM)…');
  run(
    process.execPath,
    ['--import', 'tsx', 'scripts/provisionDemoTokens.ts', '--quiet'],
    'provisioning demo tokens',
  );
  say('Biên dịch kyso-host…', 'Building kyso-host…');
  run('npx', ['tsc', '-b', 'lib', 'native-host'], 'building kyso-host');
  say('Đóng gói tiện ích và SDK…', 'Building the extension and the SDK…');
  const extensionDir = await buildExtension('chrome', join(REPO, 'dist', 'chrome'));
  const demoDir = join(DATA, 'demo-browser');
  const profile = join(demoDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const sdk = readFileSync(await buildSdk(demoDir));
  run(
    process.execPath,
    [
      'native-host/bin/kyso-host.js',
      'install',
      '--browser',
      'chromium',
      '--user-data-dir',
      profile,
      '--env',
      `SOFTHSM2_CONF=${join(DATA, 'softhsm', 'softhsm2.conf')}`,
      '--env',
      `KYSO_PKCS11_MODULES=${softHsmModulePath()}`,
    ],
    'installing kyso-host for the demo profile',
  );
  const port = Number(values.port);
  const server = createServer((req, res) => {
    if ((req.url ?? '/').startsWith('/kyso-sdk.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(sdk);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://localhost:${port}/`;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    viewport: null,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-first-run',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  if (headless) {
    const status = await page.evaluate('KysoSdk.Kyso.detect({ timeout: 3000 })');
    say(
      `Chạy không giao diện: detect() → ${JSON.stringify(status)}`,
      `Headless run: detect() → ${JSON.stringify(status)}`,
    );
    await context.close();
    server.close();
    return;
  }
  say(
    `Trang demo: ${url} (PIN 12345678). Đóng trình duyệt để kết thúc.`,
    `Demo page: ${url} (PIN 12345678). Close the browser to stop.`,
  );
  await new Promise<void>((r) => context.on('close', () => r()));
  server.close();
}

await main();
