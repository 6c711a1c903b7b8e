/** Debian Chromium driven by playwright-core, the extension loaded with --load-extension (recipes §6). */
import { type BrowserContext, chromium, type Frame, type Page } from 'playwright-core';
import extensionKey from '../../../extension/extensionKey.json' with { type: 'json' };
import type { BrowserDriver, E2EFrame, E2EPage, PromptWindow } from './browserDriver.js';
import { PromptQueue } from './browserDriver.js';

export const CHROMIUM_BINARY = '/usr/bin/chromium';

function frameOf(f: Frame | Page): E2EFrame {
  return { evaluate: <T>(expression: string) => f.evaluate(expression) as Promise<T> };
}

function promptOf(p: Page): PromptWindow {
  return {
    evaluate: <T>(expression: string) => p.evaluate(expression) as Promise<T>,
    url: () => p.url(),
    waitFor: async (selector) => {
      await p.waitForSelector(selector, { timeout: 15_000 });
    },
    // A click that completes the prompt may close its window while the click is still being reported.
    click: (selector) =>
      p.click(selector, { timeout: 15_000 }).catch((e: Error) => {
        if (!/closed/i.test(e.message)) throw e;
      }),
    type: (selector, text) => p.fill(selector, text, { timeout: 15_000 }),
    textOf: async (selector) => (await p.textContent(selector, { timeout: 15_000 })) ?? '',
  };
}

/** The driver and, for tests that drive whole web pages (forms, navigation), its playwright context. */
export interface ChromiumSession {
  driver: BrowserDriver;
  context: BrowserContext;
}

export async function launchChromium(extensionDir: string, userDataDir: string): Promise<BrowserDriver> {
  return (await launchChromiumSession(extensionDir, userDataDir)).driver;
}

export async function launchChromiumSession(
  extensionDir: string,
  userDataDir: string,
): Promise<ChromiumSession> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_BINARY,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const prompts = new PromptQueue<Page>();
  context.on('page', (p) => {
    void (async () => {
      if (!p.url().includes('prompt.html'))
        await p.waitForURL(/prompt\.html/, { timeout: 10_000 }).catch(() => undefined);
      if (p.url().includes('prompt.html')) prompts.push(p);
    })();
  });
  if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const origin = `chrome-extension://${extensionKey.chromeId}`;
  const driver: BrowserDriver = {
    extensionOrigin: () => origin,
    async openExtensionPage(path, _opener) {
      const p = await context.newPage();
      await p.goto(`${origin}/${path}`);
      return { ...promptOf(p), close: () => p.close() };
    },
    async newPage(): Promise<E2EPage> {
      const page = await context.newPage();
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
              await f.waitForFunction('typeof window.call === "function"', undefined, { timeout: 10_000 });
              return frameOf(f);
            }
            if (Date.now() > deadline) throw new Error(`no frame ${prefix}`);
            await page.waitForTimeout(50);
          }
        },
        close: () => page.close(),
      };
    },
    nextPrompt: async (timeoutMs = 15_000) => promptOf(await prompts.next(timeoutMs)),
    pendingPrompts: () => prompts.size,
    close: () => context.close(),
  };
  return { driver, context };
}
