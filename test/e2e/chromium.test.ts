/**
 * Real-browser e2e in Debian Chromium (playwright-core, --load-extension, host
 * manifest in the profile's NativeMessagingHosts). Skips, saying so, only when
 * /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_BINARY, launchChromium } from './support/chromiumDriver.js';
import { buildExtension } from './support/e2eBuild.js';
import { writeHostManifest } from './support/e2eTokens.js';
import { defineBrowserSuite } from './support/scenarios.js';

defineBrowserSuite('Chromium', CHROMIUM_BINARY, existsSync(CHROMIUM_BINARY), async (world) => {
  const extensionDir = await buildExtension('chrome');
  const userDataDir = mkdtempSync(join(tmpdir(), 'kyso-chromium-'));
  const hostManifest = writeHostManifest(world, 'chromium', join(userDataDir, 'NativeMessagingHosts'));
  const driver = await launchChromium(extensionDir, userDataDir);
  return {
    driver,
    hostManifest,
    cleanup: () => {
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(extensionDir, { recursive: true, force: true });
    },
  };
});
