/**
 * The national portal as OpenID provider against real openid-client relying parties, over HTTP on SQLite:
 * discovery, the code flow with PKCE, consent, claims, LoA and step-up, PAR, back-channel logout.
 */
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { tokenHash } from '../../../src/portal/security/secretDigest.js';
import {
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../../src/simulators/identityProviders/identityAccounts.js';
import { IdentityProviderBrowser } from '../../simulators/identityProvidersBrowserKit.js';
import { lastOtp, type Simulators } from '../portalTestKit.js';
import {
  authorizationRequest,
  type SsoBrowser as Browser,
  type BrowserStop,
  PASSWORD,
  passwordLogin,
  type RpEndpoint,
  redeem,
  relyingParty,
  SECOND_CLIENT,
  SsoBrowser,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  startSsoWorld,
  testMinistryClient,
} from './ssoTestKit.js';

const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};

/** A second, independent relying party with its own origin, registered through the options. */
const second = SECOND_CLIENT;
let world: SsoWorld;
let simulators: Simulators;
let rp: RpEndpoint;
let portal: SsoPortal;
let ministry: OidcClientMetadata;
let broken: OidcClientMetadata;
let thuId: string;
let businessId: string;

const BUSINESS = { idNumber: '0101234567', fullName: 'Công ty TNHH Kyso Việt Nam', phone: '0912000111' };

/** A third client whose back-channel endpoint is down. */
const brokenClient = (endpoint: RpEndpoint): OidcClientMetadata => ({
  ...testMinistryClient(endpoint, 'dich-vu-hong'),
  redirect_uris: [`${endpoint.origin}/hong/callback`],
  backchannel_logout_uri: `${endpoint.origin}/hong/backchannel-logout`,
  client_name: 'Dịch vụ đang hỏng',
});

beforeAll(async () => {
  world = await startSsoWorld({ otherClients: (endpoint) => [second, brokenClient(endpoint)] });
  ({ simulators, rp, portal, ministry } = world);
  broken = brokenClient(rp);
  thuId = await seedAccount(portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
  businessId = await seedAccount(portal.db, { subject: 'doanhNghiep', ...BUSINESS }, DEVELOPMENT_PEPPER);
});

afterAll(async () => {
  await world?.close();
});

/** Signs in at the simulated VNeID from the portal login page `page`; returns where the portal then sends. */
async function vneidLogin(b: Browser, page: BrowserStop, cccd: string): Promise<BrowserStop> {
  expect(page.html).toContain('href="/dang-nhap/vneid"');
  const toProvider = await b.go(`${portal.issuer}/dang-nhap/vneid`);
  expect(toProvider.left).toBe(true);
  const out = await new IdentityProviderBrowser(simulators.url).logIn(toProvider.url, {
    cccd,
    password: VNEID_DEMO_PASSWORD,
  });
  if (!out.redirect)
    throw new Error(`VNeID did not redirect back: ${out.page?.status} ${out.page?.html.slice(0, 800)}`);
  return b.go(`${portal.issuer}${out.redirect.pathname}${out.redirect.search}`);
}

/** The message of a refusal by openid-client, with its cause's. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: { message?: string } };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
  return 'accepted';
}

const queryOf = (url: string) => new URL(url).searchParams;

/** From the authorization URL through sign-in to the consent page. */
async function toConsent(b: Browser, url: URL): Promise<BrowserStop> {
  const login = await b.go(url.href);
  expect(login.url).toContain('/dang-nhap/luong/');
  const consent = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
  expect(consent.html).toContain('data-page="sso-consent"');
  return consent;
}

/** A new browser signs in through an authorization request of the ministry and allows it; the RP redeems the code. */
async function allowedSignIn() {
  const b = new SsoBrowser(portal.issuer);
  const config = await relyingParty(portal.issuer, ministry);
  const start = await authorizationRequest(config, ministry);
  const consent = await toConsent(b, start.url);
  const back = await b.submit(consent, consent.url, { action: 'allow' });
  return { b, config, ...(await redeem(config, start, back.url)) };
}

describe('national portal as OpenID provider (SQLite)', () => {
  it('publishes its discovery document with the contract endpoints, PKCE S256 and LoA1/LoA2', async () => {
    const res = await fetch(`${portal.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown>;
    expect(d).toMatchObject({
      issuer: portal.issuer,
      authorization_endpoint: `${portal.issuer}/oauth2/authorize`,
      token_endpoint: `${portal.issuer}/oauth2/token`,
      userinfo_endpoint: `${portal.issuer}/oauth2/userinfo`,
      jwks_uri: `${portal.issuer}/oauth2/jwks`,
      pushed_authorization_request_endpoint: `${portal.issuer}/oauth2/par`,
      end_session_endpoint: `${portal.issuer}/oauth2/logout`,
      code_challenge_methods_supported: ['S256'],
      acr_values_supported: ['LoA1', 'LoA2'],
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
    expect(d.claims_supported).toEqual(expect.arrayContaining(['SoDinhDanh', 'HoVaTen', 'loAs', 'TechID']));
  });

  it('signs a citizen in through the portal login, asks consent, gives the DVCQG claims, then SSO', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA1' });
    const consent = await toConsent(b, start.url);
    expect(consent.html).toContain('Cổng dịch vụ công Bộ Công an');
    expect(consent.html).toContain('Số định danh cá nhân (CCCD)');
    expect(consent.html).toContain(`${THU.fullName} (${THU.idNumber})`);
    expect(consent.html).toContain('data-claim="ThuongTru"');
    expect(consent.html).not.toContain('data-claim="MaSoThue"');
    const english = await b.go(`${consent.url}?lang=en`);
    expect(english.html).toContain('Confirm sharing');
    expect(english.html).toContain('Personal identification number (CCCD)');
    await b.go(`${consent.url}?lang=vi`);
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    expect(back.left).toBe(true);
    expect(back.url.startsWith(ministry.redirect_uris[0] ?? '-')).toBe(true);
    const { idToken, userinfo } = await redeem(config, start, back.url);
    expect(idToken).toMatchObject({
      sub: thuId,
      acr: 'LoA1',
      amr: ['pwd', 'sms', 'mfa'],
      nonce: start.nonce,
    });
    expect(typeof idToken.auth_time).toBe('number');
    expect(typeof idToken.sid).toBe('string');
    expect(userinfo).toEqual({
      sub: thuId,
      LoaiTaiKhoan: '1',
      SoDinhDanh: THU.idNumber,
      HoVaTen: THU.fullName,
      NgayThangNamSinh: '19971219',
      GioiTinh: 2,
      ThuongTru: expect.stringContaining('Số 56 đường Võ Thị Sáu'),
      SoDienThoai: THU.phone,
      ThuDienTu: 'thu.hothi@kyso-demo.example',
      loAs: 'LoA1',
      TechID: thuId,
    });

    // Single sign-on: the next authorization of the same client needs neither sign-in nor consent.
    const again = await authorizationRequest(config, ministry);
    const direct = await b.go(again.url.href);
    expect(direct.left).toBe(true);
    const second = await redeem(config, again, direct.url);
    expect(second.idToken.sub).toBe(thuId);
    expect(second.idToken.auth_time).toBe(idToken.auth_time);
    expect(second.idToken.sid).toBe(idToken.sid);
  });

  it('gives a business its MaSoThue and TenDoanhNghiep, no personal claims', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const login = await b.go(start.url.href);
    const consent = await passwordLogin(b, login, simulators, {
      username: BUSINESS.idNumber,
      phone: BUSINESS.phone,
    });
    expect(consent.html).toContain('data-claim="MaSoThue"');
    expect(consent.html).not.toContain('data-claim="SoDinhDanh"');
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    const { userinfo } = await redeem(config, start, back.url);
    expect(userinfo).toEqual({
      sub: businessId,
      LoaiTaiKhoan: '2',
      MaSoThue: BUSINESS.idNumber,
      TenDoanhNghiep: BUSINESS.fullName,
      SoDienThoai: BUSINESS.phone,
      loAs: 'LoA1',
      TechID: businessId,
    });
  });

  it('refuses an authorization request without PKCE, and a code redeemed with the wrong verifier', async () => {
    const config = await relyingParty(portal.issuer, ministry);
    const noPkce = oidc.buildAuthorizationUrl(config, {
      redirect_uri: ministry.redirect_uris[0] ?? '',
      scope: 'openid',
      state: 'trang-thai',
    });
    const refused = await new SsoBrowser(portal.issuer).go(noPkce.href);
    expect(refused.left).toBe(true);
    expect(queryOf(refused.url).get('error')).toBe('invalid_request');
    expect(queryOf(refused.url).get('error_description')).toContain('PKCE');
    expect(queryOf(refused.url).get('state')).toBe('trang-thai');

    const b = new SsoBrowser(portal.issuer);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, start.url);
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    await expect(
      redeem(config, { ...start, verifier: oidc.randomPKCECodeVerifier() }, back.url),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The refusal was the verifier's: the right one still redeems the code.
    expect((await redeem(config, start, back.url)).idToken.sub).toBe(thuId);
  });

  it('returns state and nonce unchanged: a wrong state or nonce is caught by the relying party', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, start.url);
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    expect(queryOf(back.url).get('state')).toBe(start.state);
    expect(await failure(redeem(config, { ...start, state: oidc.randomState() }, back.url))).toMatch(
      /"state"/,
    );
    expect(await failure(redeem(config, { ...start, nonce: oidc.randomNonce() }, back.url))).toMatch(
      /"nonce"/,
    );
  });

  it('sends access_denied back to the relying party when the citizen denies consent', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, start.url);
    const back = await b.submit(consent, consent.url, { action: 'deny' });
    expect(back.left).toBe(true);
    expect(queryOf(back.url).get('error')).toBe('access_denied');
    expect(queryOf(back.url).get('state')).toBe(start.state);
    const audit = await portal.db
      .selectFrom('auditLog')
      .select('event')
      .where('accountId', '=', thuId)
      .where('event', '=', 'sso.consent_denied')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('keeps the portal CSRF check on the consent form', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, start.url);
    const forged = await b.go(consent.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=allow&_csrf=sai',
    });
    expect(forged.status).toBe(403);
    expect(forged.left).toBe(false);
  });

  it('steps a LoA1 session up to LoA2 (VNeID level 2) when the client asks acr_values=LoA2', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const first = await authorizationRequest(config, ministry, { acr_values: 'LoA1' });
    const consent = await toConsent(b, first.url);
    await redeem(config, first, (await b.submit(consent, consent.url, { action: 'allow' })).url);

    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA2' });
    const stepUp = await b.go(start.url.href);
    expect(stepUp.html).toContain('data-page="sso-step-up"');
    expect(stepUp.html).toContain('LoA2');
    const login = await b.submit(stepUp, stepUp.url, { action: 'relogin' });
    expect(login.url).toContain('/dang-nhap/luong/');
    const after = await vneidLogin(b, login, THU.idNumber);
    // Consent was given and the account is the same: straight back to the relying party.
    expect(after.left).toBe(true);
    const { idToken, userinfo } = await redeem(config, start, after.url);
    // VNeID's own amr (password confirmed in its app) passed on.
    expect(idToken).toMatchObject({ sub: thuId, acr: 'LoA2', amr: ['pwd', 'swk', 'mfa'] });
    expect(userinfo.loAs).toBe('LoA2');

    // A LoA2 session satisfies a LoA1 request without any interaction.
    const low = await authorizationRequest(config, ministry, { acr_values: 'LoA1' });
    const direct = await b.go(low.url.href);
    expect(direct.left).toBe(true);
    expect((await redeem(config, low, direct.url)).idToken.acr).toBe('LoA2');
  });

  it('cancelling the step-up sends access_denied to the relying party', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const first = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, first.url);
    await b.submit(consent, consent.url, { action: 'allow' });
    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA2' });
    const stepUp = await b.go(start.url.href);
    const back = await b.submit(stepUp, stepUp.url, { action: 'cancel' });
    expect(back.left).toBe(true);
    expect(queryOf(back.url).get('error')).toBe('access_denied');
  });

  it('accepts pushed authorization requests (PAR)', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: ministry.redirect_uris[0] ?? '',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(url.searchParams.get('code_challenge')).toBeNull();
    const consent = await toConsent(b, url);
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()?.sub).toBe(thuId);
  });

  it('serves a second, independent relying party (its own consent, its own sub-session)', async () => {
    const b = new SsoBrowser(portal.issuer);
    const a = await relyingParty(portal.issuer, ministry);
    const startA = await authorizationRequest(a, ministry);
    const consentA = await toConsent(b, startA.url);
    const tokenA = await redeem(a, startA, (await b.submit(consentA, consentA.url, { action: 'allow' })).url);

    const other = await relyingParty(portal.issuer, second);
    const start = await authorizationRequest(other, second);
    const consent = await b.go(start.url.href);
    // Already signed in; this client has no consent yet.
    expect(consent.html).toContain('data-page="sso-consent"');
    expect(consent.html).toContain('Sở Tư pháp Hà Nội');
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    expect(back.url.startsWith('http://127.0.0.1:9/callback?')).toBe(true);
    const { idToken, userinfo } = await redeem(other, start, back.url);
    expect(idToken.aud).toBe(second.client_id);
    expect(idToken.sub).toBe(thuId);
    expect(userinfo.SoDinhDanh).toBe(THU.idNumber);
    expect(idToken.auth_time).toBe(tokenA.idToken.auth_time);
  });

  it('refuses an unregistered redirect_uri with an error page, not a redirect', async () => {
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, {
      redirect_uri: 'https://ke-gian.example/callback',
    });
    const page = await new SsoBrowser(portal.issuer).go(start.url.href);
    expect(page.left).toBe(false);
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-code="invalid_redirect_uri"');
  });

  it('an interaction of another browser or an unknown one is refused', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const login = await b.go(start.url.href);
    expect(login.url).toContain('/dang-nhap/luong/');
    const uid = /\/oauth2\/interaction\/([\w-]+)/.exec(b.cookies.get('kyso_sso_tiep') ?? '')?.[1];
    expect(uid).toBeTruthy();
    const stranger = await new SsoBrowser(portal.issuer).go(`${portal.issuer}/oauth2/interaction/${uid}`);
    expect(stranger.status).toBe(400);
    expect(stranger.html).toContain('data-code="SSO_INTERACTION_EXPIRED"');
  });

  it('signing out of the portal ends the provider session and sends a verifiable back-channel logout', async () => {
    const { b, config, idToken } = await allowedSignIn();
    const before = rp.logoutTokens.length;

    const account = await b.go(`${portal.issuer}/tai-khoan`);
    const out = await b.submit(account, '/dang-xuat', {});
    expect(out.html).toContain('data-code="SIGNED_OUT"');
    expect(rp.logoutTokens.length).toBe(before + 1);
    const token = rp.logoutTokens.at(-1) ?? '';
    const jwks = jose.createRemoteJWKSet(new URL(`${portal.issuer}/oauth2/jwks`));
    const { payload, protectedHeader } = await jose.jwtVerify(token, jwks, {
      issuer: portal.issuer,
      audience: ministry.client_id,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: thuId,
      sid: idToken.sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    expect(typeof payload.jti).toBe('string');
    expect(typeof payload.iat).toBe('number');
    expect(payload.nonce).toBeUndefined();

    // The provider session is gone: a new authorization starts with the login page again.
    const again = await authorizationRequest(config, ministry);
    const login = await b.go(again.url.href);
    expect(login.url).toContain('/dang-nhap/luong/');
  });

  it('RP-initiated logout asks for confirmation, signs out of the portal and returns to the client', async () => {
    const { b, config, tokens } = await allowedSignIn();
    const before = rp.logoutTokens.length;
    const endUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: ministry.post_logout_redirect_uris?.[0] ?? '',
      state: 'tam-biet',
    });
    const confirm = await b.go(endUrl.href);
    expect(confirm.html).toContain('data-page="sso-logout"');
    const action = /id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const back = await b.go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(back.left).toBe(true);
    expect(back.url).toBe(`${rp.origin}/?state=tam-biet`);
    expect(rp.logoutTokens.length).toBe(before + 1);
    // The portal session ended too.
    expect((await b.go(`${portal.issuer}/tai-khoan`)).url).toContain('/dang-nhap/luong/');
  });

  it('a sign-in finished through the API (SIM / remote-signature page scripts) continues the authorization', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const login = await b.go(start.url.href);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.html)?.[1] ?? '';
    const api = async (path: string, body: Record<string, string>) =>
      (await b
        .request(`${portal.issuer}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify(body),
        })
        .then((r) => r.json())) as { id: string; state: string };
    const flow = await api('/api/login/flows', { method: 'password' });
    const credentials = { username: THU.idNumber, password: PASSWORD, captcha: 'kiemthu' };
    expect((await api(`/api/login/flows/${flow.id}`, credentials)).state).toBe('otp');
    const otp = await lastOtp(simulators, THU.phone);
    expect((await api(`/api/login/flows/${flow.id}`, { otp })).state).toBe('complete');
    expect(b.cookies.has('kyso_sso_tiep')).toBe(true);
    const consent = await b.go(`${portal.issuer}/dang-nhap/tiep-tuc`);
    expect(consent.html).toContain('data-page="sso-consent"');
    expect(b.cookies.has('kyso_sso_tiep')).toBe(false);
    // Without a pending authorization the same stop is the account page.
    expect((await b.go(`${portal.issuer}/dang-nhap/tiep-tuc`)).url).toBe(`${portal.issuer}/tai-khoan`);
  });

  it('prompt=login makes a signed-in citizen sign in again before the code is issued', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const first = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, first.url);
    await b.submit(consent, consent.url, { action: 'allow' });
    const start = await authorizationRequest(config, ministry, { prompt: 'login' });
    const relogin = await b.go(start.url.href);
    expect(relogin.html).toContain('data-code="FRESH_LOGIN_REQUIRED"');
    const login = await b.submit(relogin, relogin.url, { action: 'relogin' });
    const back = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
    expect(back.left).toBe(true);
    expect((await redeem(config, start, back.url)).idToken.sub).toBe(thuId);
  });

  it('answers userinfo by POST too, and refuses a missing or wrong bearer token', async () => {
    const { tokens } = await allowedSignIn();
    const post = await fetch(`${portal.issuer}/oauth2/userinfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(post.status).toBe(200);
    expect(((await post.json()) as { sub: string }).sub).toBe(thuId);
    expect((await fetch(`${portal.issuer}/oauth2/userinfo`)).status).toBe(401);
    const wrong = await fetch(`${portal.issuer}/oauth2/userinfo`, {
      headers: { authorization: 'Bearer sai' },
    });
    expect(wrong.status).toBe(401);
  });

  it("lets the portal's forms redirect on to the registered clients (CSP form-action)", async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    await b.go(start.url.href);
    const loginPage = await b.request(`${portal.issuer}/dang-nhap`);
    const login = await b.request(new URL(loginPage.headers.get('location') ?? '', portal.issuer).href);
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`form-action 'self'[^;]* ${rp.origin}`));
    expect(csp).toContain('http://127.0.0.1:9');
    expect(csp).not.toContain('unsafe-inline');
  });

  it('revoking a session from the account page ends its provider session with back-channel logout', async () => {
    const device = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(device, start.url);
    const { idToken } = await redeem(
      config,
      start,
      (await device.submit(consent, consent.url, { action: 'allow' })).url,
    );
    const deviceSession = tokenHash(device.cookies.get('kyso_sid') ?? '');

    // The citizen, signed in on another computer, signs the first one out.
    const other = new SsoBrowser(portal.issuer);
    const login = await other.go(`${portal.issuer}/dang-nhap`);
    const account = await passwordLogin(other, login, simulators, {
      username: THU.idNumber,
      phone: THU.phone,
    });
    expect(account.url).toBe(`${portal.issuer}/tai-khoan`);
    const before = rp.logoutTokens.length;
    await other.submit(account, `/tai-khoan/phien/${deviceSession}/dang-xuat`, {});
    expect(rp.logoutTokens.length).toBe(before + 1);
    const jwks = jose.createRemoteJWKSet(new URL(`${portal.issuer}/oauth2/jwks`));
    const { payload } = await jose.jwtVerify(rp.logoutTokens.at(-1) ?? '', jwks, {
      issuer: portal.issuer,
      audience: ministry.client_id,
    });
    expect(payload.sid).toBe(idToken.sid);
    const again = await authorizationRequest(config, ministry);
    expect((await device.go(again.url.href)).url).toContain('/dang-nhap/luong/');
  });

  it('follows only an interaction path from the return cookie (no open redirect after sign-in)', async () => {
    for (const forged of ['//ke-gian.example/x', 'https://ke-gian.example/', '/tai-khoan/../oauth2/token']) {
      const b = new SsoBrowser(portal.issuer);
      b.cookies.set('kyso_sso_tiep', encodeURIComponent(forged));
      const login = await b.go(`${portal.issuer}/dang-nhap`);
      const after = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
      expect(after.left).toBe(false);
      expect(after.url).toBe(`${portal.issuer}/tai-khoan`);
    }
  });

  it('a citizen who registers through PostID during the sign-on goes straight on to consent', async () => {
    const newcomer = identityAccounts('postid').find((a) => a.level === 2 && a.citizen.cccd !== THU.idNumber);
    if (!newcomer) throw new Error('the simulators need a counter-verified PostID citizen');
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA2' });
    const login = await b.go(start.url.href);
    expect(login.url).toContain('/dang-nhap/luong/');
    const toProvider = await b.go(`${portal.issuer}/dang-ky/buu-dien`);
    const out = await new IdentityProviderBrowser(simulators.url).logIn(toProvider.url, {
      cccd: newcomer.citizen.cccd,
      password: POSTID_DEMO_PASSWORD,
    });
    if (!out.redirect) throw new Error('PostID did not redirect back');
    const consent = await b.go(`${portal.issuer}${out.redirect.pathname}${out.redirect.search}`);
    expect(consent.html).toContain('data-page="sso-consent"');
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    const { idToken, userinfo } = await redeem(config, start, back.url);
    expect(idToken.acr).toBe('LoA2');
    expect(userinfo.SoDinhDanh).toBe(newcomer.citizen.cccd);
  });

  it('a client whose back-channel endpoint fails does not stop the sign-out nor the other clients', async () => {
    const { b, idToken } = await allowedSignIn();
    const down = await relyingParty(portal.issuer, broken);
    const other = await authorizationRequest(down, broken);
    const consentDown = await b.go(other.url.href);
    await redeem(down, other, (await b.submit(consentDown, consentDown.url, { action: 'allow' })).url);
    const before = rp.logoutTokens.length;
    const account = await b.go(`${portal.issuer}/tai-khoan`);
    const out = await b.submit(account, '/dang-xuat', {});
    expect(out.html).toContain('data-code="SIGNED_OUT"');
    expect(rp.logoutTokens.length).toBe(before + 1);
    const { payload } = await jose.jwtVerify(
      rp.logoutTokens.at(-1) ?? '',
      jose.createRemoteJWKSet(new URL(`${portal.issuer}/oauth2/jwks`)),
      { issuer: portal.issuer, audience: ministry.client_id },
    );
    expect(payload.sid).toBe(idToken.sid);
  });

  it('a provider session does not outlive the portal session it came from', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry);
    const consent = await toConsent(b, start.url);
    await b.submit(consent, consent.url, { action: 'allow' });
    // The portal session ends on the server (revoked from another device); the provider cookie stays.
    await portal.db.deleteFrom('sessions').execute();
    const again = await authorizationRequest(config, ministry);
    const login = await b.go(again.url.href);
    expect(login.url).toContain('/dang-nhap/luong/');
  });
});
