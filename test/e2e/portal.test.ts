/**
 * Browser e2e of the national portal (issue #5) in Debian Chromium with the real extension, the real
 * kyso-host and a throwaway SoftHSM token holding demo-PKI identities: registration by mobile
 * subscriber (OTP from the SMS outbox) then password + OTP login; USB-token registration (consent,
 * certificate, PIN in the Kyso window) then USB-token login; SIM-signature registration approved on the
 * simulated phone; remote-signature registration approved in the simulated app; a revoked certificate
 * refused with its message. Skips, saying so, only when /usr/bin/chromium is missing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RS_APP_PIN, SIM_PIN } from '../../demo-server/src/simulators/index.js';
import { AUTH_TOKEN_MESSAGES } from '../../lib/src/auth/authTokenErrors.js';
import { type DemoPki, loadDemoPki } from '../../lib/src/demo-pki/index.js';
import type { BrowserDriver } from './support/browserDriver.js';
import { TOKEN } from './support/e2eTokens.js';
import { describeInChromium, type KysoChromium, startKysoChromium } from './support/kysoChromium.js';
import { demoTokenIdentity, type PortalWorld, startPortalWorld } from './support/portalWorld.js';

const CAPTCHA = 'kiemthu';
const PASSWORD = 'Sông#Hồng7x';
/** Demo citizens of the simulators, one per method so the accounts never collide. */
const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};
const AN_CCCD = '001090012345';
const HOA = { cccd: '031188003456', fullName: 'Vũ Thị Hoa', phone: '0977123456' };
const DUNG = { cccd: '048192004567', fullName: 'Phạm Thị Dung' };

describeInChromium(
  'portal e2e',
  'national portal in Chromium with Kyso (extension, kyso-host, SoftHSM token)',
  60_000,
  () => {
    let pki: DemoPki;
    let browser: KysoChromium;
    let portal: PortalWorld;
    let driver: BrowserDriver;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      pki = await loadDemoPki();
      portal = await startPortalWorld(pki);
      browser = await startKysoChromium(
        [demoTokenIdentity(pki.identities.citizen), demoTokenIdentity(pki.identities.revoked)],
        'kyso-portal-chromium',
      );
      ({ driver, context, page } = browser);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await portal?.close();
    });

    // Each scenario is a new visitor: no portal session left from the one before.
    afterEach(async () => {
      await context.clearCookies();
    });

    const url = (path: string) => `${portal.portalUrl}${path}`;
    const flowState = (state: string) =>
      page.waitForSelector(`[data-flow-state="${state}"]`, { timeout: 15_000 });
    const field = async (name: string) => (await page.textContent(`[data-field="${name}"]`))?.trim();
    const submitPrimary = () => page.click('[data-flow-state] form button.primary');

    /**
     * What a citizen does in the Kyso window: allow the site if asked, pick the certificate, type the PIN.
     * `consent`: whether the window must (true) or must not (false) ask for consent first; undefined: either.
     */
    async function signInKyso(holder: string, consent?: boolean): Promise<void> {
      const prompt = await driver.nextPrompt();
      await prompt.waitFor('body[data-stage="consent"], body[data-stage="choose"]');
      const asked = (await prompt.evaluate<string>('document.body.dataset.stage')) === 'consent';
      if (consent !== undefined) expect(asked).toBe(consent);
      if (asked) {
        expect(await prompt.textOf('body')).toContain(portal.portalUrl);
        await prompt.click('#allow');
      }
      await prompt.waitFor('body[data-stage="choose"]');
      expect(await prompt.textOf('body')).toContain(portal.portalUrl);
      // Both certificates of the token are offered; the citizen picks one by its holder.
      expect(await prompt.evaluate<number>(`document.querySelectorAll('label.choice').length`)).toBe(2);
      await prompt.click(`label.choice:has-text("${holder}")`);
      await prompt.click('#choose');
      await prompt.waitFor('body[data-stage="pin"] #pin');
      await prompt.type('#pin', TOKEN.pin);
      await prompt.click('#submit');
    }

    async function confirmWithEmail(email: string): Promise<void> {
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="captcha"]', CAPTCHA);
      await submitPrimary();
      await flowState('complete');
    }

    it('mobile subscriber: form → SMS OTP → password → account; then password + OTP login shows the account', async () => {
      await page.goto(url('/dang-ky/cong-dan/thue-bao-di-dong'));
      await flowState('collect');
      expect(page.url()).toMatch(/\/dang-ky\/luong\/[^/]+$/);
      for (const [name, value] of Object.entries(THU)) await page.fill(`input[name="${name}"]`, value);
      await page.fill('input[name="captcha"]', CAPTCHA);
      await submitPrimary();
      await flowState('otp');
      await page.fill('input[name="otp"]', await portal.lastOtp(THU.phone));
      await page.click('button[value="verify"]');
      await flowState('password');
      await page.fill('input[name="password"]', PASSWORD);
      await page.fill('input[name="passwordConfirm"]', PASSWORD);
      await submitPrimary();
      await flowState('complete');
      expect(await page.textContent('[data-flow-state="complete"] b')).toBe(THU.idNumber);

      await page.click('a[href="/dang-nhap"]');
      await flowState('credentials');
      await page.fill('input[name="username"]', THU.idNumber);
      await page.fill('input[name="password"]', 'Sai#MatKhau9');
      await page.fill('input[name="captcha"]', CAPTCHA);
      await page.click('#BtnLoginAccount');
      await page.waitForSelector('[data-flow-state="credentials"] [data-code="LOGIN_FAILED"]');
      await page.fill('input[name="password"]', PASSWORD);
      await page.fill('input[name="captcha"]', CAPTCHA);
      await page.click('#BtnLoginAccount');
      await flowState('otp');
      await page.fill('input[name="otp"]', await portal.lastOtp(THU.phone));
      await page.click('#authenticate');
      await page.waitForURL(/\/tai-khoan$/);
      expect(await field('username')).toBe(THU.idNumber);
      expect(await field('fullName')).toBe(THU.fullName);
      expect(await field('verificationLevel')).toBe('2');
    });

    it('USB token: consent, certificate and PIN in the Kyso window → data read from the certificate → account; then USB-token login', async () => {
      const holder = pki.identities.citizen.person?.fullName ?? '';
      expect(holder).toBe('Nguyễn Văn An');
      await page.goto(url('/dang-ky/cong-dan/usb-ky-so'));
      await flowState('challenge');
      await page.click('#kyso-usb-register');
      await signInKyso(holder, true);
      await flowState('confirm');
      expect(await page.getAttribute('[data-code="USB_CERTIFICATE_READ"]', 'data-code')).toBe(
        'USB_CERTIFICATE_READ',
      );
      expect(await field('certificateHolder')).toBe(holder);
      expect(await field('certificateIdentifier')).toBe(`CCCD: ${AN_CCCD}`);
      const issuer = (await field('certificateIssuer')) ?? '';
      expect(issuer).not.toBe('');
      await confirmWithEmail('an.nguyen@example.vn');
      expect(await page.textContent('[data-flow-state="complete"] b')).toBe(AN_CCCD);

      await context.clearCookies();
      await page.goto(url('/dang-nhap/usb-ky-so'));
      await flowState('challenge');
      await page.click('#kyso-usb-register');
      // The site is allowed now: straight to the certificate choice.
      await signInKyso(holder, false);
      await page.waitForURL(/\/tai-khoan$/);
      expect(await field('username')).toBe(AN_CCCD);
      expect(await field('verificationLevel')).toBe('3');
      // The certificate bound at registration is listed on the account page.
      expect(await page.textContent('main')).toContain(issuer);
    });

    it('revoked certificate: the portal refuses it with its own message and the flow stays at the challenge', async () => {
      const revoked = pki.identities.revoked;
      const holder = revoked.person?.fullName ?? '';
      expect(holder).not.toBe('');
      await page.goto(url('/dang-ky/cong-dan/usb-ky-so'));
      await flowState('challenge');
      await page.click('#kyso-usb-register');
      await signInKyso(holder);
      const refusal = await page.waitForSelector(
        '[data-flow-state="challenge"] [data-code="CERTIFICATE_REVOKED"]',
        {
          timeout: 15_000,
        },
      );
      expect((await refusal.textContent())?.trim()).toBe(AUTH_TOKEN_MESSAGES.CERTIFICATE_REVOKED.vi);
      expect(await page.$('[data-flow-state="confirm"]')).toBeNull();
    });

    it('SIM signature: phone number → approve with the SIM PIN on the simulated phone → certificate data → account', async () => {
      await page.goto(url('/dang-ky/cong-dan/sim-ky-so'));
      await flowState('phone');
      await page.fill('input[name="phone"]', HOA.phone);
      await submitPrimary();
      await flowState('waiting');
      const code = (await field('simVerificationCode')) ?? '';
      expect(code).toMatch(/^\d{4}$/);
      const [phone] = await Promise.all([context.waitForEvent('page'), page.click('a[href*="/phone/"]')]);
      await phone.waitForLoadState();
      expect(phone.url()).toBe(`${portal.simulatorsUrl}/phone/84${HOA.phone.slice(1)}`);
      // The phone shows the text the portal asked for, with the code the portal page shows.
      expect(await phone.textContent('.card .display')).toContain(code);
      await phone.fill('.card input[name="pin"]', SIM_PIN);
      await phone.click('.card form[action$="/approve"] button');
      await phone.waitForSelector('.card', { state: 'detached', timeout: 15_000 });
      await phone.close();
      // The waiting page polls the flow by itself (/static/kyso-poll.js) and moves on to the certificate data.
      await flowState('confirm');
      expect(await field('certificateHolder')).toBe(HOA.fullName);
      expect(await field('certificateIdentifier')).toBe(`CCCD: ${HOA.cccd}`);
      await confirmWithEmail('hoa.vu@example.vn');
      expect(await page.textContent('[data-flow-state="complete"] b')).toBe(HOA.cccd);
    });

    it('remote signature: CCCD → approve with the app PIN in the simulated app → certificate data → account', async () => {
      await page.goto(url('/dang-ky/cong-dan/chu-ky-so-ca-nhan'));
      await flowState('identifier');
      await page.fill('input[name="idNumber"]', DUNG.cccd);
      await submitPrimary();
      await flowState('waiting');
      const code = (await field('simVerificationCode')) ?? '';
      expect(code).toMatch(/^\d{4}$/);
      const [app] = await Promise.all([context.waitForEvent('page'), page.click('a[href*="/rs/app/"]')]);
      await app.waitForLoadState();
      expect(app.url()).toBe(`${portal.simulatorsUrl}/rs/app/${DUNG.cccd}`);
      expect(await app.textContent('.card .display')).toContain(code);
      await app.fill('.card input[name="pin"]', RS_APP_PIN);
      await app.click('.card form[action$="/approve"] button');
      await app.waitForSelector('.card', { state: 'detached', timeout: 15_000 });
      await app.close();
      // The waiting page polls the flow by itself (/static/kyso-poll.js) and moves on to the certificate data.
      await flowState('confirm');
      expect(await field('certificateHolder')).toBe(DUNG.fullName);
      expect(await field('certificateIdentifier')).toBe(`CCCD: ${DUNG.cccd}`);
      await confirmWithEmail('dung.pham@example.vn');
      expect(await page.textContent('[data-flow-state="complete"] b')).toBe(DUNG.cccd);
    });
  },
);
