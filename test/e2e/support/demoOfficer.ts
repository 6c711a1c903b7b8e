/** The ministry's seeded demo officer signing in, in a browser page, as the e2e suites need it. */
import type { Page } from 'playwright-core';
import { DEMO_BCA_PASSWORD, DEMO_OFFICER } from '../../../demo-server/src/ministry/accounts/demoAccounts.js';
import type { SsoJourneyWorld } from './ssoJourneyWorld.js';

/** Signs the demo officer in at the ministry's sign-in page `loginUrl`: the ministry password, then the SMS OTP. */
export async function signInAsDemoOfficer(
  page: Page,
  loginUrl: string,
  world: Pick<SsoJourneyWorld, 'lastOtp'>,
): Promise<void> {
  await page.goto(loginUrl);
  await page.fill('input[name="idNumber"]', DEMO_OFFICER.idNumber);
  await page.fill('input[name="password"]', DEMO_BCA_PASSWORD);
  await page.click('form[action="/dang-nhap"] button.primary');
  await page.waitForSelector('input[name="otp"]', { timeout: 20_000 });
  await page.fill('input[name="otp"]', await world.lastOtp(DEMO_OFFICER.phone));
  await page.click('form[action$="/otp"] button');
  await page.waitForLoadState();
}
