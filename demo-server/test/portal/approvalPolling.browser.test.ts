/**
 * The SIM ký số waiting pages in a real Chromium: after the citizen approves on the simulated phone, the page
 * moves on by itself (/static/kyso-poll.js polls the flow API) — to the certificate data in registration, to
 * the account page in login — without anyone pressing "Tôi đã xác nhận".
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadDemoPki } from '@kyso/lib/demo-pki';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase } from '../../src/portal/db/connect.js';
import { type StartedPortal, startNationalPortal } from '../../src/portal/portalApp.js';
import { SIM_PIN } from '../../src/simulators/index.js';
import { demoPkiTrust } from './demoPkiTrust.js';
import { type Simulators, startTestSimulators, testConfig } from './portalTestKit.js';

const CHROMIUM = '/usr/bin/chromium';
const PHONE = '0912345678';

describe.skipIf(!existsSync(CHROMIUM))('SIM ký số waiting pages poll by themselves (Chromium)', () => {
  let simulators: Simulators;
  let portal: StartedPortal;
  let browser: Browser;

  beforeAll(async () => {
    const pki = await loadDemoPki();
    simulators = await startTestSimulators();
    portal = await startNationalPortal({
      config: { ...testConfig(simulators.url), port: 0 },
      db: await openPortalDatabase({ sqlitePath: ':memory:' }),
      logger: false,
      trust: demoPkiTrust(pki, simulators.url),
    });
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await portal.close();
    await portal.ctx.db.destroy();
    await simulators.close();
  });

  /** Approves (or rejects) the flow's pending request on the simulated phone, as the citizen would. */
  async function approveOnPhone(flowId: string, action: 'approve' | 'reject' = 'approve') {
    const row = await portal.ctx.db
      .selectFrom('flows')
      .select('data')
      .where('id', '=', flowId)
      .executeTakeFirstOrThrow();
    const transactionId = String((JSON.parse(row.data) as { sim: { msspTransId: string } }).sim.msspTransId);
    const res = await fetch(`${simulators.url}/phone/84${PHONE.slice(1)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transactionId, pin: SIM_PIN }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  }

  async function waitingPage(startPath: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${portal.url}${startPath}`, { waitUntil: 'networkidle0' });
    await page.type('input[name="phone"]', PHONE);
    await Promise.all([page.waitForNavigation(), page.click('form button.primary[type="submit"]')]);
    await page.waitForSelector('form[data-poll-url]');
    // The no-JavaScript way stays: the same form's "Tôi đã xác nhận" button.
    expect(await page.$('form[data-poll-url] button[name="action"][value="poll"]')).not.toBeNull();
    // The script announces that the page moves on by itself (hidden without JavaScript).
    await page.waitForFunction(() => document.getElementById('kyso-poll-status')?.hidden === false);
    const flowId = page.url().split('/').pop() ?? '';
    return { page, errors, flowId };
  }

  it('registration: after the approval the page shows the certificate data, no button pressed', async () => {
    const { page, errors, flowId } = await waitingPage('/dang-ky/cong-dan/sim-ky-so');
    expect(page.url()).toBe(`${portal.url}/dang-ky/luong/${flowId}`);
    await approveOnPhone(flowId);
    await page.waitForSelector('[data-code="SIM_CERTIFICATE_READ"]', { timeout: 15_000 });
    expect(await page.$('form[data-poll-url]')).toBeNull();
    expect(await page.content()).toContain('001090012345');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('registration: a request rejected on the phone brings the page back to the phone step with the reason', async () => {
    const { page, errors, flowId } = await waitingPage('/dang-ky/cong-dan/sim-ky-so');
    await approveOnPhone(flowId, 'reject');
    await page.waitForSelector('[data-code="SIM_USER_CANCEL"]', { timeout: 15_000 });
    expect(await page.$('form[data-poll-url]')).toBeNull();
    expect(await page.$('input[name="phone"]')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('login: after the approval the browser is signed in on the account page', async () => {
    await portal.ctx.db
      .insertInto('accounts')
      .values({
        id: randomUUID(),
        username: '001090012345',
        subject: 'congDan',
        idNumber: '001090012345',
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '15/03/1990',
        phone: PHONE,
        email: null,
        bhxhCode: null,
        passwordHash: null,
        verificationLevel: 3,
        registrationMethod: 'simKySo',
        createdAt: Date.now(),
      })
      .execute();
    const { page, errors, flowId } = await waitingPage('/dang-nhap/sim-ky-so');
    expect(page.url()).toBe(`${portal.url}/dang-nhap/luong/${flowId}`);
    await approveOnPhone(flowId);
    await page.waitForFunction(() => window.location.pathname === '/tai-khoan', { timeout: 15_000 });
    expect(await page.content()).toContain('Nguyễn Văn An');
    expect(errors).toEqual([]);
    await page.close();
  });
});
