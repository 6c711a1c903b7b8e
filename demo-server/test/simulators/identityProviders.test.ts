import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POSTID_DEMO_PASSWORD,
  subjectFor,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/identityProviders/identityAccounts.js';
import {
  IDENTITY_PROVIDER_CLIENT_DEFAULTS,
  IdentityProviderConfigError,
  identityProviderClientsFromEnv,
} from '../../src/simulators/identityProviders/identityProviderClients.js';
import { createSimulatorsApp } from '../../src/simulators/index.js';
import { freePort } from '../freePort.js';
import { IdentityProviderBrowser } from './identityProvidersBrowserKit.js';
import { demoPki } from './simulatorsTestKit.js';

const REDIRECT = 'http://rp.test/callback';
const CCCD_AN_LEVEL2 = '001090012345';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const client = (secret: string) => ({
    clientId: 'rp-test',
    clientSecret: secret,
    redirectUris: [REDIRECT],
  });
  app = createSimulatorsApp({
    demoPki: await demoPki(),
    baseUrl: base,
    identityProviderClients: {
      vneid: client('vneid-test-secret-0123'),
      postid: client('postid-test-secret-0123'),
    },
  });
  await app.listen({ host: '127.0.0.1', port });
});

afterAll(async () => {
  app.server.closeAllConnections();
  await app.close();
});

async function relyingParty(provider: 'vneid' | 'postid') {
  const secret = provider === 'vneid' ? 'vneid-test-secret-0123' : 'postid-test-secret-0123';
  const config = await oidc.discovery(new URL(`${base}/${provider}`), 'rp-test', secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: provider === 'vneid' ? 'openid profile citizen' : 'openid profile identity',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'login',
    acr_values: '2',
  });
  return { config, verifier, state, nonce, url: url.href };
}

describe('simulated VNeID', () => {
  it('publishes a discovery document with its issuer, S256 PKCE and the acr levels', async () => {
    const res = await fetch(`${base}/vneid/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(`${base}/vneid`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.acr_values_supported).toEqual(['1', '2']);
    expect(doc.claims_supported).toContain('SoDinhDanh');
  });

  it('logs a level-2 citizen in: code + PKCE, an ID token with preferred_username = CCCD and acr 2', async () => {
    const rp = await relyingParty('vneid');
    const browser = new IdentityProviderBrowser(base);
    const out = await browser.logIn(rp.url, {
      cccd: CCCD_AN_LEVEL2,
      password: VNEID_DEMO_PASSWORD,
      action: 'login',
    });
    expect(out.redirect?.origin).toBe('http://rp.test');
    const tokens = await oidc.authorizationCodeGrant(rp.config, out.redirect as URL, {
      pkceCodeVerifier: rp.verifier,
      expectedState: rp.state,
      expectedNonce: rp.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims?.preferred_username).toBe(CCCD_AN_LEVEL2);
    expect(claims?.SoDinhDanh).toBe(CCCD_AN_LEVEL2);
    expect(claims?.sub).toBe(subjectFor('vneid', CCCD_AN_LEVEL2));
    expect(claims?.acr).toBe('2');
    expect(claims?.amr).toEqual(['pwd', 'swk', 'mfa']);
    expect(claims?.NgayThangNamSinh).toMatch(/^\d{8}$/);
    const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, String(claims?.sub));
    expect(info.preferred_username).toBe(CCCD_AN_LEVEL2);
  });

  it('lists the citizens with their levels on its own login page (no development interactions)', async () => {
    const rp = await relyingParty('vneid');
    const browser = new IdentityProviderBrowser(base);
    const page = await browser.follow(rp.url);
    expect(page.url).toMatch(/\/vneid\/interaction\//);
    const html = await page.res.text();
    expect(html).toContain(CCCD_AN_LEVEL2);
    expect(html).toContain('data-level="1"');
    expect(html).toContain('data-level="2"');
  });

  it('gives a CMND-only citizen level 1 (acr "1")', async () => {
    const rp = await relyingParty('vneid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, {
      cccd: '001175009876',
      password: VNEID_DEMO_PASSWORD,
      action: 'login',
    });
    const tokens = await oidc.authorizationCodeGrant(rp.config, out.redirect as URL, {
      pkceCodeVerifier: rp.verifier,
      expectedState: rp.state,
      expectedNonce: rp.nonce,
    });
    expect(tokens.claims()?.acr).toBe('1');
    expect(tokens.claims()?.amr).toEqual(['pwd']);
  });

  it('returns access_denied to the client when the citizen cancels', async () => {
    const rp = await relyingParty('vneid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, { action: 'cancel' });
    expect(out.redirect?.searchParams.get('error')).toBe('access_denied');
    expect(out.redirect?.searchParams.get('state')).toBe(rp.state);
  });

  it('refuses a wrong password on the login page (401) without redirecting', async () => {
    const rp = await relyingParty('vneid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, {
      cccd: CCCD_AN_LEVEL2,
      password: 'Wrong@2024',
      action: 'login',
    });
    expect(out.redirect).toBeUndefined();
    expect(out.page?.status).toBe(401);
    expect(out.page?.html).toContain('data-error="login"');
  });

  it('refuses a code exchange without the PKCE verifier', async () => {
    const rp = await relyingParty('vneid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, {
      cccd: CCCD_AN_LEVEL2,
      password: VNEID_DEMO_PASSWORD,
      action: 'login',
    });
    await expect(
      oidc.authorizationCodeGrant(rp.config, out.redirect as URL, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: rp.state,
        expectedNonce: rp.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an unregistered redirect URI on its error page', async () => {
    const res = await fetch(
      `${base}/vneid/auth?client_id=rp-test&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('http://evil.test/cb')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri');
  });
});

describe('provider pages', () => {
  it('describes each provider at its root: issuer, discovery link, accounts with sub and level', async () => {
    for (const p of ['vneid', 'postid'] as const) {
      const res = await fetch(`${base}/${p}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`${base}/${p}/.well-known/openid-configuration`);
      expect(html).toContain(subjectFor(p, CCCD_AN_LEVEL2));
      expect(html).toContain(p === 'vneid' ? VNEID_DEMO_PASSWORD : POSTID_DEMO_PASSWORD);
    }
  });
});

describe('simulated PostID', () => {
  it('logs a counter-verified citizen in with the identity number and verification level', async () => {
    const rp = await relyingParty('postid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, {
      cccd: CCCD_AN_LEVEL2,
      password: POSTID_DEMO_PASSWORD,
      action: 'login',
    });
    const tokens = await oidc.authorizationCodeGrant(rp.config, out.redirect as URL, {
      pkceCodeVerifier: rp.verifier,
      expectedState: rp.state,
      expectedNonce: rp.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(`${base}/postid`);
    expect(claims?.identity_number).toBe(CCCD_AN_LEVEL2);
    expect(claims?.verification_level).toBe('counter');
    expect(claims?.acr).toBe('2');
    expect(claims?.amr).toEqual(['pwd', 'sms', 'mfa']);
    expect(claims?.sub).not.toBe(subjectFor('vneid', CCCD_AN_LEVEL2));
  });

  it('does not accept the VNeID password', async () => {
    const rp = await relyingParty('postid');
    const out = await new IdentityProviderBrowser(base).logIn(rp.url, {
      cccd: CCCD_AN_LEVEL2,
      password: VNEID_DEMO_PASSWORD,
      action: 'login',
    });
    expect(out.page?.status).toBe(401);
  });
});

describe('identity provider clients configuration', () => {
  it('has documented defaults', () => {
    expect(identityProviderClientsFromEnv({})).toEqual(IDENTITY_PROVIDER_CLIENT_DEFAULTS);
    expect(IDENTITY_PROVIDER_CLIENT_DEFAULTS.vneid.redirectUris).toEqual([
      'http://localhost:8080/dang-nhap/vneid/callback',
    ]);
  });

  it('reads the client id, secret and redirect URIs from the environment', () => {
    const c = identityProviderClientsFromEnv({
      KYSO_POSTID_CLIENT_ID: 'x',
      KYSO_POSTID_CLIENT_SECRET: 's'.repeat(16),
      KYSO_POSTID_REDIRECT_URIS: 'https://a.test/cb, https://b.test/cb',
    });
    expect(c.postid).toEqual({
      clientId: 'x',
      clientSecret: 's'.repeat(16),
      redirectUris: ['https://a.test/cb', 'https://b.test/cb'],
    });
  });

  it('refuses a short secret and a redirect URI that is not http(s)', () => {
    expect(() => identityProviderClientsFromEnv({ KYSO_VNEID_CLIENT_SECRET: 'short' })).toThrow(
      IdentityProviderConfigError,
    );
    expect(() => identityProviderClientsFromEnv({ KYSO_VNEID_REDIRECT_URIS: 'javascript:alert(1)' })).toThrow(
      IdentityProviderConfigError,
    );
  });
});
