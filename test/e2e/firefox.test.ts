/**
 * Real-browser e2e in Firefox ESR (puppeteer-core over WebDriver BiDi, the
 * extension as a temporary add-on, host manifest under
 * $HOME/.mozilla/native-messaging-hosts). Skips, saying so, only when
 * /usr/bin/firefox-esr is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from './support/e2eBuild.js';
import { writeHostManifest } from './support/e2eTokens.js';
import { FIREFOX_BINARY, launchFirefox } from './support/firefoxDriver.js';
import { defineBrowserSuite } from './support/scenarios.js';

defineBrowserSuite('Firefox ESR', FIREFOX_BINARY, existsSync(FIREFOX_BINARY), async (world) => {
  const extensionDir = await buildExtension('firefox');
  const home = mkdtempSync(join(tmpdir(), 'kyso-firefox-home-'));
  const hostManifest = writeHostManifest(world, 'firefox', join(home, '.mozilla', 'native-messaging-hosts'));
  const driver = await launchFirefox(extensionDir, home);
  return {
    driver,
    hostManifest,
    cleanup: () => {
      rmSync(home, { recursive: true, force: true });
      rmSync(extensionDir, { recursive: true, force: true });
    },
  };
});
