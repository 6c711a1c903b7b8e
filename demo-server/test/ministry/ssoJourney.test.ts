/**
 * The citizen's journey from the real national portal (OpenID provider) to the ministry portal over HTTP
 * on SQLite: a procedure link sends an anonymous visitor through SSO (PKCE, state, nonce) and back to it;
 * the first arrival with a local account of the same CCCD asks to confirm the link by re-authentication
 * (refused without it and with a wrong password; password + SMS OTP; USB token with a demo-PKI login token);
 * the link is then reused; unlink and relink need re-authentication; a national identity whose CCCD no
 * longer matches cannot take the account; a new person gets a new account to complete; back-channel logout
 * ends the ministry session and a replayed, forged or nonce-bearing logout token is refused; signing out
 * sends the citizen to the national portal's end-session endpoint.
 */
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BCA_PASSWORD } from '../../src/ministry/accounts/demoAccounts.js';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../src/ministry/sso/backchannelLogout.js';
import { demoPkiTrust } from '../portal/demoPkiTrust.js';
import { passwordLogin, SsoBrowser } from '../portal/oidc/ssoTestKit.js';
import { lastOtp, type Simulators, startTestSimulators } from '../portal/portalTestKit.js';
import { codesOf } from './ministryTestKit.js';
import { AN } from './nationalCitizens.js';
import {
  backchannelLogouts,
  emailsTo,
  eventually,
  follow,
  pathOf,
  type SsoJourney,
  seedNationalAccount,
  startSsoJourney,
  submitAcross,
  throughNationalPortal,
} from './ssoJourneyKit.js';
import { demoLoginToken, nonceOf } from './usbTokenKit.js';

const CUONG = {
  subject: 'congDan' as const,
  idNumber: '079085001234',
  fullName: 'Lê Hoàng Cường',
  phone: '0903123456',
};
const PROCEDURE = '/thu-tuc/dang-ky-thuong-tru';

let simulators: Simulators;
let pki: DemoPki;
let j: SsoJourney;
let anNationalId: string;

beforeAll(async () => {
  simulators = await startTestSimulators();
  pki = await loadDemoPki();
  j = await startSsoJourney(simulators, { trust: demoPkiTrust(pki, simulators.url) });
  anNationalId = await seedNationalAccount(j, AN);
  await seedNationalAccount(j, CUONG);
});

afterAll(async () => {
  await j?.close();
  await simulators?.close();
});

const anAccountId = async () =>
  (
    await j.ministryDb
      .selectFrom('accounts')
      .select('id')
      .where('idNumber', '=', AN.idNumber)
      .executeTakeFirstOrThrow()
  ).id;
const linksOfAn = async () =>
  j.ministryDb
    .selectFrom('federatedIdentities')
    .selectAll()
    .where('accountId', '=', await anAccountId())
    .execute();

const emails = (to: string) => emailsTo(simulators, to);

describe('SSO journey: national portal → ministry portal (SQLite)', () => {
  let b: SsoBrowser;

  it('sends an anonymous visitor of a procedure through SSO, then asks to confirm the link', async () => {
    b = new SsoBrowser(j.portal.issuer);
    const first = await b.request(`${j.ministryOrigin}${PROCEDURE}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/dang-nhap/dvcqg?returnTo=${encodeURIComponent(PROCEDURE)}`);
    const start = await b.request(`${j.ministryOrigin}${first.headers.get('location')}`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${j.portal.issuer}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('client_id')).toBe('bocongan-dvc');
    expect(authorize.searchParams.get('scope')).toBe('openid');
    expect(authorize.searchParams.has('acr_values')).toBe(false);
    const loa2 = await new SsoBrowser(j.portal.issuer).request(
      `${j.ministryOrigin}/dang-nhap/dvcqg?acr=LoA2`,
    );
    expect(new URL(loa2.headers.get('location') ?? '').searchParams.get('acr_values')).toBe('LoA2');
    // The request's secrets stay server-side: the verifier never leaves the ministry.
    const stored = await j.ministryDb.selectFrom('ssoRequests').selectAll().execute();
    expect(stored.map((r) => r.state)).toContain(authorize.searchParams.get('state'));
    expect(authorize.href).not.toContain(stored[0]?.codeVerifier ?? '-');
    const confirm = await throughNationalPortal(simulators, b, authorize.href, AN);
    expect(pathOf(confirm)).toMatch(/^\/lien-ket\/[0-9a-f-]{36}$/);
    expect(codesOf(confirm.html)).toContain('LINK_CONFIRM');
    expect(confirm.html).toContain(`${AN.fullName} — ${AN.idNumber}`);
    expect(await linksOfAn()).toEqual([]);
    // Not signed in at the ministry until the link is confirmed.
    const account = await b.go(`${j.ministryOrigin}/tai-khoan`);
    expect(account.left || pathOf(account) === '/dang-nhap').toBe(true);
  });

  it('refuses the link with a wrong password, then links after password + SMS OTP and opens the procedure', async () => {
    const confirm = await follow(
      b,
      `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=${encodeURIComponent(PROCEDURE)}`,
    );
    expect(pathOf(confirm)).toMatch(/^\/lien-ket\//);
    const wrong = await submitAcross(b, confirm, `${pathOf(confirm)}/mat-khau`, {
      password: 'không-phải-mật-khẩu',
    });
    expect(wrong.status).toBe(400);
    expect(codesOf(wrong.html)).toContain('PASSWORD_WRONG');
    expect(await linksOfAn()).toEqual([]);
    const otpPage = await submitAcross(b, wrong, `${pathOf(confirm)}/mat-khau`, {
      password: DEMO_BCA_PASSWORD,
    });
    expect(otpPage.html).toContain('data-step="otp"');
    const done = await submitAcross(b, otpPage, `${pathOf(confirm)}/otp`, {
      otp: await lastOtp(simulators, AN.phone),
    });
    expect(done.status).toBe(200);
    expect(pathOf(done)).toBe(PROCEDURE);
    const links = await linksOfAn();
    expect(links.map((l) => [l.issuer, l.subject, l.idNumber])).toEqual([
      [j.portal.issuer, anNationalId, AN.idNumber],
    ]);
    const audit = await j.ministryDb
      .selectFrom('auditLog')
      .select(['event', 'detail'])
      .where('accountId', '=', await anAccountId())
      .execute();
    expect(audit.map((a) => a.event)).toEqual(expect.arrayContaining(['link.created', 'login.dvcqg']));
    expect(audit.find((a) => a.event === 'link.created')?.detail).toContain('password+otp');
    expect((await emails(AN.email)).some((m) => m.subject.includes('Đã liên kết'))).toBe(true);
    const claims = await j.ministryDb
      .selectFrom('accounts')
      .select('nationalClaims')
      .where('idNumber', '=', AN.idNumber)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(claims.nationalClaims ?? '{}')).toMatchObject({
      SoDinhDanh: AN.idNumber,
      LoaiTaiKhoan: '1',
    });
  });

  it('reuses the link: a new browser signs in directly', async () => {
    const other = new SsoBrowser(j.portal.issuer);
    const page = await throughNationalPortal(
      simulators,
      other,
      `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=%2Ftai-khoan`,
      AN,
    );
    expect(pathOf(page)).toBe('/tai-khoan');
    expect(page.html).toContain(AN.idNumber);
    expect(page.html).toContain(j.portal.issuer);
    expect(page.html).toContain('href="/ho-so"');
    const home = await other.go(`${j.ministryOrigin}/`);
    expect(home.html).toContain('href="/thu-tuc/cap-ho-chieu-pho-thong"');
    expect(home.html).toContain('href="/thu-tuc/dang-ky-thuong-tru"');
  });

  it('refuses a sign-in below the level it asked for (acr_values edited in the browser from LoA2 to LoA1)', async () => {
    const c = new SsoBrowser(j.portal.issuer);
    const start = await c.request(`${j.ministryOrigin}/dang-nhap/dvcqg?acr=LoA2&returnTo=%2Ftai-khoan`);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.searchParams.get('acr_values')).toBe('LoA2');
    authorize.searchParams.set('acr_values', 'LoA1');
    const back = await throughNationalPortal(simulators, c, authorize.href, AN);
    expect(back.status).toBe(403);
    expect(codesOf(back.html)).toContain('SSO_LEVEL_TOO_LOW');
    const account = await c.go(`${j.ministryOrigin}/tai-khoan`);
    expect(account.left).toBe(true);
    expect(account.url).toContain('/dang-nhap');
  });

  it('ends the ministry session on back-channel logout and refuses a replayed, forged or nonce-bearing token', async () => {
    const session = new SsoBrowser(j.portal.issuer);
    const signedIn = await throughNationalPortal(
      simulators,
      session,
      `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=%2Ftai-khoan`,
      AN,
    );
    expect(pathOf(signedIn)).toBe('/tai-khoan');
    const before = j.logoutTokens.length;
    const ended = await backchannelLogouts(j);
    const portalHome = await session.go(`${j.portal.issuer}/tai-khoan`);
    const out = await session.submit(portalHome, `${j.portal.issuer}/dang-xuat`, {});
    expect(out.status).toBe(200);
    expect(await eventually(async () => (await backchannelLogouts(j)) > ended)).toBe(true);
    expect(j.logoutTokens.length).toBeGreaterThan(before);
    const after = await session.go(`${j.ministryOrigin}/tai-khoan`);
    expect(after.left || pathOf(after) !== '/tai-khoan').toBe(true);
    const url = `${j.ministryOrigin}/dang-nhap/dvcqg/backchannel-logout`;
    const post = (token: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
      });
    const replay = await post(j.logoutTokens.at(-1) ?? '');
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error_description: string }).error_description).toBe('REPLAYED');
    const forger = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      jti: 'forged-1',
      sid: 'any',
      nonce: 'n',
    })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'logout+jwt',
        kid: (await exportJWK(forger.publicKey)).kid ?? 'k',
      })
      .setIssuer(j.portal.issuer)
      .setAudience('bocongan-dvc')
      .setIssuedAt()
      .sign(forger.privateKey);
    const refused = await post(forged);
    expect(refused.status).toBe(400);
    expect(['SIGNATURE', 'NONCE_PRESENT']).toContain(
      ((await refused.json()) as { error_description: string }).error_description,
    );
    expect((await post('')).status).toBe(400);
  });

  it('unlinks only after re-authentication with the USB token, then relinks with re-authentication', async () => {
    const page = await follow(b, `${j.ministryOrigin}/tai-khoan`);
    expect(pathOf(page)).toBe('/tai-khoan');
    const confirm = await submitAcross(b, page, '/tai-khoan/huy-lien-ket', { issuer: j.portal.issuer });
    expect(pathOf(confirm)).toMatch(/^\/lien-ket\//);
    expect(codesOf(confirm.html)).toContain('UNLINK_CONFIRM');
    expect(await linksOfAn()).toHaveLength(1);
    const wrongPerson = await submitAcross(b, confirm, `${pathOf(confirm)}/usb`, {
      authToken: await demoLoginToken(pki, 'business', nonceOf(confirm.html), j.ministryOrigin),
    });
    expect(codesOf(wrongPerson.html)).toContain('USB_WRONG_PERSON');
    expect(await linksOfAn()).toHaveLength(1);
    const unlinked = await submitAcross(b, wrongPerson, `${pathOf(confirm)}/usb`, {
      authToken: await demoLoginToken(pki, 'citizen', nonceOf(wrongPerson.html), j.ministryOrigin),
    });
    expect(codesOf(unlinked.html)).toContain('UNLINKED');
    expect(await linksOfAn()).toEqual([]);
    expect((await emails(AN.email)).some((m) => m.subject.includes('Đã hủy liên kết'))).toBe(true);

    const relink = await throughNationalPortal(
      simulators,
      b,
      `${j.ministryOrigin}/dang-nhap/dvcqg?returnTo=%2Ftai-khoan`,
      AN,
    );
    expect(pathOf(relink)).toMatch(/^\/lien-ket\//);
    expect(codesOf(relink.html)).toContain('LINK_CONFIRM');
    const done = await submitAcross(b, relink, `${pathOf(relink)}/usb`, {
      authToken: await demoLoginToken(pki, 'citizen', nonceOf(relink.html), j.ministryOrigin),
    });
    expect(pathOf(done)).toBe('/tai-khoan');
    expect(await linksOfAn()).toHaveLength(1);
  });

  it('refuses a linked national identity whose CCCD changed: it cannot take the account over', async () => {
    await j.portal.db
      .updateTable('accounts')
      .set({ idNumber: '036080002345', username: '036080002345' })
      .where('id', '=', anNationalId)
      .execute();
    try {
      const other = new SsoBrowser(j.portal.issuer);
      const refused = await throughNationalPortal(simulators, other, `${j.ministryOrigin}/dang-nhap/dvcqg`, {
        idNumber: '036080002345',
        phone: AN.phone,
      });
      expect(refused.status).toBe(403);
      expect(codesOf(refused.html)).toContain('IDENTITY_MISMATCH');
      const audit = await j.ministryDb
        .selectFrom('auditLog')
        .select('event')
        .where('accountId', '=', await anAccountId())
        .execute();
      expect(audit.map((a) => a.event)).toContain('link.takeover_refused');
    } finally {
      await j.portal.db
        .updateTable('accounts')
        .set({ idNumber: AN.idNumber, username: AN.idNumber })
        .where('id', '=', anNationalId)
        .execute();
    }
  });

  it('creates an account for a person without one and asks to complete it', async () => {
    const c = new SsoBrowser(j.portal.issuer);
    const complete = await throughNationalPortal(simulators, c, `${j.ministryOrigin}${PROCEDURE}`, CUONG);
    expect(pathOf(complete)).toBe('/hoan-thien-tai-khoan');
    expect(codesOf(complete.html)).toContain('ACCOUNT_CREATED');
    expect(complete.html).toContain(CUONG.fullName);
    const bad = await submitAcross(c, complete, '/hoan-thien-tai-khoan', {
      email: 'không-hợp-lệ',
      phone: '',
      returnTo: PROCEDURE,
    });
    expect(codesOf(bad.html)).toEqual(expect.arrayContaining(['EMAIL_INVALID']));
    const form = await submitAcross(c, bad, '/hoan-thien-tai-khoan', {
      email: 'cuong.lehoang@kyso-demo.example',
      returnTo: PROCEDURE,
    });
    expect(pathOf(form)).toBe(PROCEDURE);
    const account = await j.ministryDb
      .selectFrom('accounts')
      .selectAll()
      .where('idNumber', '=', CUONG.idNumber)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      origin: 'dvcqg',
      email: 'cuong.lehoang@kyso-demo.example',
      phone: CUONG.phone,
    });
    // Another person's national account never touches An's linked account.
    expect((await linksOfAn()).map((l) => l.subject)).toEqual([anNationalId]);
  });

  it('signs out at the ministry and sends the citizen to the national portal’s end-session endpoint', async () => {
    const page = await follow(b, `${j.ministryOrigin}/tai-khoan`);
    expect(pathOf(page)).toBe('/tai-khoan');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const res = await b.request(`${j.ministryOrigin}/dang-xuat`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${j.portal.issuer}/oauth2/logout`);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${j.ministryOrigin}/`);
    expect(to.searchParams.get('id_token_hint')).toBeTruthy();
    const after = await b.go(`${j.ministryOrigin}/tai-khoan`);
    expect(after.left || pathOf(after) !== '/tai-khoan').toBe(true);
  });

  it('starts from the national portal’s service search, whose result leads to the ministry procedure', async () => {
    const c = new SsoBrowser(j.portal.issuer);
    const search = await c.go(`${j.portal.issuer}/dich-vu-cong?q=${encodeURIComponent('ho chieu')}`);
    expect(search.status).toBe(200);
    const href = /href="(https?:\/\/[^"]+\/thu-tuc\/cap-ho-chieu-pho-thong)"/.exec(search.html)?.[1];
    expect(href).toBeTruthy();
    // The catalogue names the ministry's configured origin; the test's ministry listens elsewhere.
    const target = new URL(new URL(href ?? '').pathname, j.ministryOrigin).href;
    const arrived = await throughNationalPortal(simulators, c, target, CUONG);
    expect(pathOf(arrived)).toBe('/thu-tuc/cap-ho-chieu-pho-thong');
    expect(arrived.status).toBe(200);
  });

  it('refuses the sign-in when the citizen declines to share their data', async () => {
    const c = new SsoBrowser(j.portal.issuer);
    let stop = await follow(c, `${j.ministryOrigin}/dang-nhap/dvcqg`);
    stop = await passwordLogin(c, stop, simulators, { username: CUONG.idNumber, phone: CUONG.phone });
    expect(stop.html).toContain('data-page="sso-consent"');
    const back = await c.submit(stop, stop.url, { action: 'deny' });
    const refused = await follow(c, back.url);
    expect(refused.status).toBe(400);
    expect(codesOf(refused.html)).toContain('SSO_REJECTED');
  });

  it('refuses a callback with an unknown state or from another browser session', async () => {
    const c = new SsoBrowser(j.portal.issuer);
    const r = await c.go(`${j.ministryOrigin}/dang-nhap/dvcqg/callback?code=abc&state=unknown`);
    expect(r.status).toBe(400);
    expect(codesOf(r.html)).toContain('SSO_REJECTED');
    // A state begun in one browser is refused in another (it is bound to the session that began it).
    const start = await new SsoBrowser(j.portal.issuer).request(`${j.ministryOrigin}/dang-nhap/dvcqg`);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const stolen = await c.go(`${j.ministryOrigin}/dang-nhap/dvcqg/callback?code=abc&state=${state}`);
    expect(stolen.status).toBe(400);
    expect(
      await j.ministryDb.selectFrom('ssoRequests').select('state').where('state', '=', state).execute(),
    ).toHaveLength(1);
  });
});
