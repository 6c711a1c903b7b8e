/**
 * The end-to-end scenarios, the same in every browser: page SDK → content
 * script → background → real kyso-host → SoftHSM token (behind the PIN policy
 * fixture) → back, with the prompt windows driven like a user would.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryNonceStore } from '../../../lib/src/auth/nonceStore.js';
import { verifyAuthToken } from '../../../lib/src/auth/verifyAuthToken.js';
import { doctorAdvice } from '../../../lib/src/protocol/index.js';
import type { BrowserDriver, E2EFrame, E2EPage, PromptWindow } from './browserDriver.js';
import { buildSdk } from './e2eBuild.js';
import { createTokenWorld, PIN_TRIES, TOKEN, type TokenWorld } from './e2eTokens.js';
import { type PageServer, startPageServer } from './pageServer.js';

export interface CallResult<T = unknown> {
  ok: boolean;
  value: T;
  code?: string;
  name?: string;
  message?: string;
  progress?: { done: number; total: number }[];
}

export interface SuiteEnv {
  world: TokenWorld;
  server: PageServer;
  driver: BrowserDriver;
  /** Path of the host manifest the browser reads (moved away for "host missing"). */
  hostManifest: string;
}

export type Launch = (
  world: TokenWorld,
) => Promise<{ driver: BrowserDriver; hostManifest: string; cleanup(): void }>;

function call<T = unknown>(frame: E2EFrame, method: string, ...args: unknown[]): Promise<CallResult<T>> {
  const list = args.map((a) => JSON.stringify(a)).join(', ');
  return frame.evaluate<CallResult<T>>(`window.call(${JSON.stringify(method)}${list ? `, ${list}` : ''})`);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

function verifyRsa(world: TokenWorld, data: Buffer | string, signatureB64: string): boolean {
  return createVerify('sha256')
    .update(data)
    .verify(world.identity.x509.publicKey, Buffer.from(signatureB64, 'base64'));
}

async function enterPin(prompt: PromptWindow, pin: string): Promise<void> {
  await prompt.waitFor('body[data-stage="pin"] #pin');
  // Marks the question answered: the window asks again in a new form, which a test can tell apart.
  await prompt.evaluate(`document.querySelector('body[data-stage="pin"] form').dataset.answered = '1'`);
  await prompt.type('#pin', pin);
  await prompt.click('#submit');
}

/**
 * Types the PIN in the very frame the PIN field first appears (as a PIN manager's autofill or a
 * fast typist does), then submits a little later, after the window's first paint.
 */
async function fillPinAtFirstRender(prompt: PromptWindow, pin: string): Promise<void> {
  await prompt.evaluate(`new Promise((resolve) => {
    const fill = () => {
      const el = document.getElementById('pin');
      if (!el) return false;
      el.value = ${JSON.stringify(pin)};
      el.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => { el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); resolve(); }, 150);
      return true;
    };
    if (!fill()) {
      const o = new MutationObserver(() => { if (fill()) o.disconnect(); });
      o.observe(document.body, { childList: true, subtree: true });
    }
  })`);
}

function hostPid(world: TokenWorld): number {
  return Number(readFileSync(world.pidFile, 'utf8').trim());
}

function killHost(world: TokenWorld): void {
  try {
    process.kill(hostPid(world), 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface SuiteOptions {
  /** Why the popup cannot be opened as a page in this browser's automation, if it cannot. */
  popupUnavailable?: string;
}

export function defineBrowserSuite(
  name: string,
  binary: string,
  available: boolean,
  launch: Launch,
  options: SuiteOptions = {},
): void {
  if (!available) {
    describe(`${name} e2e — SKIPPED: ${binary} is not installed (apt-get install ${name === 'Firefox ESR' ? 'firefox-esr' : 'chromium'})`, () => {
      it.skip(`needs ${binary}`, () => undefined);
    });
    return;
  }

  describe(`${name} e2e`, { timeout: 60_000 }, () => {
    let env: SuiteEnv;
    let cleanupBrowser: () => void = () => undefined;
    let page: E2EPage;
    let certificate: string;
    let sdkDir: string;

    beforeAll(async () => {
      const world = createTokenWorld();
      sdkDir = mkdtempSync(join(tmpdir(), 'kyso-sdk-'));
      const server = await startPageServer(await buildSdk(sdkDir));
      const launched = await launch(world);
      cleanupBrowser = launched.cleanup;
      env = { world, server, driver: launched.driver, hostManifest: launched.hostManifest };
      page = await env.driver.newPage();
      await page.goto(`${server.local}/`);
    }, 120_000);

    afterAll(async () => {
      await env?.driver.close().catch(() => undefined);
      await env?.server.close();
      killHost(env.world);
      env?.world.cleanup();
      cleanupBrowser();
      rmSync(sdkDir, { recursive: true, force: true });
    });

    it('detect: the extension announces itself and reports the host', async () => {
      const present = await page.evaluate<string | null>(
        `document.documentElement.getAttribute('data-kyso-extension')`,
      );
      expect(present).toBe('0.1.0');
      const r = await call<{ extension: string; host: string; protocol: number; tokens: number }>(
        page,
        'detect',
        {
          timeout: 3000,
        },
      );
      expect(r).toMatchObject({ ok: true });
      expect(r.value.protocol).toBe(1);
      expect(typeof r.value.host).toBe('string');
      // Not yet allowed: token counts are not told.
      expect(r.value.tokens).toBe(0);
    });

    it('consent allow: certificates lists the token certificate', async () => {
      const pending = call<{ certificate: string; keyType: string }[]>(page, 'certificates');
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="consent"]');
      await prompt.click('#allow');
      const r = await pending;
      expect(r.ok).toBe(true);
      const der = Buffer.from(env.world.identity.certificate).toString('base64');
      expect(r.value.map((c) => c.certificate)).toContain(der);
      certificate = der;
      const status = await call<{ tokens: number }>(page, 'status');
      expect(status.value.tokens).toBeGreaterThanOrEqual(1);
    });

    it('consent deny: ORIGIN_DENIED, remembered; a cross-origin iframe is its own origin', async () => {
      const other = await env.driver.newPage();
      await other.goto(`${env.server.crossOrigin}/`);
      const pending = call(other, 'certificates');
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="consent"]');
      await prompt.click('#deny');
      expect(await pending).toMatchObject({ ok: false, code: 'ORIGIN_DENIED', name: 'KysoOriginError' });
      expect(await call(other, 'certificates')).toMatchObject({ ok: false, code: 'ORIGIN_DENIED' });
      await other.close();
      // The allowed page embeds the denied origin: the frame gets ORIGIN_DENIED, not the parent's consent.
      await page.evaluate(
        `document.getElementById('cross').src = ${JSON.stringify(`${env.server.crossOrigin}/`)}`,
      );
      const frame = await page.frame(env.server.crossOrigin);
      expect(await call(frame, 'certificates')).toMatchObject({ ok: false, code: 'ORIGIN_DENIED' });
      expect(env.driver.pendingPrompts()).toBe(0);
    });

    const popupTest = options.popupUnavailable ? it.skip : it;
    popupTest(
      `popup: host status, allowed and denied sites with revoke, language, installation check${options.popupUnavailable ? ` — SKIPPED: ${options.popupUnavailable}` : ''}`,
      async () => {
        // A Kyso window to open the popup page from (Firefox cannot be driven to it directly); it is
        // cancelled at the end.
        const pending = call(page, 'authenticate', randomBytes(32).toString('base64'));
        const opener = await env.driver.nextPrompt();
        await opener.waitFor('body[data-stage="choose"]');
        let opened: { close(): Promise<void> } | undefined;
        try {
          const popup = await env.driver.openExtensionPage('extension/src/windows/popup.html', opener);
          opened = popup;
          await popup.waitFor('#host-status');
          expect(await popup.textOf('#host-status')).toContain('kyso-host 0.1.0');
          const sites = () => popup.evaluate<string>(`document.querySelector('ul.sites').textContent`);
          expect(await sites()).toContain(env.server.local);
          expect(await sites()).toContain(env.server.crossOrigin);
          expect(await popup.textOf('main')).toContain('Nguyen Van E2E');
          await popup.evaluate(
            `[...document.querySelectorAll('ul.sites li')].find((li) => li.textContent.includes(${JSON.stringify(env.server.crossOrigin)})).querySelector('button').click()`,
          );
          await popup.evaluate(
            `new Promise((r) => { const t = setInterval(() => { if (!document.querySelector('ul.sites').textContent.includes(${JSON.stringify(env.server.crossOrigin)})) { clearInterval(t); r(); } }, 20); })`,
          );
          expect(await sites()).toContain(env.server.local);
          await popup.click('#check');
          await popup.waitFor('#check-result');
          // The host's doctor report: version, the loaded module, the token and its certificate, and
          // the host's HOME without a browser registration as a problem with what to do, in Vietnamese.
          const report = await popup.textOf('#check-result');
          expect(report).toContain('kyso-host 0.1.0');
          expect(report).toContain('✔');
          expect(report).toContain(TOKEN.label);
          expect(report).toContain('Nguyen Van E2E');
          const noManifest = () => popup.textOf('#check-result li[data-code="noManifest"]');
          expect(await noManifest()).toContain(doctorAdvice('noManifest', 'vi').fix);
          await popup.evaluate(
            `(() => { const s = document.getElementById('lang'); s.value = 'en'; s.dispatchEvent(new Event('change', { bubbles: true })); })()`,
          );
          await popup.evaluate(
            `new Promise((r) => { const t = setInterval(() => { if (document.documentElement.lang === 'en') { clearInterval(t); r(); } }, 20); })`,
          );
          expect(await popup.textOf('main')).toContain('Sites with permission');
          expect(await noManifest()).toContain(doctorAdvice('noManifest', 'en').fix);
          await popup.evaluate(
            `(() => { const s = document.getElementById('lang'); s.value = 'vi'; s.dispatchEvent(new Event('change', { bubbles: true })); })()`,
          );
          await popup.evaluate(
            `new Promise((r) => { const t = setInterval(() => { if (document.documentElement.lang === 'vi') { clearInterval(t); r(); } }, 20); })`,
          );
        } finally {
          await opened?.close();
          await opener.click('#cancel');
        }
        expect(await pending).toMatchObject({ ok: false, code: 'USER_CANCELLED' });
      },
    );

    it('sign: the signing window shows the site and description; the signature verifies', async () => {
      const data = `Tờ khai đăng ký thường trú ${randomBytes(4).toString('hex')}`;
      const pending = call<{ signature: string; scheme: string }>(page, 'sign', {
        certificate,
        digest: sha256(data).toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'Tờ khai CT01',
      });
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="pin"]');
      expect(await prompt.textOf('#site')).toBe(env.server.local);
      expect(await prompt.textOf('#description')).toBe('Tờ khai CT01');
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r).toMatchObject({ ok: true, value: { scheme: 'RSASSA-PKCS1-v1_5' } });
      expect(verifyRsa(env.world, data, r.value.signature)).toBe(true);
      const replies = await page.evaluate<unknown[]>('window.rawReplies');
      expect(JSON.stringify(replies)).not.toContain(TOKEN.pin);
    });

    it('a PIN typed in the first frame of the window is the PIN sent (10 signatures in a row)', async () => {
      for (let i = 0; i < 10; i++) {
        const data = `Hồ sơ nhanh ${i}`;
        const pending = call<{ signature: string }>(page, 'sign', {
          certificate,
          digest: sha256(data).toString('base64'),
          hashAlgorithm: 'SHA-256',
          description: 'Hồ sơ nhanh',
        });
        const prompt = await env.driver.nextPrompt();
        await fillPinAtFirstRender(prompt, TOKEN.pin);
        const replied = await Promise.race([
          pending.then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000)),
        ]);
        if (!replied) {
          // Free the tab for the next tests, and say what the window shows instead of a reply.
          const shown = await prompt.textOf('body').catch(() => '');
          await prompt.click('#cancel').catch(() => undefined);
          await pending;
          expect.fail(
            `signature ${i}: no reply 10 s after the PIN was submitted; the window shows: ${shown}`,
          );
        }
        const r = await pending;
        expect(r, `signature ${i}`).toMatchObject({ ok: true });
        expect(verifyRsa(env.world, data, r.value.signature)).toBe(true);
      }
    });

    it('a sent PIN form stays as it is while the token signs, then is emptied and disabled', async () => {
      const pending = call<{ signature: string }>(page, 'sign', {
        certificate,
        digest: sha256('sent form').toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'Biểu mẫu đã gửi',
      });
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="pin"] #pin');
      // Sends with Enter (twice: the second sends nothing), notes the form a task later (a timer
      // due now fires before one due later, whatever the load), then waits for the button to be
      // disabled.
      const seen = await prompt.evaluate<{
        right: [string, boolean];
        later: [string, boolean];
      }>(`new Promise((resolve) => {
        const pin = document.getElementById('pin');
        const button = document.getElementById('submit');
        pin.value = ${JSON.stringify(TOKEN.pin)};
        pin.dispatchEvent(new Event('input', { bubbles: true }));
        const enter = () => pin.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        enter();
        enter();
        setTimeout(() => {
          const right = [pin.value, button.disabled];
          const done = () => resolve({ right, later: [pin.value, button.disabled] });
          if (button.disabled) return done();
          new MutationObserver((_, o) => { if (button.disabled) { o.disconnect(); done(); } })
            .observe(button, { attributes: true });
        }, 0);
      })`);
      // Nothing changes in the window while the token signs (a repaint would slow the signature).
      expect(seen.right).toEqual([TOKEN.pin, false]);
      expect(seen.later).toEqual(['', true]);
      const r = await pending;
      expect(r.ok).toBe(true);
      expect(verifyRsa(env.world, 'sent form', r.value.signature)).toBe(true);
    });

    it('an empty PIN is not sent: the window keeps asking, without a PIN error', async () => {
      const pending = call<{ signature: string }>(page, 'sign', {
        certificate,
        digest: sha256('empty PIN').toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'PIN trống',
      });
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="pin"] #pin');
      await prompt.click('#submit');
      // Had the empty PIN gone to the host, its PIN_INVALID would be shown within this wait.
      await prompt.evaluate('new Promise((r) => setTimeout(r, 500))');
      expect(await prompt.evaluate<boolean>(`document.getElementById('pin-error') === null`)).toBe(true);
      expect(await prompt.evaluate<boolean>(`document.getElementById('submit').disabled`)).toBe(false);
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r.ok).toBe(true);
      expect(verifyRsa(env.world, 'empty PIN', r.value.signature)).toBe(true);
    });

    it('authenticate: the token verifies for this origin only, and a reused nonce is refused', async () => {
      const store = new InMemoryNonceStore();
      const nonce = await store.issue();
      const pending = call<Record<string, string>>(page, 'authenticate', nonce);
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="choose"]');
      await prompt.click('#choose');
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r.ok).toBe(true);
      expect(r.value.format).toBe('web-eid:1.0');
      expect(await store.consume(nonce)).toBe('ok');
      const trustAnchors = [env.world.identity.certificate];
      const verified = await verifyAuthToken(r.value, { nonce, origin: env.server.local, trustAnchors });
      expect(verified.algorithm).toBe('RS256');
      await expect(
        verifyAuthToken(r.value, { nonce, origin: env.server.crossOrigin, trustAnchors }),
      ).rejects.toThrow();
      // The same nonce a second time: the server's store no longer knows it.
      expect(await store.consume(nonce)).toBe('unknown');
    });

    it('insecure origin: plain http other than the development origins gets INSECURE_ORIGIN', async () => {
      if (!env.server.insecure)
        throw new Error('this machine has no LAN address to serve a plain-http origin');
      const other = await env.driver.newPage();
      await other.goto(`${env.server.insecure}/`);
      expect(await call(other, 'status')).toMatchObject({ ok: false, code: 'INSECURE_ORIGIN' });
      expect(await call(other, 'certificates')).toMatchObject({ ok: false, code: 'INSECURE_ORIGIN' });
      await other.close();
    });

    it('messages from other windows are ignored; malformed ones never reach the host', async () => {
      await page.evaluate(
        `document.getElementById('same').src = ${JSON.stringify(`${env.server.local}/?frame`)}`,
      );
      const same = await page.frame(`${env.server.local}/?frame`);
      await same.evaluate(`parent.postMessage({ kyso: 1, id: 'foreign-1', method: 'status' }, '*')`);
      await page.evaluate(
        `window.postMessage({ kyso: 1, id: 'bad-1', method: 'sign', params: 'not an object' }, location.origin)`,
      );
      await page.evaluate('new Promise((r) => setTimeout(r, 1500))');
      const replies =
        await page.evaluate<{ id: string; ack?: boolean; error?: { code: string } }[]>('window.rawReplies');
      expect(replies.filter((m) => m.id === 'foreign-1')).toEqual([]);
      expect(replies.filter((m) => m.id === 'bad-1')).toEqual([
        { kyso: 1, id: 'bad-1', error: { code: 'INVALID_REQUEST', message: 'malformed Kyso request' } },
      ]);
      const wrongLength = await call(page, 'sign', {
        certificate,
        digest: Buffer.alloc(20).toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'x',
      });
      expect(wrongLength).toMatchObject({ ok: false, code: 'INVALID_REQUEST', name: 'KysoRequestError' });
      expect(env.driver.pendingPrompts()).toBe(0);
    });

    it('BUSY for a second operation in the tab; cancel gives USER_CANCELLED', async () => {
      const req = {
        certificate,
        digest: sha256('a').toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'A',
      };
      const first = call(page, 'sign', req);
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="pin"]');
      expect(await call(page, 'sign', req)).toMatchObject({ ok: false, code: 'BUSY' });
      await prompt.click('#cancel');
      expect(await first).toMatchObject({
        ok: false,
        code: 'USER_CANCELLED',
        name: 'KysoUserInteractionError',
      });
    });

    it('keyboard: Escape in the Kyso window cancels (USER_CANCELLED)', async () => {
      const pending = call(page, 'authenticate', randomBytes(32).toString('base64'));
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('body[data-stage="choose"]');
      await prompt.evaluate(`window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))`);
      expect(await pending).toMatchObject({ ok: false, code: 'USER_CANCELLED' });
    });

    it('signBatch: one PIN for 300 documents, progress reported, every signature verifies', async () => {
      // 300 signatures take SoftHSM well over one progress period (50 ms): the host streams
      // signatures with its events, the content script puts them back together for the page.
      const docs = Array.from({ length: 300 }, (_, i) => `Hồ sơ số ${i}`);
      const pending = call<{ signatures: string[] }>(page, 'signBatch', {
        certificate,
        hashAlgorithm: 'SHA-256',
        items: docs.map((d, i) => ({ digest: sha256(d).toString('base64'), description: `Hồ sơ ${i}` })),
      });
      const prompt = await env.driver.nextPrompt();
      await prompt.waitFor('#count');
      expect(await prompt.textOf('#count')).toBe('300');
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r.ok).toBe(true);
      expect(r.value.signatures).toHaveLength(300);
      r.value.signatures.forEach((s, i) => {
        expect(verifyRsa(env.world, docs[i]!, s)).toBe(true);
      });
      expect(r.progress?.at(-1)).toEqual({ done: 300, total: 300 });
      // At least one event from the host (each carried signatures ahead of the result)…
      expect(r.progress!.some((p) => p.done > 0 && p.done < 300)).toBe(true);
      // …and the page's progress events are counts only.
      for (const p of r.progress!) expect(Object.keys(p).sort()).toEqual(['done', 'total']);
    });

    it('signCms: CAdES-B detached signature verified by openssl cms -verify', async () => {
      const content = Buffer.from(`Đơn đề nghị ${randomBytes(4).toString('hex')}\n`);
      const pending = call<string>(page, 'signCms', content.toString('base64'), {
        certificate,
        description: 'Đơn đề nghị',
      });
      const prompt = await env.driver.nextPrompt();
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r.ok).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
      try {
        writeFileSync(join(dir, 'content.txt'), content);
        writeFileSync(join(dir, 'sig.der'), Buffer.from(r.value, 'base64'));
        writeFileSync(join(dir, 'ca.pem'), env.world.identity.x509.toString());
        const out = execFileSync(
          'openssl',
          [
            'cms',
            '-verify',
            '-binary',
            '-inform',
            'DER',
            '-in',
            join(dir, 'sig.der'),
            '-content',
            join(dir, 'content.txt'),
            '-CAfile',
            join(dir, 'ca.pem'),
            '-purpose',
            'any',
            '-out',
            join(dir, 'out.txt'),
          ],
          { stdio: 'pipe' },
        );
        expect(out).toBeDefined();
        expect(readFileSync(join(dir, 'out.txt'))).toEqual(content);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('wrong PIN then right PIN: the window says so and signing goes through', async () => {
      const data = 'Giấy xác nhận';
      const pending = call<{ signature: string }>(page, 'sign', {
        certificate,
        digest: sha256(data).toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'Giấy xác nhận',
      });
      const prompt = await env.driver.nextPrompt();
      await enterPin(prompt, '000000');
      await prompt.waitFor('#pin-error');
      await enterPin(prompt, TOKEN.pin);
      const r = await pending;
      expect(r.ok).toBe(true);
      expect(verifyRsa(env.world, data, r.value.signature)).toBe(true);
    });

    it(`PIN locked after ${PIN_TRIES} wrong PINs: PIN_LOCKED reaches the page`, async () => {
      const pending = call(page, 'sign', {
        certificate,
        digest: sha256('x').toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'Khóa PIN',
      });
      const prompt = await env.driver.nextPrompt();
      for (let i = 0; i < PIN_TRIES; i++) {
        await enterPin(prompt, '999999');
        // The next question's error, not the one still shown on the question just answered (under load
        // the host's reply can come after the next PIN would otherwise be typed into the sent form).
        if (i < PIN_TRIES - 1) await prompt.waitFor('form:not([data-answered]) #pin-error');
      }
      expect(await pending).toMatchObject({ ok: false, code: 'PIN_LOCKED', name: 'KysoPinError' });
    });

    it('survives a host crash: the next call starts a new host', async () => {
      const before = hostPid(env.world);
      killHost(env.world);
      let r = await call<{ host: string }>(page, 'status');
      if (!r.ok) {
        // The call raced the port closing; the next one reconnects.
        expect(r.code).toBe('HOST_UNAVAILABLE');
        r = await call(page, 'status');
      }
      expect(r.ok).toBe(true);
      expect(hostPid(env.world)).not.toBe(before);
      // A fresh host process also means a fresh PIN retry counter in the fixture module.
      const pending = call<{ signature: string }>(page, 'sign', {
        certificate,
        digest: sha256('after crash').toString('base64'),
        hashAlgorithm: 'SHA-256',
        description: 'Sau sự cố',
      });
      await enterPin(await env.driver.nextPrompt(), TOKEN.pin);
      const signed = await pending;
      expect(signed.ok).toBe(true);
      expect(verifyRsa(env.world, 'after crash', signed.value.signature)).toBe(true);
    });

    it('host missing: HOST_UNAVAILABLE (KysoInstallationError), then works once installed again', async () => {
      const aside = `${env.hostManifest}.aside`;
      renameSync(env.hostManifest, aside);
      try {
        killHost(env.world);
        await page.evaluate('new Promise((r) => setTimeout(r, 300))');
        const r = await call(page, 'detect');
        expect(r).toMatchObject({ ok: false, code: 'HOST_UNAVAILABLE', name: 'KysoInstallationError' });
      } finally {
        renameSync(aside, env.hostManifest);
      }
      expect(await call(page, 'status')).toMatchObject({ ok: true });
    });
  });
}
