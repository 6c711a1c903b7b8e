/**
 * Test kit of the single sign-on: the national portal listening on a free port as OpenID provider (one or
 * several instances over one database), a relying-party stand-in that receives back-channel logouts,
 * a cookie-keeping browser, real openid-client RPs, and seeded accounts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import type { Clock } from '../../../src/portal/clock.js';
import { DEFAULT_LIMITS } from '../../../src/portal/config.js';
import type { PortalDb } from '../../../src/portal/db/connect.js';
import type { Subject } from '../../../src/portal/db/schema.js';
import { federationConfigFromEnv } from '../../../src/portal/federation/federationConfig.js';
import { ministryClient, type OidcClientMetadata } from '../../../src/portal/oidc/openIdProviderConfig.js';
import { buildPortalApp } from '../../../src/portal/portalApp.js';
import { hashPassword } from '../../../src/portal/security/passwordHash.js';
import { lastOtp, type Simulators, startTestSimulators, testConfig, testDatabase } from '../portalTestKit.js';

export { freePort } from '../../freePort.js';

import { freePort } from '../../freePort.js';

export const PASSWORD = 'Biển#Xanh42';

/** The relying party's side: back-channel logout tokens are recorded, GET pages answer 200. */
export interface RpEndpoint {
  origin: string;
  logoutTokens: string[];
  close(): Promise<void>;
}

export async function startRpEndpoint(): Promise<RpEndpoint> {
  const logoutTokens: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      // A relying party that is down: its back-channel endpoint fails.
      if (req.method === 'POST' && req.url?.startsWith('/hong/')) {
        res.writeHead(500).end();
        return;
      }
      if (req.method === 'POST' && req.url?.endsWith('/backchannel-logout')) {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) logoutTokens.push(token);
        res.writeHead(200).end();
        return;
      }
      // The browser's last stop (callback, post-logout page): a plain page.
      if (req.method === 'GET') {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><title>RP</title>');
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    logoutTokens,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface SsoPortal {
  issuer: string;
  /** Origins of each instance (the first one is the issuer's). */
  origins: string[];
  apps: FastifyInstance[];
  db: PortalDb;
  close(): Promise<void>;
}

export interface SsoPortalOptions {
  kind?: 'sqlite' | 'postgres';
  instances?: number;
  /** A database of the caller's, left open by `close()` (default: a new one of `kind`, closed with the portal). */
  db?: PortalDb;
  /** The portal's clock (default: the system's). */
  clock?: Clock;
  /** Interval of the sweep of ended portal sessions (default: the provider's). */
  endedSessionSweepMs?: number;
}

/** Portal instances listening on 127.0.0.1, all with the issuer of the first one, over one database. */
export async function startSsoPortal(
  simulators: Simulators,
  clients: OidcClientMetadata[],
  options: SsoPortalOptions = {},
): Promise<SsoPortal> {
  const db = options.db ?? (await testDatabase(options.kind ?? 'sqlite'));
  const ports: number[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) ports.push(await freePort());
  const issuer = `http://127.0.0.1:${ports[0]}`;
  // Many sign-ins of the same people from one address: the throttles are not under test here.
  const config = testConfig(simulators.url, {
    publicOrigin: issuer,
    limits: {
      ...DEFAULT_LIMITS,
      otpSendsPerPhone: 10_000,
      otpResendCooldownMs: 0,
      loginFailuresPerIp: 10_000,
      registryChecksPerIp: 10_000,
    },
  });
  const apps: FastifyInstance[] = [];
  for (const port of ports) {
    const { app } = await buildPortalApp({
      config,
      db,
      logger: false,
      openIdProvider: {
        clients,
        ...(options.endedSessionSweepMs !== undefined
          ? { endedSessionSweepMs: options.endedSessionSweepMs }
          : {}),
      },
      ...(options.clock ? { clock: options.clock } : {}),
      // The simulated VNeID / PostID know the portal by its default origin; the test maps the callback back.
      federation: federationConfigFromEnv({ ...config, publicOrigin: 'http://localhost:8080' }),
    });
    await app.listen({ host: '127.0.0.1', port });
    apps.push(app);
  }
  return {
    issuer,
    origins: ports.map((p) => `http://127.0.0.1:${p}`),
    apps,
    db,
    async close() {
      for (const app of apps) {
        app.server.closeAllConnections();
        await app.close();
      }
      if (!options.db) await db.destroy();
    },
  };
}

/** A second, independent relying party with its own origin (nothing listens there: its callbacks are read, not followed). */
export const SECOND_CLIENT: OidcClientMetadata = {
  client_id: 'so-tu-phap-hn',
  client_secret: 'so-tu-phap-test-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:9/callback'],
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  client_name: 'Sở Tư pháp Hà Nội',
};

export interface SsoWorld {
  simulators: Simulators;
  /** The relying party's endpoint (the ministry's callback and back-channel logout). */
  rp: RpEndpoint;
  /** The ministry's registration at `rp`. */
  ministry: OidcClientMetadata;
  portal: SsoPortal;
  /** Stops the portal (and closes its PostgreSQL database), the relying party and the simulators. */
  close(): Promise<void>;
}

/**
 * The single sign-on's world: the simulators, a relying-party endpoint, and the portal with the ministry
 * registered as its first client, then `otherClients(rp)`. `postgres`: the portal runs on that PostgreSQL
 * test database (KYSO_TEST_DATABASE_URL), the provider's tables emptied first.
 */
export async function startSsoWorld(
  options: Omit<SsoPortalOptions, 'db' | 'kind'> & {
    otherClients?: (rp: RpEndpoint) => OidcClientMetadata[];
    postgres?: string;
  } = {},
): Promise<SsoWorld> {
  const { otherClients, postgres, ...portalOptions } = options;
  const simulators = await startTestSimulators();
  let rp: RpEndpoint | undefined;
  let db: PortalDb | undefined;
  try {
    rp = await startRpEndpoint();
    const ministry = testMinistryClient(rp);
    if (postgres) {
      db = await testDatabase('postgres', postgres);
      for (const t of ['oidcPayloads', 'sessionSignIns'] as const) await db.deleteFrom(t).execute();
    }
    const clients = [ministry, ...(otherClients?.(rp) ?? [])];
    const portal = await startSsoPortal(simulators, clients, { ...portalOptions, ...(db ? { db } : {}) });
    const endpoint = rp;
    return {
      simulators,
      rp,
      ministry,
      portal,
      async close() {
        await portal.close();
        await db?.destroy();
        await endpoint.close();
        await simulators.close();
      },
    };
  } catch (e) {
    await db?.destroy();
    await rp?.close();
    await simulators.close();
    throw e;
  }
}

/** The ministry's registration with its endpoints at `rp` (the contract's shape), and its secret. */
export function testMinistryClient(rp: RpEndpoint, clientId = 'bocongan-dvc'): OidcClientMetadata {
  return ministryClient(rp.origin, clientId, `${clientId}-test-secret-0123456789`);
}

/** A browser: keeps cookies per name, follows redirects while they stay on `origin`. */
export class SsoBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    this.keep(res);
    return res;
  }

  /** Requests `url`, follows redirects on the origin; stops at a page or at a URL elsewhere. */
  async go(url: string, init: RequestInit = {}): Promise<BrowserStop> {
    let res = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 15 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location') ?? '', current).href;
      await res.arrayBuffer();
      if (!next.startsWith(this.origin)) return { url: next, status: res.status, html: '', left: true };
      current = next;
      res = await this.request(current);
    }
    return { url: current, status: res.status, html: await res.text(), left: false };
  }

  /** Submits a form of the current page (its CSRF token included) and follows redirects. */
  async submit(page: BrowserStop, action: string, fields: Record<string, string>): Promise<BrowserStop> {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    return this.go(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  }
}

export interface BrowserStop {
  url: string;
  status: number;
  html: string;
  /** True when the browser was sent away from the portal (to `url`). */
  left: boolean;
}

/** Signs in on the login page that `page` shows (password + SMS OTP); returns where the browser ends. */
export async function passwordLogin(
  b: SsoBrowser,
  page: BrowserStop,
  simulators: Simulators,
  who: { username: string; phone: string },
): Promise<BrowserStop> {
  if (!page.url.includes('/dang-nhap/luong/')) throw new Error(`not a login page: ${page.url}`);
  const action = new URL(page.url).pathname;
  const otpPage = await b.submit(page, action, {
    username: who.username,
    password: PASSWORD,
    captcha: 'kiemthu',
  });
  if (!otpPage.html.includes('data-flow-state="otp"')) throw new Error('password step refused');
  return b.submit(otpPage, action, { otp: await lastOtp(simulators, who.phone) });
}

/**
 * A new browser at the login page of `portal` for an authorization request of `client` (plus `extra`
 * parameters): the RP's configuration, its request and the page. `via`: the RP's calls go to that instance.
 */
export async function toLoginPage(
  portal: SsoPortal,
  client: OidcClientMetadata,
  extra: Record<string, string> = {},
  via?: string,
): Promise<{ b: SsoBrowser; config: oidc.Configuration; start: AuthorizationStart; login: BrowserStop }> {
  const b = new SsoBrowser(portal.issuer);
  const config = await relyingParty(portal.issuer, client, via);
  const start = await authorizationRequest(config, client, extra);
  return { b, config, start, login: await b.go(start.url.href) };
}

/**
 * A new browser signs in on `portal` (password + SMS OTP) through an authorization request of `client` and
 * allows sharing: the RP's configuration, its request, and the callback URL (with the code) the browser was
 * sent to. `via`: the RP's calls to the provider go to that instance.
 */
export async function signInThroughSso(
  portal: SsoPortal,
  simulators: Simulators,
  client: OidcClientMetadata,
  who: { idNumber: string; phone: string },
  via?: string,
): Promise<{ b: SsoBrowser; config: oidc.Configuration; start: AuthorizationStart; callback: string }> {
  const { b, config, start, login } = await toLoginPage(portal, client, {}, via);
  const consent = await passwordLogin(b, login, simulators, { username: who.idNumber, phone: who.phone });
  const back = await b.submit(consent, consent.url, { action: 'allow' });
  if (!back.left) throw new Error(`not sent back to the client: ${back.url}`);
  return { b, config, start, callback: back.url };
}

export async function seedAccount(
  db: PortalDb,
  a: {
    subject: Subject;
    idNumber: string;
    fullName: string;
    dateOfBirth?: string | null;
    phone: string;
    email?: string | null;
    bhxhCode?: string | null;
  },
  pepper: string,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('accounts')
    .values({
      id,
      username: a.idNumber,
      subject: a.subject,
      idNumber: a.idNumber,
      fullName: a.fullName,
      dateOfBirth: a.dateOfBirth ?? null,
      phone: a.phone,
      email: a.email ?? null,
      bhxhCode: a.bhxhCode ?? null,
      passwordHash: await hashPassword(PASSWORD, pepper),
      verificationLevel: 2,
      registrationMethod: 'thueBaoDiDong',
      createdAt: Date.now(),
    })
    .execute();
  return id;
}

/** An openid-client relying party of `client` at the issuer; `via` sends its back-channel calls elsewhere. */
export async function relyingParty(
  issuer: string,
  client: OidcClientMetadata,
  via?: string,
): Promise<oidc.Configuration> {
  const config = await oidc.discovery(
    new URL(issuer),
    client.client_id,
    client.client_secret,
    oidc.ClientSecretBasic(client.client_secret),
    { execute: [oidc.allowInsecureRequests] },
  );
  if (via) {
    config[oidc.customFetch] = (url, options) => fetch(url.replace(issuer, via), options as RequestInit);
  }
  return config;
}

export interface AuthorizationStart {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** An authorization request with PKCE S256, state and nonce (plus `extra` parameters). */
export async function authorizationRequest(
  config: oidc.Configuration,
  client: OidcClientMetadata,
  extra: Record<string, string> = {},
): Promise<AuthorizationStart> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.redirect_uris[0] ?? '',
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** The code exchange and the userinfo request of an RP. */
export async function redeem(config: oidc.Configuration, start: AuthorizationStart, callbackUrl: string) {
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: start.verifier,
    expectedState: start.state,
    expectedNonce: start.nonce,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new Error('no ID token');
  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
  return { tokens, idToken, userinfo };
}
