/**
 * Firefox ESR driven by puppeteer-core 24 over WebDriver BiDi; the extension is
 * installed as a temporary add-on and the host manifest sits in
 * $HOME/.mozilla/native-messaging-hosts of a throwaway HOME (recipes §7).
 */
import puppeteer, { type Frame, type Page, type Target } from 'puppeteer-core';
import type { BrowserDriver, E2EFrame, E2EPage, PromptWindow } from './browserDriver.js';
import { PromptQueue } from './browserDriver.js';

export const FIREFOX_BINARY = '/usr/bin/firefox-esr';

function frameOf(f: Frame | Page): E2EFrame {
  return { evaluate: <T>(expression: string) => f.evaluate(expression) as Promise<T> };
}

function ignoreClosed(e: Error): void {
  if (!/closed|detached|destroyed|discarded|no such frame/i.test(e.message)) throw e;
}

function promptOf(p: Page): PromptWindow {
  return {
    evaluate: <T>(expression: string) => p.evaluate(expression) as Promise<T>,
    url: () => p.url(),
    waitFor: async (selector) => {
      await p.waitForSelector(selector, { timeout: 15_000 });
    },
    click: (selector) => p.click(selector).catch(ignoreClosed),
    type: async (selector, text) => {
      await p.$eval(selector, (el) => {
        (el as HTMLInputElement).value = '';
      });
      await p.type(selector, text);
    },
    textOf: async (selector) => p.$eval(selector, (el) => el.textContent ?? ''),
  };
}

export async function launchFirefox(extensionDir: string, home: string): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_BINARY,
    headless: true,
    env: { ...process.env, HOME: home },
    extraPrefsFirefox: { 'privacy.reduceTimerPrecision': false },
  });
  await browser.installExtension(extensionDir);
  const prompts = new PromptQueue<Page>();
  /** Extension pages other than prompt windows (opened by an extension window). */
  const extensionPages = new PromptQueue<Page>();
  const seen = new WeakSet<Target>();
  let extensionBase: string | undefined;
  // Puppeteer's BiDi page.url() is not updated for moz-extension:// navigations, so ask the page itself.
  const consider = async (t: Target) => {
    if (seen.has(t) || t.type() !== 'page') return;
    seen.add(t);
    const p = await t.page().catch(() => null);
    if (!p) return;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const href = await p.evaluate('location.href').catch(() => '');
      if (String(href).includes('prompt.html')) {
        extensionBase ??= /^moz-extension:\/\/[^/]+/.exec(String(href))?.[0];
        prompts.push(p);
        return;
      }
      if (String(href).startsWith('moz-extension:')) {
        extensionPages.push(p);
        return;
      }
      if (/^(https?|moz-extension):/.test(String(href))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  browser.on('targetcreated', (t: Target) => void consider(t));
  const origin = () => {
    if (!extensionBase) throw new Error('the moz-extension:// origin is known once a Kyso window has opened');
    return extensionBase;
  };
  return {
    extensionOrigin: origin,
    async openExtensionPage(path, opener) {
      // Firefox's WebDriver BiDi refuses to navigate to moz-extension:// ("not allowed in this
      // context"), and headless Firefox drops window.open: an extension window opens the tab.
      const opened = await opener.evaluate<boolean>(
        `browser.tabs.create({ url: location.origin + '/' + ${JSON.stringify(path)} }).then(() => true, () => false)`,
      );
      if (!opened) throw new Error(`the Kyso window could not open ${path}`);
      const p = await extensionPages.next(15_000);
      return { ...promptOf(p), close: () => p.close() };
    },
    async newPage(): Promise<E2EPage> {
      // A window of its own: a tab could land in a Kyso prompt window that is about to close.
      const page = await browser.newPage({ type: 'window' });
      return {
        ...frameOf(page),
        goto: async (url) => {
          await page.goto(url);
        },
        frame: async (prefix) => {
          const deadline = Date.now() + 10_000;
          for (;;) {
            const f = page.frames().find((x) => x.url().startsWith(prefix));
            if (f) {
              await f.waitForFunction('typeof window.call === "function"', { timeout: 10_000 });
              return frameOf(f);
            }
            if (Date.now() > deadline) throw new Error(`no frame ${prefix}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        close: () => page.close(),
      };
    },
    nextPrompt: async (timeoutMs = 15_000) => promptOf(await prompts.next(timeoutMs)),
    pendingPrompts: () => prompts.size,
    close: () => browser.close(),
  };
}
