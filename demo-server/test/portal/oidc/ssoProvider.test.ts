/**
 * The national portal as OpenID provider against real openid-client relying parties, over HTTP on SQLite:
 * discovery, the code flow with PKCE, consent, claims, LoA and step-up, PAR, back-channel logout.
 */
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { type Simulators, startTestSimulators } from '../portalTestKit.js';
import {
  authorizationRequest,
  type SsoBrowser as Browser,
  type BrowserStop,
  passwordLogin,
  type RpEndpoint,
  redeem,
  relyingParty,
  SsoBrowser,
  type SsoPortal,
  seedAccount,
  startRpEndpoint,
  startSsoPortal,
  testMinistryClient,
} from './ssoTestKit.js';

const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};

let simulators: Simulators;
let rp: RpEndpoint;
let portal: SsoPortal;
let ministry: OidcClientMetadata;
let thuId: string;

beforeAll(async () => {
  simulators = await startTestSimulators();
  rp = await startRpEndpoint();
  ministry = testMinistryClient(rp);
  portal = await startSsoPortal(simulators, [ministry]);
  thuId = await seedAccount(portal.db, { subject: 'congDan', ...THU }, 'kyso-demo-pepper-not-for-production');
});

afterAll(async () => {
  await portal?.close();
  await rp?.close();
  await simulators?.close();
});

/** From the authorization URL through sign-in to the consent page. */
async function toConsent(b: Browser, url: URL): Promise<BrowserStop> {
  const login = await b.go(url.href);
  expect(login.url).toContain('/dang-nhap/luong/');
  const consent = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
  expect(consent.html).toContain('data-page="sso-consent"');
  return consent;
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

  it('signs a citizen in through the portal login, asks consent, and gives the DVCQG claims', async () => {
    const b = new SsoBrowser(portal.issuer);
    const config = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(config, ministry, { acr_values: 'LoA1' });
    const consent = await toConsent(b, start.url);
    expect(consent.html).toContain('Cổng dịch vụ công Bộ Công an');
    expect(consent.html).toContain('Số định danh cá nhân (CCCD)');
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    expect(back.left).toBe(true);
    expect(back.url.startsWith(ministry.redirect_uris[0] ?? '-')).toBe(true);
    const { idToken, userinfo } = await redeem(config, start, back.url);
    expect(idToken).toMatchObject({ sub: thuId, acr: 'LoA1', amr: ['pwd', 'sms', 'mfa'] });
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
  });
});

export { jose, oidc };
