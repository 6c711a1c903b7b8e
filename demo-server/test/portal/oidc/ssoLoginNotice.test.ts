/**
 * The portal's login pages while they serve an authorization: they say which service asks (registered
 * name and address, Vietnamese first, English on the switch) and offer a cancel that returns
 * `access_denied` to the client; outside an authorization they say nothing of the kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { lastOtp, type Simulators } from '../portalTestKit.js';
import {
  PASSWORD,
  type RpEndpoint,
  SECOND_CLIENT,
  SsoBrowser,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  startSsoWorld,
  toLoginPage,
} from './ssoTestKit.js';

const LAN = { idNumber: '001199004455', fullName: 'Trần Văn Lân', phone: '0903111222' };

const second = SECOND_CLIENT;
let world: SsoWorld;
let simulators: Simulators;
let rp: RpEndpoint;
let portal: SsoPortal;
let ministry: OidcClientMetadata;

beforeAll(async () => {
  world = await startSsoWorld({ otherClients: () => [second] });
  ({ simulators, rp, portal, ministry } = world);
  await seedAccount(portal.db, { subject: 'congDan', ...LAN }, DEVELOPMENT_PEPPER);
});

afterAll(async () => {
  await world?.close();
});

/** The page's text (tags dropped, spaces folded), as read aloud. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.:])/g, '$1');

describe('login pages during single sign-on', () => {
  it('names the client and its address, in Vietnamese then English, on every step of the sign-in', async () => {
    const { b, login } = await toLoginPage(portal, ministry);
    expect(login.url).toContain('/dang-nhap/luong/');
    expect(textOf(login.html)).toContain('Đăng nhập để tiếp tục vào Cổng dịch vụ công Bộ Công an');
    expect(login.html).toContain(`<code data-field="client-origin">${rp.origin}</code>`);
    expect(textOf(login.html)).toContain('Hủy, quay lại Cổng dịch vụ công Bộ Công an');
    const english = await b.go(`${login.url}?lang=en`);
    expect(textOf(english.html)).toContain('Sign in to continue to Cổng dịch vụ công Bộ Công an');
    expect(textOf(english.html)).toContain('Cancel and go back to Cổng dịch vụ công Bộ Công an');
    await b.go(`${login.url}?lang=vi`);
    // The OTP step says it too; after the sign-in the authorization goes on to consent.
    const action = new URL(login.url).pathname;
    const otp = await b.submit(login, action, {
      username: LAN.idNumber,
      password: PASSWORD,
      captcha: 'kiemthu',
    });
    expect(otp.html).toContain('data-flow-state="otp"');
    expect(textOf(otp.html)).toContain('Đăng nhập để tiếp tục vào Cổng dịch vụ công Bộ Công an');
    const consent = await b.submit(otp, action, { otp: await lastOtp(simulators, LAN.phone) });
    expect(consent.html).toContain('data-page="sso-consent"');
  });

  it("shows the other client's own name and origin", async () => {
    const { login } = await toLoginPage(portal, second);
    expect(textOf(login.html)).toContain('Đăng nhập để tiếp tục vào Sở Tư pháp Hà Nội');
    expect(login.html).toContain('<code data-field="client-origin">http://127.0.0.1:9</code>');
    expect(login.html).not.toContain('Bộ Công an');
  });

  it('cancel returns access_denied with the state to the client, and the notice is gone afterwards', async () => {
    const { b, start, login } = await toLoginPage(portal, ministry);
    const uid = /data-sso-client="([^"]+)"/.exec(login.html)?.[1];
    expect(uid).toBeTruthy();
    const back = await b.submit(login, `/oauth2/interaction/${uid}`, { action: 'cancel' });
    expect(back.left).toBe(true);
    const query = new URL(back.url).searchParams;
    expect(back.url.startsWith(ministry.redirect_uris[0] ?? '-')).toBe(true);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe(start.state);
    const plain = await b.go(`${portal.issuer}/dang-nhap`);
    expect(plain.url).toContain('/dang-nhap/luong/');
    expect(plain.html).not.toContain('data-sso-client');
  });

  it('the cancel keeps the CSRF check: a forged post neither cancels nor redirects', async () => {
    const { b, login } = await toLoginPage(portal, ministry);
    const uid = /data-sso-client="([^"]+)"/.exec(login.html)?.[1];
    const forged = await b.go(`${portal.issuer}/oauth2/interaction/${uid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel&_csrf=sai',
    });
    expect(forged.status).toBe(403);
    expect(forged.left).toBe(false);
    const again = await b.go(login.url);
    expect(again.html).toContain(`data-sso-client="${uid}"`);
  });

  it('a login page outside any authorization, or with a forged return cookie, names no service', async () => {
    const b = new SsoBrowser(portal.issuer);
    const plain = await b.go(`${portal.issuer}/dang-nhap`);
    expect(plain.html).not.toContain('data-sso-client');
    b.cookies.set('kyso_sso_tiep', encodeURIComponent('/oauth2/interaction/khong-ton-tai'));
    const forged = await b.go(plain.url);
    expect(forged.status).toBe(200);
    expect(forged.html).not.toContain('data-sso-client');
  });
});
