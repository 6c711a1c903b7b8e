/**
 * Browser e2e of the whole journey of issue #6 in Debian Chromium with the real extension, the real kyso-host
 * and a throwaway SoftHSM token holding two demo-PKI identities (the citizen Nguyễn Văn An and another
 * person): register on the national portal with the USB token → the national portal's service search
 * (Tra cứu dịch vụ công) → the ministry procedure → SSO (sign in on the national portal with the token, "Xác nhận chia sẻ") → confirm
 * the link to the ministry account (password + OTP) → the prefilled form → sign the declaration with the
 * token in the Kyso window → dossier received with its verification report. Negatives: the stored
 * declaration changed in the ministry database is shown as not valid; the other person's certificate is
 * refused. Then a SIM signature: one approval on the simulated phone (the MSSP's profile gave the certificate)
 * while the waiting page polls by itself;
 * the demo officer moves that dossier to "Đang xử lý" and the citizen gets the e-mail. Skips, saying so, only when /usr/bin/chromium is missing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD, DEMO_OFFICER } from '../../demo-server/src/ministry/accounts/demoAccounts.js';
import { SIM_PIN } from '../../demo-server/src/simulators/index.js';
import { type DemoPki, loadDemoPki } from '../../lib/src/demo-pki/index.js';
import type { BrowserDriver } from './support/browserDriver.js';
import { signInAsDemoOfficer } from './support/demoOfficer.js';
import { TOKEN } from './support/e2eTokens.js';
import { describeInChromium, type KysoChromium, startKysoChromium } from './support/kysoChromium.js';
import { demoTokenIdentity } from './support/portalWorld.js';
import { type SsoJourneyWorld, startSsoJourneyWorld } from './support/ssoJourneyWorld.js';

const AN = { cccd: '001090012345', fullName: 'Nguyễn Văn An', phone: '0912345678' };
const CAPTCHA = 'kiemthu';

describeInChromium(
  'SSO journey e2e',
  'national portal → ministry portal → signed dossier, in Chromium with Kyso',
  120_000,
  () => {
    let pki: DemoPki;
    let browser: KysoChromium;
    let world: SsoJourneyWorld;
    let driver: BrowserDriver;
    let context: BrowserContext;
    let page: Page;
    let other = '';

    beforeAll(async () => {
      pki = await loadDemoPki();
      other = pki.identities.employee.person?.fullName ?? '';
      world = await startSsoJourneyWorld(pki);
      browser = await startKysoChromium(
        [demoTokenIdentity(pki.identities.citizen), demoTokenIdentity(pki.identities.employee)],
        'kyso-sso-chromium',
      );
      ({ driver, context, page } = browser);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await world?.close();
    });

    /** What the citizen does in the Kyso window: allow the site if asked, pick `holder` if asked, type the PIN. */
    async function inKyso(holder: string): Promise<void> {
      const prompt = await driver.nextPrompt();
      await prompt.waitFor('body[data-stage="consent"], body[data-stage="choose"], body[data-stage="pin"]');
      let stage = await prompt.evaluate<string>('document.body.dataset.stage');
      if (stage === 'consent') {
        await prompt.click('#allow');
        await prompt.waitFor('body[data-stage="choose"], body[data-stage="pin"]');
        stage = await prompt.evaluate<string>('document.body.dataset.stage');
      }
      if (stage === 'choose') {
        await prompt.click(`label.choice:has-text("${holder}")`);
        await prompt.click('#choose');
        await prompt.waitFor('body[data-stage="pin"] #pin');
      }
      expect(await prompt.textOf('body')).toContain(holder);
      await prompt.type('#pin', TOKEN.pin);
      await prompt.click('#submit');
    }

    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail')
        await page.screenshot({ path: '/tmp/sso-fail.png', fullPage: true }).catch(() => undefined);
    });

    const flowState = (state: string) =>
      page.waitForSelector(`[data-flow-state="${state}"]`, { timeout: 20_000 });

    /** Opens the dossier's signing page, has the token sign with `holder`'s certificate. */
    async function signWithToken(holder: string, holderLabel: RegExp, consent: boolean): Promise<void> {
      await page.click('#kyso-sign');
      if (consent) {
        // The first use of Kyso by the ministry's site: the Kyso window asks to allow it.
        const prompt = await driver.nextPrompt();
        await prompt.waitFor('body[data-stage="consent"]');
        expect(await prompt.textOf('body')).toContain(world.ministryUrl);
        await prompt.click('#allow');
      }
      // Two certificates on the token: the page lists them (the account holder's preselected), press again.
      await page.waitForSelector('#kyso-certificate:not([hidden])', { timeout: 20_000 });
      const options = await page.$$eval('#kyso-certificate option', (os) =>
        os.map((o) => ({
          label: o.textContent ?? '',
          value: (o as HTMLOptionElement).value,
          selected: (o as HTMLOptionElement).selected,
        })),
      );
      expect(options).toHaveLength(2);
      expect(options.find((o) => o.selected)?.label).toContain(AN.cccd);
      const wanted = options.find((o) => holderLabel.test(o.label));
      expect(wanted).toBeDefined();
      await page.selectOption('#kyso-certificate', wanted?.value ?? '');
      await page.click('#kyso-sign');
      await inKyso(holder);
    }

    it('register with the token → find the service → SSO → link → prefilled form → sign → received with the report', async () => {
      // 1. Registration on the national portal with the USB token.
      await page.goto(`${world.portalUrl}/dang-ky/cong-dan/usb-ky-so`);
      await flowState('challenge');
      await page.click('#kyso-usb-register');
      await inKyso(AN.fullName);
      await flowState('confirm');
      await page.fill('input[name="email"]', 'an.nguyen@example.vn');
      await page.fill('input[name="captcha"]', CAPTCHA);
      await page.click('[data-flow-state] form button.primary');
      await flowState('complete');
      await context.clearCookies();

      // 2. Tra cứu dịch vụ công on the national portal: typed without accents, the ministry's procedure is found
      // and links to the ministry portal.
      await page.goto(`${world.portalUrl}/dich-vu-cong`);
      await page.fill('#q', 'dang ky thuong tru');
      await page.press('#q', 'Enter');
      const link = page.locator(`[data-service="dang-ky-thuong-tru"] a`);
      await link.waitFor({ timeout: 20_000 });
      expect(await link.getAttribute('href')).toBe(`${world.ministryUrl}/thu-tuc/dang-ky-thuong-tru`);
      await link.click();

      // 3. Anonymous on the ministry: SSO through the national portal, signing in there with the token.
      await page.waitForURL(new RegExp(`^${world.portalUrl}/`), { timeout: 20_000 });
      await page.goto(`${world.portalUrl}/dang-nhap/usb-ky-so`);
      await flowState('challenge');
      await page.click('#kyso-usb-register');
      await inKyso(AN.fullName);
      // "Xác nhận chia sẻ": the data shared with the ministry.
      await page.waitForSelector('button[name="action"][value="allow"]', { timeout: 20_000 });
      await page.click('button[name="action"][value="allow"]');

      // 4. The ministry has a local account with this CCCD: confirm the link with its password + OTP.
      await page.waitForURL(new RegExp(`^${world.ministryUrl}/lien-ket/`), { timeout: 20_000 });
      await page.fill('input[name="password"]', DEMO_BCA_PASSWORD);
      await page.click('form[action$="/mat-khau"] button');
      await page.waitForSelector('input[name="otp"]', { timeout: 20_000 });
      await page.fill('input[name="otp"]', await world.lastOtp(AN.phone));
      await page.click('form[action$="/otp"] button');

      // 5. Back on the procedure: the form prefilled from the national portal's claims.
      await page.waitForURL(`${world.ministryUrl}/thu-tuc/dang-ky-thuong-tru`, { timeout: 20_000 });
      expect(await page.inputValue('#f-hoVaTen')).toBe(AN.fullName);
      expect(await page.inputValue('#f-soDinhDanh')).toBe(AN.cccd);
      await page.fill('#f-diaChiDangKy', 'Số 5 ngõ 68 đường Cầu Giấy, Phường Cầu Giấy, Hà Nội');
      await page.selectOption('#f-quanHeChuHo', 'chuHo');
      await page.fill('#f-noiDungDeNghi', 'Đăng ký thường trú tại chỗ ở hợp pháp mới');
      if ((await page.inputValue('#f-soDienThoai')) === '') await page.fill('#f-soDienThoai', AN.phone);
      await page.click('#to-khai-tiep-tuc');

      // 6. Sign the declaration with the token: received, the verification report valid.
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\/ky$/, { timeout: 20_000 });
      await signWithToken(AN.fullName, new RegExp(AN.cccd), true);
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\?ok=1$/, { timeout: 30_000 });
      expect(await page.getAttribute('#ho-so', 'data-status')).toBe('received');
      expect(await page.getAttribute('#bao-cao-xac-thuc', 'data-valid')).toBe('true');
      const report = (await page.textContent('#bao-cao-xac-thuc')) ?? '';
      expect(report).toContain('Chữ ký số hợp lệ.');
      expect(report).toContain(AN.fullName);
      expect(report).toContain('DEMO VNPT-CA SHA-256');
      expect(await page.getAttribute('[data-check="integrity"]', 'data-ok')).toBe('true');

      // 7. Tampering in the ministry database is seen on the next view.
      const id = /\/ho-so\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
      const row = await world.ministry.ctx.db
        .selectFrom('dossiers' as never)
        .select(['declaration' as never])
        .where('id' as never, '=', id as never)
        .executeTakeFirstOrThrow();
      const declaration = (row as unknown as { declaration: string }).declaration;
      await world.ministry.ctx.db
        .updateTable('dossiers' as never)
        .set({ declaration: declaration.replace('Cầu Giấy', 'Tây Hồ') } as never)
        .where('id' as never, '=', id as never)
        .execute();
      await page.goto(`${world.ministryUrl}/ho-so/${id}`);
      expect(await page.getAttribute('#bao-cao-xac-thuc', 'data-valid')).toBe('false');
      expect(await page.getAttribute('[data-check="integrity"]', 'data-ok')).toBe('false');
      expect((await page.textContent('#bao-cao-xac-thuc')) ?? '').toContain('Chữ ký số KHÔNG hợp lệ.');
    });

    it("another person's certificate on the token is refused and the dossier is not received", async () => {
      await page.goto(`${world.ministryUrl}/thu-tuc/cap-ho-chieu-pho-thong`);
      await page.fill('#f-noiSinh', 'Hà Nội');
      if ((await page.inputValue('#f-thuongTru')) === '')
        await page.fill('#f-thuongTru', 'Phường Ba Đình, Hà Nội');
      if ((await page.inputValue('#f-ngaySinh')) === '') await page.fill('#f-ngaySinh', '15/03/1990');
      if ((await page.inputValue('#f-soDienThoai')) === '') await page.fill('#f-soDienThoai', AN.phone);
      await page.selectOption('#f-gioiTinh', '1');
      await page.selectOption('#f-loaiDeNghi', 'capLanDau');
      await page.selectOption('#f-hinhThucNhan', 'trucTiep');
      await page.click('#to-khai-tiep-tuc');
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\/ky$/, { timeout: 20_000 });
      const url = page.url();
      await signWithToken(other, new RegExp(other), false);
      const refusal = await page.waitForSelector('[data-code="DOSSIER_SIGNER_MISMATCH"]', {
        timeout: 30_000,
      });
      expect((await refusal.textContent()) ?? '').toContain('không phải của chủ tài khoản');
      expect(await page.$('[data-code="SIGNATURE_REFUSED"]')).not.toBeNull();
      await page.goto(`${world.ministryUrl}/ho-so`);
      const id = /\/ho-so\/([0-9a-f-]{36})\/ky$/.exec(url)?.[1] ?? '';
      expect(await page.getAttribute(`tr[data-dossier="${id}"] [data-status]`, 'data-status')).toBe('draft');
    });

    it('SIM signature: one approval on the simulated phone, the waiting page moves on by itself', async () => {
      await page.goto(`${world.ministryUrl}/thu-tuc/dang-ky-thuong-tru`);
      await page.fill('#f-diaChiDangKy', 'Số 9 phố Huế, Phường Hai Bà Trưng, Hà Nội');
      await page.selectOption('#f-quanHeChuHo', 'chuHo');
      await page.fill('#f-noiDungDeNghi', 'Đăng ký thường trú, ký bằng SIM');
      if ((await page.inputValue('#f-soDienThoai')) === '') await page.fill('#f-soDienThoai', AN.phone);
      await page.click('#to-khai-tiep-tuc');
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\/ky$/, { timeout: 20_000 });
      await page.fill('#sim-phone', AN.phone);
      await page.click('#sim-sign');
      const phoneUrl = `${world.simulatorsUrl}/phone/84${AN.phone.slice(1)}`;
      const phone = await context.newPage();
      await page.waitForSelector('#cho-ky[data-step="signature"]', { timeout: 20_000 });
      const code = ((await page.textContent('#ma-kiem-tra')) ?? '').trim();
      expect(code).toMatch(/^\d{4}$/);
      expect(await page.getAttribute('#mo-thiet-bi', 'href')).toBe(phoneUrl);
      await phone.goto(phoneUrl);
      // The phone shows the ministry's text with the code the waiting page shows: the only request.
      expect(await phone.textContent('.card .display')).toContain(code);
      expect(await phone.locator('.card form[action$="/approve"]').count()).toBe(1);
      await phone.fill('.card input[name="pin"]', SIM_PIN);
      await phone.click('.card form[action$="/approve"] button');
      await phone.waitForSelector('.card', { state: 'detached', timeout: 15_000 });
      await phone.close();
      // No click: the waiting page reloads itself until the dossier is received.
      await page.waitForURL(/\/ho-so\/[0-9a-f-]{36}\?ok=1$/, { timeout: 30_000 });
      expect(await page.getAttribute('#bao-cao-xac-thuc', 'data-valid')).toBe('true');
      expect((await page.textContent('#qua-trinh-xu-ly')) ?? '').toContain('SIM ký số');
    });

    it('the demo officer moves the SIM-signed dossier to processing; the trail names the officer, the citizen gets an e-mail', async () => {
      const citizenPage = page.url();
      const dossierId = /\/ho-so\/([0-9a-f-]{36})/.exec(citizenPage)?.[1] ?? '';
      expect(dossierId).not.toBe('');
      await context.clearCookies();
      // The seeded demo officer signs in with the ministry password and an SMS OTP.
      await signInAsDemoOfficer(page, `${world.ministryUrl}/dang-nhap`, world);
      await page.goto(`${world.ministryUrl}/can-bo/ho-so?trang-thai=received`);
      await page.click(`tr[data-dossier="${dossierId}"] a`);
      expect(await page.getAttribute('#bao-cao-xac-thuc', 'data-valid')).toBe('true');
      await page.selectOption('#status', 'processing');
      await page.fill('#note', 'Đã kiểm tra giấy tờ, đang xác minh nơi ở mới');
      await page.click('#cap-nhat-trang-thai');
      await page.waitForSelector('[data-code="STATUS_CHANGED"]', { timeout: 20_000 });
      expect(await page.getAttribute('#ho-so', 'data-status')).toBe('processing');
      expect((await page.textContent('#qua-trinh-xu-ly')) ?? '').toContain(DEMO_OFFICER.fullName);
      // The citizen is told by e-mail (the simulators' outbox).
      const mail = (await (await fetch(`${world.simulatorsUrl}/dev/outbox/email`)).json()) as {
        messages: { subject: string; text: string }[];
      };
      expect(
        mail.messages.some(
          (m) => m.subject.includes('Đang xử lý') && m.text.includes('đang xác minh nơi ở mới'),
        ),
      ).toBe(true);
    });
  },
);
