/**
 * The OpenID provider on PostgreSQL with two portal instances sharing the database (and nothing else):
 * one signing key set, an authorization begun on one instance and continued, redeemed and signed out on
 * the other.
 */
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_PEPPER } from '../../../src/portal/config.js';
import type { OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import type { Simulators } from '../portalTestKit.js';
import {
  authorizationRequest,
  passwordLogin,
  type RpEndpoint,
  redeem,
  relyingParty,
  SsoBrowser,
  type SsoPortal,
  type SsoWorld,
  seedAccount,
  signInThroughSso,
  startSsoWorld,
} from './ssoTestKit.js';

const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};

describe.skipIf(!process.env.KYSO_TEST_DATABASE_URL)('OpenID provider on PostgreSQL, two instances', () => {
  let world: SsoWorld;
  let simulators: Simulators;
  let rp: RpEndpoint;
  let portal: SsoPortal;
  let ministry: OidcClientMetadata;
  let thuId: string;

  beforeAll(async () => {
    world = await startSsoWorld({ postgres: 'kyso_portal_sso_test', instances: 2 });
    ({ simulators, rp, portal, ministry } = world);
    thuId = await seedAccount(portal.db, { subject: 'congDan', ...THU }, DEVELOPMENT_PEPPER);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('both instances publish the same signing keys', async () => {
    const [a, b] = await Promise.all(
      portal.origins.map(
        async (o) => (await fetch(`${o}/oauth2/jwks`)).json() as Promise<jose.JSONWebKeySet>,
      ),
    );
    expect(a?.keys.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('authorize on one instance, consent, token, userinfo and sign-out on the other', async () => {
    const [one, two] = portal.origins as [string, string];
    const b = new SsoBrowser(one);
    const viaOne = await relyingParty(portal.issuer, ministry);
    const start = await authorizationRequest(viaOne, ministry, { acr_values: 'LoA1' });
    const login = await b.go(start.url.href);
    const consentOnOne = await passwordLogin(b, login, simulators, {
      username: THU.idNumber,
      phone: THU.phone,
    });
    expect(consentOnOne.html).toContain('data-page="sso-consent"');

    // The same interaction, served by the second instance.
    const onTwo = new SsoBrowser(two);
    for (const [k, v] of b.cookies) onTwo.cookies.set(k, v);
    const consent = await onTwo.go(consentOnOne.url.replace(one, two));
    expect(consent.html).toContain('data-page="sso-consent"');
    const back = await onTwo.submit(consent, consent.url, { action: 'allow' });
    // The second instance hands back to the issuer's resume URL, which the first instance finishes.
    for (const [k, v] of onTwo.cookies) b.cookies.set(k, v);
    const done = back.left && back.url.startsWith(one) ? await b.go(back.url) : back;
    expect(done.left).toBe(true);
    expect(done.url.startsWith(ministry.redirect_uris[0] ?? '-')).toBe(true);

    const viaTwo = await relyingParty(portal.issuer, ministry, two);
    const { idToken, userinfo } = await redeem(viaTwo, start, done.url);
    expect(idToken).toMatchObject({ sub: thuId, acr: 'LoA1' });
    expect(userinfo).toMatchObject({ SoDinhDanh: THU.idNumber, HoVaTen: THU.fullName, GioiTinh: 2 });

    // Signing out on the second instance ends the session the first one started, with back-channel logout.
    for (const [k, v] of b.cookies) onTwo.cookies.set(k, v);
    const account = await onTwo.go(`${two}/tai-khoan`);
    const before = rp.logoutTokens.length;
    const out = await onTwo.submit(account, '/dang-xuat', {});
    expect(out.html).toContain('data-code="SIGNED_OUT"');
    expect(rp.logoutTokens.length).toBe(before + 1);
    const { payload } = await jose.jwtVerify(
      rp.logoutTokens.at(-1) ?? '',
      jose.createRemoteJWKSet(new URL(`${one}/oauth2/jwks`)),
      { issuer: portal.issuer, audience: ministry.client_id },
    );
    expect(payload.sid).toBe(idToken.sid);
    for (const [k, v] of onTwo.cookies) b.cookies.set(k, v);
    const again = await authorizationRequest(viaOne, ministry);
    expect((await b.go(again.url.href)).url).toContain('/dang-nhap/luong/');
  });

  it('a code redeemed on both instances at once gives tokens once', async () => {
    const [one, two] = portal.origins as [string, string];
    const { start, callback } = await signInThroughSso(portal, simulators, ministry, THU);
    const code = new URL(callback).searchParams.get('code') ?? '';
    const basic = Buffer.from(`${ministry.client_id}:${ministry.client_secret}`).toString('base64');
    const redeemAt = (origin: string) =>
      fetch(`${origin}/oauth2/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: ministry.redirect_uris[0] ?? '',
          code_verifier: start.verifier,
        }).toString(),
      });
    const answers = await Promise.all([redeemAt(one), redeemAt(two), redeemAt(one), redeemAt(two)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400]);
    const refused = (await answers.find((r) => r.status === 400)?.json()) as { error?: string };
    expect(refused.error).toBe('invalid_grant');
  });
});
