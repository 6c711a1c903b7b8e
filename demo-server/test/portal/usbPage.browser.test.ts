/**
 * The USB ký số page script in a real Chromium without the Kyso extension: pressing "Đăng ký" must show
 * how to install Kyso (KYSO_MISSING) instead of failing silently or posting an empty token.
 */
import { existsSync } from 'node:fs';
import { loadDemoPki } from '@kyso/lib/demo-pki';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase } from '../../src/portal/db/connect.js';
import { type StartedPortal, startNationalPortal } from '../../src/portal/portalApp.js';
import { testConfig } from './portalTestKit.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('USB ký số page in Chromium without Kyso', () => {
  let portal: StartedPortal;
  beforeAll(async () => {
    const pki = await loadDemoPki();
    const config = { ...testConfig('http://127.0.0.1:9'), port: 0 };
    portal = await startNationalPortal({
      config,
      db: await openPortalDatabase({ sqlitePath: ':memory:' }),
      logger: false,
      trust: { anchors: [pki.roots.national], intermediates: [] },
    });
  });
  afterAll(async () => {
    await portal.close();
    await portal.ctx.db.destroy();
  });

  it('shows the installation help and keeps the form from posting an empty token', async () => {
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${portal.url}/dang-ky/cong-dan/usb-ky-so`, { waitUntil: 'networkidle0' });
      const before = page.url();
      await page.click('#kyso-usb-register');
      await page.waitForFunction(() => document.getElementById('kyso-missing')?.hidden === false, {
        timeout: 10_000,
      });
      expect(await page.$eval('#kyso-missing', (e) => e.getAttribute('data-code'))).toBe('KYSO_MISSING');
      expect(page.url()).toBe(before);
      expect(await page.$eval('#kyso-auth-token', (e) => (e as HTMLInputElement).value)).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
