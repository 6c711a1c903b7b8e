/**
 * VNeID and PostID in a real Chromium: the portal and the simulated identity providers over HTTP on two
 * origins, every redirect followed by the browser, the provider's login page filled in as a citizen would.
 * Covers signing in with VNeID (level 2) and registering then signing in through PostID.
 */
import { existsSync } from 'node:fs';
import { loadDemoPki } from '@kyso/lib/demo-pki';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase } from '../../src/portal/db/connect.js';
import { linkedIdentitiesOf } from '../../src/portal/federation/linkedIdentities.js';
import { type StartedPortal, startNationalPortal } from '../../src/portal/portalApp.js';
import {
  createSimulatorsApp,
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/index.js';
import { freePort } from '../freePort.js';
import { testConfig } from './portalTestKit.js';

const CHROMIUM = '/usr/bin/chromium';
const level2 = identityAccounts('vneid').filter((a) => a.level === 2);
const counterVerified = new Set(
  identityAccounts('postid')
    .filter((a) => a.level === 2)
    .map((a) => a.citizen.cccd),
);
/** A VNeID level-2 citizen with a portal account, and another (counter-verified at PostID) without one. */
const VNEID_USER = level2[0]?.citizen;
const POSTID_USER = level2.find((a) => a !== level2[0] && counterVerified.has(a.citizen.cccd))?.citizen;

describe.skipIf(!existsSync(CHROMIUM))('VNeID and PostID in Chromium', () => {
  let simulators: FastifyInstance;
  let portal: StartedPortal;
  let browser: Browser;
  let portalUrl = '';

  beforeAll(async () => {
    if (!VNEID_USER || !POSTID_USER) throw new Error('the simulators need two level-2 citizens');
    const portalPort = await freePort();
    portalUrl = `http://localhost:${portalPort}`;
    simulators = createSimulatorsApp({
      demoPki: await loadDemoPki(),
      identityProviderClients: {
        vneid: {
          clientId: 'dvcqg-portal',
          clientSecret: 'kyso-demo-vneid-client-secret',
          redirectUris: [`${portalUrl}/dang-nhap/vneid/callback`],
        },
        postid: {
          clientId: 'dvcqg-portal',
          clientSecret: 'kyso-demo-postid-client-secret',
          redirectUris: [`${portalUrl}/dang-nhap/postid/callback`],
        },
      },
    });
    await simulators.listen({ host: '127.0.0.1', port: 0 });
    const addr = simulators.server.address();
    const simulatorsUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    portal = await startNationalPortal({
      config: { ...testConfig(simulatorsUrl), port: portalPort, host: '127.0.0.1', publicOrigin: portalUrl },
      db: await openPortalDatabase({ sqlitePath: ':memory:' }),
      logger: false,
    });
    await portal.ctx.db
      .insertInto('accounts')
      .values({
        id: 'acc-vneid',
        username: VNEID_USER.cccd,
        subject: 'congDan',
        idNumber: VNEID_USER.cccd,
        fullName: VNEID_USER.fullName,
        dateOfBirth: null,
        phone: null,
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 2,
        registrationMethod: 'thueBaoDiDong',
        createdAt: Date.now(),
      })
      .execute();
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await portal?.ctx.db.destroy();
    simulators?.server.closeAllConnections();
    await simulators?.close();
  });

  /** On the provider's login page: picks the citizen, types the demo password, presses "Đăng nhập". */
  async function logInAtProvider(page: Page, cccd: string, password: string) {
    await page.waitForSelector(`input[name="cccd"][value="${cccd}"]`);
    expect(new URL(page.url()).origin).not.toBe(portalUrl);
    await page.click(`input[name="cccd"][value="${cccd}"]`);
    await page.type('input[name="password"]', password);
    await Promise.all([
      page.waitForFunction((origin) => window.location.origin === origin, { timeout: 20_000 }, portalUrl),
      page.click('button[name="action"][value="login"]'),
    ]);
    await page.waitForSelector('main');
  }

  async function signOut(page: Page) {
    await Promise.all([page.waitForNavigation(), page.click('nav form[action="/dang-xuat"] button')]);
  }

  it('signs in with VNeID (level 2): the account page, the VNeID identity linked', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${portalUrl}/dang-nhap`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click('a[href="/dang-nhap/vneid"]')]);
    await logInAtProvider(page, VNEID_USER?.cccd ?? '', VNEID_DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/tai-khoan');
    const html = await page.content();
    expect(html).toContain(VNEID_USER?.fullName);
    expect(html).toContain('data-linked="vneid"');
    expect((await linkedIdentitiesOf(portal.ctx.db, 'acc-vneid')).map((l) => l.provider)).toEqual(['vneid']);
    await signOut(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('registers through PostID (Bưu điện Việt Nam), then signs in again through PostID', async () => {
    const page = await browser.newPage();
    await page.goto(`${portalUrl}/dang-ky`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click('a[href="/dang-ky/buu-dien"]')]);
    await logInAtProvider(page, POSTID_USER?.cccd ?? '', POSTID_DEMO_PASSWORD);
    // The callback page says the account was created; the citizen is signed in.
    expect(await page.content()).toContain('data-code="POSTID_REGISTERED"');
    await page.goto(`${portalUrl}/tai-khoan`, { waitUntil: 'networkidle0' });
    expect(new URL(page.url()).pathname).toBe('/tai-khoan');
    expect(await page.content()).toContain('data-linked="postid"');
    const account = await portal.ctx.db
      .selectFrom('accounts')
      .select(['id', 'registrationMethod'])
      .where('username', '=', POSTID_USER?.cccd ?? '')
      .executeTakeFirstOrThrow();
    expect(account.registrationMethod).toBe('buuDien');
    await signOut(page);
    expect(new URL(page.url()).pathname).not.toBe('/tai-khoan');

    await page.goto(`${portalUrl}/dang-nhap`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click('a[href="/dang-nhap/postid"]')]);
    await logInAtProvider(page, POSTID_USER?.cccd ?? '', POSTID_DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/tai-khoan');
    expect(await page.content()).toContain(POSTID_USER?.fullName);
    await page.close();
  });
});
