/**
 * Accessibility and language audit, in Debian Chromium (playwright-core), of every page a citizen reaches
 * without a signing token: the national portal (start page, registration subject and method choice, each
 * method's first page, form errors, OTP, password, completion, SIM and remote-signature waiting pages,
 * login pages, login OTP, account, linked identities, service search, 404, unknown and expired flows, the
 * OpenID consent "Xác nhận chia sẻ"), the ministry portal (home, sign-in, OTP, account, account linking,
 * procedures, dossier form with its errors, signing page, SIM waiting page, dossier list, verification
 * report, the officer's pages) and the simulators (home, phone and app with a pending request, SMS and e-mail
 * outboxes, VNeID and PostID pages) — in Vietnamese and in English — and the extension's popup and Kyso
 * window (consent, certificate choice, PIN, signing) in both languages. Fails on any axe WCAG 2.1 A/AA
 * violation of impact serious or critical and on the audit's own checks (support/accessibilityAudit.ts),
 * printing page, rule, target and detail. Also checks that waiting pages show their news without reloading.
 * The whole portal world runs in-process on free ports (SQLite), one browser; the tests run in order (the
 * single sign-on test uses the national-portal session of the one before). Skips, saying so, only when
 * /usr/bin/chromium is missing (docs/accessibility.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD } from '../../demo-server/src/ministry/accounts/demoAccounts.js';
import { SIM_PIN } from '../../demo-server/src/simulators/index.js';
import { loadDemoPki } from '../../lib/src/demo-pki/index.js';
import {
  type AuditFinding,
  type AuditLang,
  auditPage,
  formatFindings,
  vietnameseInterfaceTexts,
} from './support/accessibilityAudit.js';
import { EXTENSION_VIETNAMESE_TEXTS, PAGE_VIETNAMESE_TEXTS } from './support/accessibilityTexts.js';
import type { BrowserDriver } from './support/browserDriver.js';
import { signInAsDemoOfficer } from './support/demoOfficer.js';
import { buildSdk } from './support/e2eBuild.js';
import { describeInChromium, type KysoChromium, startKysoChromium } from './support/kysoChromium.js';
import { type PageServer, startPageServer } from './support/pageServer.js';
import { demoTokenIdentity } from './support/portalWorld.js';
import { type SsoJourneyWorld, startSsoJourneyWorld } from './support/ssoJourneyWorld.js';

const CAPTCHA = 'kiemthu';
const PASSWORD = 'Sông#Hồng7x';
/** Demo citizens of the simulators, one per method so that accounts never collide. */
const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};
const HOA = { cccd: '031188003456', phone: '0977123456' };
const DUNG = { cccd: '048192004567' };
const AN = { cccd: '001090012345', phone: '0912345678' };

describeInChromium(
  'accessibility audit',
  'accessibility and language of every page a citizen sees (axe WCAG 2.1 A/AA, Chromium)',
  120_000,
  () => {
    let world: SsoJourneyWorld;
    let browser: KysoChromium;
    let pages: PageServer;
    let sdkDir = '';
    let driver: BrowserDriver;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      const pki = await loadDemoPki();
      world = await startSsoJourneyWorld(pki);
      // A SoftHSM token with two certificates (so the Kyso window asks which one) behind the real kyso-host,
      // and the page SDK on a local page, for the extension's windows.
      browser = await startKysoChromium(
        [demoTokenIdentity(pki.identities.citizen), demoTokenIdentity(pki.identities.employee)],
        'kyso-a11y-chromium',
      );
      ({ driver, context, page } = browser);
      sdkDir = mkdtempSync(join(tmpdir(), 'kyso-a11y-sdk-'));
      pages = await startPageServer(await buildSdk(sdkDir));
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await world?.close();
      await pages?.close();
      if (sdkDir) rmSync(sdkDir, { recursive: true, force: true });
    });

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail')
        await page.screenshot({ path: '/tmp/kyso-a11y-fail.png', fullPage: true }).catch(() => undefined);
    });

    const portalTexts = { vietnameseTexts: PAGE_VIETNAMESE_TEXTS };
    /** The simulators' pages: Vietnamese with the English beside it, audited once. */
    const bilingual = { vietnameseTexts: PAGE_VIETNAMESE_TEXTS, bilingual: true };
    const withLang = (url: string, lang: AuditLang) => `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`;
    const here = () =>
      page
        .url()
        .replace(/([?&])lang=(vi|en)(&|$)/, '$1')
        .replace(/[?&]$/, '');

    /**
     * What makes a page the state it shows (flow step, fields, errors), to be sure that requesting its address
     * again in the other language shows the same state (a page answering a POST may not be one).
     */
    const stateOf = () =>
      page.evaluate(
        `JSON.stringify({ step: document.querySelector('[data-flow-state]')?.getAttribute('data-flow-state') ?? '', fields: [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].map((e) => e.name).sort(), invalid: document.querySelectorAll('[aria-invalid="true"]').length, alerts: document.querySelectorAll('[role="alert"]').length })`,
      );

    /** Audits the page now open (its URL re-requested in each language) in Vietnamese then English. */
    async function auditBoth(label: string): Promise<AuditFinding[]> {
      const url = here();
      const state = await stateOf();
      const findings: AuditFinding[] = [];
      for (const lang of ['vi', 'en'] as const) {
        await page.goto(withLang(url, lang));
        expect(await stateOf(), `${label} (${lang}): ${url} does not show the same state again`).toBe(state);
        findings.push(...(await auditPage(page, label, lang, portalTexts)));
      }
      // Back to Vietnamese for the next steps (the language is kept in a cookie).
      await page.goto(withLang(url, 'vi'));
      return findings;
    }

    async function auditUrl(label: string, url: string): Promise<AuditFinding[]> {
      await page.goto(url);
      return auditBoth(label);
    }

    const expectNone = (findings: AuditFinding[]) => {
      if (findings.length) console.error(formatFindings(findings));
      expect(formatFindings(findings)).toBe('');
    };
    const flowState = (state: string) =>
      page.waitForSelector(`[data-flow-state="${state}"]`, { timeout: 20_000 });
    const submitPrimary = () => page.click('[data-flow-state] form button.primary');

    it('national portal: start page, registration choice and every method’s first page, login pages, search, errors', async () => {
      const p = world.portalUrl;
      const findings: AuditFinding[] = [];
      findings.push(...(await auditUrl('portal start page', `${p}/`)));
      findings.push(...(await auditUrl('portal registration: subject and method choice', `${p}/dang-ky`)));
      for (const path of [
        'cong-dan/thue-bao-di-dong',
        'cong-dan/bao-hiem-xa-hoi',
        'cong-dan/usb-ky-so',
        'cong-dan/sim-ky-so',
        'cong-dan/chu-ky-so-ca-nhan',
        'doanh-nghiep/usb-ky-so',
        'doanh-nghiep/sim-ky-so',
        'co-quan-nha-nuoc/usb-ky-so',
      ])
        findings.push(...(await auditUrl(`portal registration /dang-ky/${path}`, `${p}/dang-ky/${path}`)));
      for (const path of [
        '/dang-nhap',
        '/dang-nhap/usb-ky-so',
        '/dang-nhap/sim-ky-so',
        '/dang-nhap/chu-ky-so-ca-nhan',
      ])
        findings.push(...(await auditUrl(`portal login ${path}`, `${p}${path}`)));
      findings.push(...(await auditUrl('portal service search', `${p}/dich-vu-cong`)));
      findings.push(...(await auditUrl('portal service search results', `${p}/dich-vu-cong?q=ho+chieu`)));
      findings.push(...(await auditUrl('portal 404', `${p}/khong-co-trang-nay`)));
      findings.push(...(await auditUrl('portal unknown flow', `${p}/dang-ky/luong/khong-ton-tai`)));
      expectNone(findings);
    });

    it('national portal: mobile-subscriber registration (errors, OTP, password, done), expired flow, login OTP, account', async () => {
      const p = world.portalUrl;
      const findings: AuditFinding[] = [];
      await page.goto(withLang(`${p}/dang-ky/cong-dan/thue-bao-di-dong`, 'vi'));
      await flowState('collect');
      await submitPrimary();
      await flowState('collect');
      findings.push(...(await auditBoth('portal registration form with errors')));
      for (const [name, value] of Object.entries(THU)) await page.fill(`input[name="${name}"]`, value);
      await page.fill('input[name="captcha"]', CAPTCHA);
      await submitPrimary();
      await flowState('otp');
      findings.push(...(await auditBoth('portal registration OTP')));
      await page.fill('input[name="otp"]', await world.lastOtp(THU.phone));
      await page.click('button[value="verify"]');
      await flowState('password');
      findings.push(...(await auditBoth('portal registration password')));
      await page.fill('input[name="password"]', 'ngan');
      await page.fill('input[name="passwordConfirm"]', 'khac');
      await submitPrimary();
      await flowState('password');
      findings.push(...(await auditBoth('portal registration password with errors')));
      await page.fill('input[name="password"]', PASSWORD);
      await page.fill('input[name="passwordConfirm"]', PASSWORD);
      await submitPrimary();
      await flowState('complete');
      findings.push(...(await auditBoth('portal registration complete')));

      // An expired flow: the flow's expiry moved into the past in the database.
      await page.goto(withLang(`${p}/dang-ky/cong-dan/bao-hiem-xa-hoi`, 'vi'));
      await flowState('collect');
      const flowId = /\/luong\/([^/?]+)/.exec(page.url())?.[1] ?? '';
      await world.portal.ctx.db
        .updateTable('flows' as never)
        .set({ expires_at: 1 } as never)
        .where('id' as never, '=', flowId as never)
        .execute();
      await page.reload();
      await page.waitForSelector('[data-code="FLOW_EXPIRED"]');
      findings.push(...(await auditBoth('portal expired flow')));

      await page.goto(withLang(`${p}/dang-nhap`, 'vi'));
      await flowState('credentials');
      await page.fill('input[name="username"]', THU.idNumber);
      await page.fill('input[name="password"]', 'Sai#MatKhau9');
      await page.fill('input[name="captcha"]', CAPTCHA);
      await page.click('#BtnLoginAccount');
      await page.waitForSelector('[data-flow-state="credentials"] [data-code="LOGIN_FAILED"]');
      findings.push(...(await auditBoth('portal login with a wrong password')));
      await page.fill('input[name="username"]', THU.idNumber);
      await page.fill('input[name="password"]', PASSWORD);
      await page.fill('input[name="captcha"]', CAPTCHA);
      await page.click('#BtnLoginAccount');
      await flowState('otp');
      findings.push(...(await auditBoth('portal login OTP')));
      await page.fill('input[name="otp"]', await world.lastOtp(THU.phone));
      await page.click('[data-flow-state="otp"] form button.primary');
      await page.waitForURL(/\/tai-khoan$/, { timeout: 20_000 });
      findings.push(...(await auditBoth('portal account')));
      findings.push(...(await auditUrl('portal linked identities', `${p}/tai-khoan/lien-ket`)));
      findings.push(...(await auditUrl('portal start page signed in', `${p}/`)));
      expectNone(findings);
    });

    it('ministry portal over single sign-on: consent "Xác nhận chia sẻ", home, account, procedures, dossier form and its errors', async () => {
      const m = world.ministryUrl;
      const findings: AuditFinding[] = [];
      findings.push(...(await auditUrl('ministry home', `${m}/`)));
      findings.push(...(await auditUrl('ministry procedures', `${m}/thu-tuc`)));
      findings.push(...(await auditUrl('ministry 404', `${m}/khong-co-trang-nay`)));
      // Signed in on the national portal (previous test): the ministry's SSO goes straight to the consent.
      await page.goto(withLang(`${m}/dang-nhap/dvcqg`, 'vi'));
      await page.waitForSelector('button[name="action"][value="allow"]', { timeout: 20_000 });
      findings.push(...(await auditBoth('portal consent "Xác nhận chia sẻ"')));
      await page.click('button[name="action"][value="allow"]');
      await page.waitForURL(new RegExp(`^${m}/`), { timeout: 20_000 });
      findings.push(...(await auditUrl('ministry home signed in', `${m}/`)));
      findings.push(...(await auditUrl('ministry account', `${m}/tai-khoan`)));
      findings.push(...(await auditUrl('ministry dossier form', `${m}/thu-tuc/dang-ky-thuong-tru`)));
      // The form's errors are the answer to its POST: audited where they are shown, in each language.
      for (const lang of ['vi', 'en'] as const) {
        await page.goto(withLang(`${m}/thu-tuc/dang-ky-thuong-tru`, lang));
        await page.fill('#f-diaChiDangKy', '');
        await page.click('#to-khai-tiep-tuc');
        await page.waitForSelector('[aria-invalid="true"]', { timeout: 20_000 });
        findings.push(...(await auditPage(page, 'ministry dossier form with errors', lang, portalTexts)));
      }
      findings.push(...(await auditUrl('ministry dossier list', `${m}/ho-so`)));
      await context.clearCookies();
      findings.push(...(await auditUrl('ministry sign-in', `${m}/dang-nhap`)));
      await page.fill('input[name="idNumber"]', AN.cccd);
      await page.fill('input[name="password"]', DEMO_BCA_PASSWORD);
      await page.click('form[action="/dang-nhap"] button.primary');
      await page.waitForSelector('input[name="otp"]', { timeout: 20_000 });
      findings.push(...(await auditBoth('ministry sign-in OTP')));
      expectNone(findings);
    });

    /** Approves the newest request on the simulated phone of `phone`; audits the phone page when asked. */
    async function approveOnPhone(phone: string, audit?: string): Promise<AuditFinding[]> {
      const device = await context.newPage();
      const findings: AuditFinding[] = [];
      try {
        await device.goto(`${world.simulatorsUrl}/phone/84${phone.slice(1)}`);
        await device.waitForSelector('.card form[action$="/approve"]', { timeout: 20_000 });
        if (audit) findings.push(...(await auditPage(device, audit, 'vi', bilingual)));
        await device.fill('.card input[name="pin"]', SIM_PIN);
        await device.click('.card form[action$="/approve"] button');
        await device.waitForSelector('.card', { state: 'detached', timeout: 15_000 });
      } finally {
        await device.close();
      }
      return findings;
    }

    it('SIM signature: registration and login waiting pages, the simulated phone, SSO login page, dossier signing and the verification report', async () => {
      const p = world.portalUrl;
      const m = world.ministryUrl;
      const findings: AuditFinding[] = [];
      await context.clearCookies();
      // The simulated phone is open before the request: it shows the request by itself, without reloading
      // (a timed refresh would send a screen reader back to the top), and reads it out.
      const device = await context.newPage();
      await device.goto(`${world.simulatorsUrl}/phone/84${HOA.phone.slice(1)}`);
      await device.waitForSelector('main[data-watch]');
      await device.evaluate('window.notReloaded = true');
      await page.goto(withLang(`${p}/dang-ky/cong-dan/sim-ky-so`, 'vi'));
      await flowState('phone');
      await page.fill('input[name="phone"]', HOA.phone);
      await submitPrimary();
      await flowState('waiting');
      await device.waitForSelector('.card form[action$="/approve"]', { timeout: 20_000 });
      expect(await device.evaluate('window.notReloaded')).toBe(true);
      const shown = (await device.textContent('.card .display'))?.trim() ?? '';
      expect(shown).not.toBe('');
      expect(await device.textContent('#page-watch-status[role="status"]')).toBe(shown);
      await device.close();
      findings.push(...(await auditBoth('portal SIM registration waiting page')));
      findings.push(...(await approveOnPhone(HOA.phone, 'simulator phone with a pending request')));
      await flowState('confirm');
      findings.push(...(await auditBoth('portal SIM registration: certificate data and e-mail')));
      await page.fill('input[name="email"]', 'hoa.vu@example.vn');
      await page.fill('input[name="captcha"]', CAPTCHA);
      await submitPrimary();
      await flowState('complete');

      // Single sign-on from the ministry with the SIM signature (LoA2).
      await context.clearCookies();
      await page.goto(withLang(`${m}/dang-nhap/dvcqg`, 'vi'));
      await page.waitForURL(new RegExp(`^${p}/dang-nhap/`), { timeout: 20_000 });
      await page.waitForSelector('[data-sso-client]', { timeout: 20_000 });
      findings.push(...(await auditBoth('portal login serving the ministry (SSO banner)')));
      await page.goto(`${p}/dang-nhap/sim-ky-so`);
      await flowState('phone');
      await page.fill('input[name="phone"]', HOA.phone);
      await submitPrimary();
      await flowState('waiting');
      findings.push(...(await auditBoth('portal SIM login waiting page')));
      await page.goto(withLang(here(), 'vi'));
      await approveOnPhone(HOA.phone);
      await page.waitForSelector('button[name="action"][value="allow"]', { timeout: 30_000 });
      await page.click('button[name="action"][value="allow"]');
      await page.waitForURL(new RegExp(`^${m}/`), { timeout: 20_000 });

      await page.goto(withLang(`${m}/thu-tuc/dang-ky-thuong-tru`, 'vi'));
      await page.fill('#f-diaChiDangKy', 'Số 9 phố Huế, Phường Hai Bà Trưng, Hà Nội');
      await page.selectOption('#f-quanHeChuHo', 'chuHo');
      await page.fill('#f-noiDungDeNghi', 'Đăng ký thường trú, ký bằng SIM');
      if ((await page.inputValue('#f-soDienThoai')) === '') await page.fill('#f-soDienThoai', HOA.phone);
      await page.click('#to-khai-tiep-tuc');
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\/ky$/, { timeout: 20_000 });
      findings.push(...(await auditBoth('ministry signing page')));
      await page.fill('#sim-phone', HOA.phone);
      await page.click('#sim-sign');
      await page.waitForSelector('#cho-ky', { timeout: 20_000 });
      findings.push(...(await auditPage(page, 'ministry SIM waiting page', 'vi', portalTexts)));
      // One approval on the phone (the MSSP's profile gives the SIM's certificate); the waiting page moves on
      // by itself.
      await approveOnPhone(HOA.phone);
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\?ok=1$/, { timeout: 30_000 });
      findings.push(...(await auditBoth('ministry dossier with the verification report')));
      findings.push(...(await auditUrl('ministry dossier list with a dossier', `${m}/ho-so`)));
      const dossierId = (await page.getAttribute('tr[data-dossier]', 'data-dossier')) ?? '';
      expect(dossierId).toMatch(/^[0-9a-f-]{36}$/);

      // The demo officer's pages: the received dossiers and one with its status form.
      await context.clearCookies();
      await signInAsDemoOfficer(page, withLang(`${m}/dang-nhap`, 'vi'), world);
      findings.push(
        ...(await auditUrl('ministry officer: dossiers', `${m}/can-bo/ho-so?trang-thai=received`)),
      );
      findings.push(
        ...(await auditUrl('ministry officer: dossier and status form', `${m}/can-bo/ho-so/${dossierId}`)),
      );
      expectNone(findings);
    });

    it('ministry account linking after single sign-on (password, then SMS OTP)', async () => {
      const p = world.portalUrl;
      const m = world.ministryUrl;
      const findings: AuditFinding[] = [];
      // Nguyễn Văn An has a ministry account already: registered on the national portal with his SIM, he
      // arrives from it and is asked to confirm the link.
      await context.clearCookies();
      await page.goto(withLang(`${p}/dang-ky/cong-dan/sim-ky-so`, 'vi'));
      await flowState('phone');
      await page.fill('input[name="phone"]', AN.phone);
      await submitPrimary();
      await flowState('waiting');
      await approveOnPhone(AN.phone);
      await flowState('confirm');
      await page.fill('input[name="email"]', 'an.nguyen@example.vn');
      await page.fill('input[name="captcha"]', CAPTCHA);
      await submitPrimary();
      await flowState('complete');
      await context.clearCookies();
      await page.goto(withLang(`${m}/dang-nhap/dvcqg`, 'vi'));
      await page.waitForURL(new RegExp(`^${p}/dang-nhap/`), { timeout: 20_000 });
      await page.goto(`${p}/dang-nhap/sim-ky-so`);
      await flowState('phone');
      await page.fill('input[name="phone"]', AN.phone);
      await submitPrimary();
      await flowState('waiting');
      await approveOnPhone(AN.phone);
      await page.waitForSelector('button[name="action"][value="allow"]', { timeout: 30_000 });
      await page.click('button[name="action"][value="allow"]');
      await page.waitForURL(new RegExp(`^${m}/lien-ket/`), { timeout: 20_000 });
      findings.push(...(await auditBoth('ministry account linking')));
      // The refusal is the answer to the POST: audited where it is shown, once in each language.
      const linkUrl = here();
      for (const lang of ['vi', 'en'] as const) {
        await page.goto(withLang(linkUrl, lang));
        await page.fill('input[name="password"]', 'Sai#MatKhau9');
        await page.click('form[action$="/mat-khau"] button');
        await page.waitForSelector('[role="alert"]', { timeout: 20_000 });
        findings.push(
          ...(await auditPage(page, 'ministry account linking with a wrong password', lang, portalTexts)),
        );
      }
      await page.goto(withLang(linkUrl, 'vi'));
      await page.fill('input[name="password"]', DEMO_BCA_PASSWORD);
      await page.click('form[action$="/mat-khau"] button');
      await page.waitForSelector('input[name="otp"]', { timeout: 20_000 });
      findings.push(...(await auditBoth('ministry account linking OTP')));
      await page.fill('input[name="otp"]', await world.lastOtp(AN.phone));
      await page.click('form[action$="/otp"] button');
      await page.waitForURL((u) => !u.pathname.startsWith('/lien-ket/'), { timeout: 20_000 });
      findings.push(...(await auditUrl('ministry account with its link', `${m}/tai-khoan`)));
      expectNone(findings);
    });

    it('simulators: home, outboxes, remote-signing app, VNeID and PostID pages; remote-signature waiting page', async () => {
      const p = world.portalUrl;
      const s = world.simulatorsUrl;
      const findings: AuditFinding[] = [];
      for (const [label, path] of [
        ['simulators home', '/'],
        ['simulator SMS outbox', '/outbox/sms'],
        ['simulator e-mail outbox', '/outbox/email'],
        ['simulator VNeID', '/vneid'],
        ['simulator PostID', '/postid'],
      ] as const) {
        await page.goto(`${s}${path}`);
        findings.push(...(await auditPage(page, label, 'vi', bilingual)));
      }
      // An open outbox shows a new message by itself, without reloading the page.
      await page.goto(`${s}/outbox/sms?to=0708999111`);
      await page.waitForSelector('main[data-watch]');
      await page.evaluate('window.notReloaded = true');
      const sent = await fetch(`${s}/sms/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: '0708999111', text: 'Mã xác thực 424242' }),
      });
      expect(sent.status).toBe(200);
      await page.waitForSelector('main:has-text("Mã xác thực 424242")', { timeout: 20_000 });
      expect(await page.evaluate('window.notReloaded')).toBe(true);
      await context.clearCookies();
      await page.goto(withLang(`${p}/dang-ky/cong-dan/chu-ky-so-ca-nhan`, 'vi'));
      await flowState('identifier');
      await page.fill('input[name="idNumber"]', DUNG.cccd);
      await submitPrimary();
      await flowState('waiting');
      findings.push(...(await auditBoth('portal remote-signature waiting page')));
      await page.goto(`${s}/rs/app/${DUNG.cccd}`);
      await page.waitForSelector('.card form[action$="/approve"]');
      findings.push(
        ...(await auditPage(page, 'simulator remote-signing app with a pending request', 'vi', bilingual)),
      );
      // The identity providers' login pages, asked for by their registered client (the portal at its default
      // origin), and the error page a wrong redirect address gets.
      for (const provider of ['vneid', 'postid']) {
        const query = new URLSearchParams({
          client_id: 'dvcqg-portal',
          redirect_uri: `http://localhost:8080/dang-nhap/${provider}/callback`,
          response_type: 'code',
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          state: 'a11y-state',
          nonce: 'a11y-nonce',
        });
        await page.goto(`${s}/${provider}/auth?${query}`);
        await page.waitForURL(new RegExp(`^${s}/${provider}/interaction/`), { timeout: 20_000 });
        findings.push(...(await auditPage(page, `simulator ${provider} login page`, 'vi', bilingual)));
        // A wrong password: the page again, with its error.
        await page.check('input[name="cccd"] >> nth=0');
        await page.fill('input[name="password"]', 'sai-mat-khau');
        await page.click('button[value="login"]');
        await page.waitForSelector('[data-error="login"]', { timeout: 20_000 });
        findings.push(
          ...(await auditPage(page, `simulator ${provider} login page with an error`, 'vi', bilingual)),
        );
        query.set('client_id', 'khong-dang-ky');
        await page.goto(`${s}/${provider}/auth?${query}`);
        await page.waitForSelector('[role="alert"]', { timeout: 20_000 });
        findings.push(...(await auditPage(page, `simulator ${provider} error page`, 'vi', bilingual)));
      }
      expectNone(findings);
    });

    it('the audit itself: a page with known faults gives each finding (so a clean page means something)', async () => {
      await page.setContent(`<!doctype html><html lang="vi"><head><title> </title>
        <style>a:focus{outline:none}.wide{width:600px}.faint{color:#bbb;background:#fff}</style></head>
        <body><h1>Một</h1><h1>Hai</h1><p class="faint">Chữ mờ khó đọc</p>
        <input type="text" name="x"><label>OTP <input name="otp" aria-invalid="true"></label>
        <a href="#a">Trang chủ</a><div class="wide">Rộng</div></body></html>`);
      const found = await auditPage(page, 'faulty page', 'en', portalTexts);
      const rules = new Set(found.map((f) => f.rule));
      for (const rule of [
        'color-contrast',
        'label',
        'html-lang',
        'one-h1',
        'document-title',
        'control-label',
        'identity-field',
        'live-region',
        'focus-visible',
        'leftover-vi',
        'reflow-320',
      ])
        expect(rules, `${rule} missing from:\n${formatFindings(found)}`).toContain(rule);
      expect(found.find((f) => f.rule === 'leftover-vi')?.detail).toContain('"Trang chủ"');
      // Text marked as Vietnamese is allowed on an English page; a bilingual page is not checked for it.
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>T</title></head><body><h1>Home</h1><p lang="vi">Trang chủ</p></body></html>',
      );
      expect(await auditPage(page, 'marked page', 'en', portalTexts)).toEqual([]);
      expect(
        vietnameseInterfaceTexts([
          { home: { vi: 'Trang chủ', en: 'Home' } },
          { lang: { vi: 'English', en: 'Tiếng Việt' } },
          {
            cipher: { vi: 'Ban Cơ yếu Chính phủ', en: 'Government Cipher Committee (Ban Cơ yếu Chính phủ)' },
          },
          { code: { vi: 'CCCD', en: 'CCCD' } },
        ]),
      ).toEqual(['Trang chủ']);
      // Texts written in place in the page modules count too (here the ministry layout's skip link).
      expect(PAGE_VIETNAMESE_TEXTS).toContain('Bỏ qua, đến nội dung');
    });

    /** The next Kyso window (prompt.html) that opens, as a playwright page. */
    async function nextKysoWindow(seen: Set<Page>): Promise<Page> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = context.pages().find((p) => !seen.has(p) && p.url().includes('prompt.html'));
        if (found) {
          seen.add(found);
          return found;
        }
        if (Date.now() > deadline) throw new Error('no Kyso window opened');
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    it('extension windows: popup and the Kyso window (consent, certificate choice, PIN, signing) in Vietnamese and English', async () => {
      const findings: AuditFinding[] = [];
      const extension = { vietnameseTexts: EXTENSION_VIETNAMESE_TEXTS };
      const seen = new Set<Page>(context.pages());
      const popupUrl = `${driver.extensionOrigin()}/extension/src/windows/popup.html`;
      // Each language on its own origin, so that the consent question is asked in both.
      for (const [lang, origin] of [
        ['vi', pages.local],
        ['en', pages.crossOrigin],
      ] as const) {
        const popup = await context.newPage();
        await popup.goto(popupUrl);
        await popup.waitForSelector('#host-status');
        await popup.selectOption('#lang', lang);
        await popup.waitForSelector(`html[lang="${lang}"]`);
        findings.push(...(await auditPage(popup, 'extension popup', lang, extension)));
        await popup.close();

        const site = await context.newPage();
        await site.goto(`${origin}/`);
        await site.waitForSelector('h1');
        const listed = site.evaluate(`window.call('certificates')`) as Promise<{
          ok: boolean;
          value: { certificate: string }[];
        }>;
        let prompt = await nextKysoWindow(seen);
        await prompt.waitForSelector('body[data-stage="consent"]', { timeout: 20_000 });
        findings.push(...(await auditPage(prompt, 'Kyso window: consent', lang, extension)));
        await prompt.click('#allow');
        const certificate = (await listed).value[0]?.certificate ?? '';

        const login = site.evaluate(
          `window.call('authenticate', ${JSON.stringify(randomBytes(32).toString('base64'))})`,
        );
        prompt = await nextKysoWindow(seen);
        await prompt.waitForSelector('body[data-stage="choose"]', { timeout: 20_000 });
        findings.push(...(await auditPage(prompt, 'Kyso window: certificate choice', lang, extension)));
        await prompt.click('label.choice >> nth=0');
        await prompt.click('#choose');
        await prompt.waitForSelector('body[data-stage="pin"] #pin', { timeout: 20_000 });
        findings.push(...(await auditPage(prompt, 'Kyso window: PIN', lang, extension)));
        await prompt.click('#cancel');
        expect(await login).toMatchObject({ ok: false, code: 'USER_CANCELLED' });

        const digest = createHash('sha256').update('Tờ khai CT01').digest('base64');
        const signing = site.evaluate(
          `window.call('sign', ${JSON.stringify({ certificate, digest, hashAlgorithm: 'SHA-256', description: 'Tờ khai CT01' })})`,
        );
        prompt = await nextKysoWindow(seen);
        await prompt.waitForSelector('body[data-stage="pin"] #description', { timeout: 20_000 });
        findings.push(...(await auditPage(prompt, 'Kyso window: signing', lang, extension)));
        await prompt.click('#cancel');
        expect(await signing).toMatchObject({ ok: false, code: 'USER_CANCELLED' });
        await site.close();
      }
      expectNone(findings);
    });
  },
);
