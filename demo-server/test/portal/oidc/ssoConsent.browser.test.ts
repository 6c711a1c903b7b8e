/**
 * The single sign-on in a real Chromium: the relying party's authorization URL, the portal's login page
 * (password + SMS OTP) and "Xác nhận chia sẻ", every redirect followed by the browser; the consent form's
 * redirect chain must reach the relying party's origin (CSP form-action is enforced on redirects).
 */
import { existsSync } from 'node:fs';
import * as oidc from 'openid-client';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { lastOtp, type Simulators } from '../portalTestKit.js';
import {
  authorizationRequest,
  PASSWORD,
  type RpEndpoint,
  redeem,
  relyingParty,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  startSsoWorld,
} from './ssoTestKit.js';

const CHROMIUM = '/usr/bin/chromium';
const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};

describe.skipIf(!existsSync(CHROMIUM))('single sign-on in Chromium', () => {
  let world: SsoWorld;
  let simulators: Simulators;
  let rp: RpEndpoint;
  let portal: SsoPortal;
  let ministry: OidcClientMetadata;
  let browser: Browser;

  beforeAll(async () => {
    world = await startSsoWorld();
    ({ simulators, rp, portal, ministry } = world);
    await seedAccount(portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('signs in on the portal, confirms sharing, lands on the relying party with a code, signs out', async () => {
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA1' });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(start.url.href);
    await page.waitForSelector('input[name="username"]');
    expect(page.url()).toContain('/dang-nhap/luong/');
    await page.type('input[name="username"]', THU.idNumber);
    await page.type('input[name="password"]', PASSWORD);
    await page.type('input[name="captcha"]', 'kiemthu');
    await Promise.all([page.waitForNavigation(), page.click('#BtnLoginAccount')]);
    await page.waitForSelector('input[name="otp"]');
    await page.type('input[name="otp"]', await lastOtp(simulators, THU.phone));
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"].primary')]);
    await page.waitForSelector('[data-page="sso-consent"]');
    expect(await page.content()).toContain('Cổng dịch vụ công Bộ Công an');
    await Promise.all([
      page.waitForFunction((origin) => window.location.origin === origin, { timeout: 20_000 }, rp.origin),
      page.click('button[name="action"][value="allow"]'),
    ]);
    const landed = page.url();
    expect(landed.startsWith(ministry.redirect_uris[0] ?? '-')).toBe(true);
    const { idToken, userinfo } = await redeem(config, start, landed);
    expect(idToken.acr).toBe('LoA1');
    expect(userinfo.SoDinhDanh).toBe(THU.idNumber);

    // Signed in and consent given: the next authorization goes straight back to the relying party.
    const again = await authorizationRequest(config, ministry);
    await page.goto(again.url.href);
    await page.waitForFunction((origin) => window.location.origin === origin, { timeout: 20_000 }, rp.origin);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    const { tokens } = await redeem(config, again, page.url());

    // RP-initiated logout: the portal's confirmation, then back to the relying party's registered page.
    const before = rp.logoutTokens.length;
    await page.goto(
      oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: ministry.post_logout_redirect_uris?.[0] ?? '',
      }).href,
    );
    await page.waitForSelector('[data-page="sso-logout"]');
    await Promise.all([
      page.waitForFunction((origin) => window.location.origin === origin, { timeout: 20_000 }, rp.origin),
      page.click('button[form="op.logoutForm"]'),
    ]);
    expect(page.url()).toBe(`${rp.origin}/`);
    expect(rp.logoutTokens.length).toBe(before + 1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
