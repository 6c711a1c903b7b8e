/**
 * Debian Chromium with the whole Kyso chain of a browser e2e: the Chrome build of the extension, the real
 * kyso-host registered in a throwaway browser profile, and a throwaway SoftHSM token holding `identities`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import type { TestIdentity } from '../../../native-host/test/support/testTokens.js';
import type { BrowserDriver } from './browserDriver.js';
import { CHROMIUM_BINARY, launchChromiumSession } from './chromiumDriver.js';
import { buildExtension } from './e2eBuild.js';
import { createTokenWorld, type TokenWorld, writeHostManifest } from './e2eTokens.js';

export interface KysoChromium {
  tokens: TokenWorld;
  driver: BrowserDriver;
  context: BrowserContext;
  /** A first tab, open on nothing. */
  page: Page;
  /** Closes the browser, ends the kyso-host it started, removes the token, the profile and the build. */
  close(): Promise<void>;
}

/** `profilePrefix` names the profile's temporary folder (which suite left it, if a run is killed). */
export async function startKysoChromium(
  identities: readonly TestIdentity[],
  profilePrefix: string,
): Promise<KysoChromium> {
  const tokens = createTokenWorld(identities);
  let extensionDir = '';
  let userDataDir = '';
  let driver: BrowserDriver | undefined;
  const close = async () => {
    await driver?.close().catch(() => undefined);
    try {
      process.kill(Number(readFileSync(tokens.pidFile, 'utf8').trim()), 'SIGKILL');
    } catch {
      // no host was started, or it is gone already
    }
    tokens.cleanup();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  };
  try {
    extensionDir = await buildExtension('chrome');
    userDataDir = mkdtempSync(join(tmpdir(), `${profilePrefix}-`));
    writeHostManifest(tokens, 'chromium', join(userDataDir, 'NativeMessagingHosts'));
    const session = await launchChromiumSession(extensionDir, userDataDir);
    driver = session.driver;
    const page = await session.context.newPage();
    return { tokens, driver: session.driver, context: session.context, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * `describe(title, { timeout }, body)` when Debian Chromium is installed; else one skipped test under
 * "`name` — SKIPPED", saying what to install.
 */
export function describeInChromium(name: string, title: string, timeout: number, body: () => void): void {
  if (existsSync(CHROMIUM_BINARY)) {
    describe(title, { timeout }, body);
    return;
  }
  describe(`${name} — SKIPPED: ${CHROMIUM_BINARY} is not installed (apt-get install chromium)`, () => {
    it.skip(`needs ${CHROMIUM_BINARY}`, () => undefined);
  });
}
