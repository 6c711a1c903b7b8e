/**
 * Test kit of the SSO journey between the real national portal (OpenID provider, A's ssoTestKit) and the
 * ministry portal, both listening on 127.0.0.1: one or several instances of each, the ministry registered
 * at the provider per the contract, a browser that crosses both origins, and helpers for the steps.
 */

import { type MinistryDb, openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import { buildMinistryApp, type MinistryApp } from '../../src/ministry/ministryApp.js';
import { DEVELOPMENT_PEPPER } from '../../src/portal/config.js';
import type { DatabaseTarget, PortalDb } from '../../src/portal/db/connect.js';
import { ministryClient } from '../../src/portal/oidc/openIdProviderConfig.js';
import type { CertificateTrust } from '../../src/portal/portalContext.js';
import {
  type BrowserStop,
  freePort,
  passwordLogin,
  type SsoBrowser,
  type SsoPortal,
  seedAccount,
  startSsoPortal,
} from '../portal/oidc/ssoTestKit.js';
import type { Simulators } from '../portal/portalTestKit.js';
import { ministryTestConfig } from './ministryTestKit.js';

export const MINISTRY_SECRET = 'bocongan-dvc-test-secret-0123456789';

export interface SsoJourney {
  portal: SsoPortal;
  /** The ministry's public origin (its first instance). */
  ministryOrigin: string;
  /** Origins each ministry instance listens on (the first is the public one). */
  ministryOrigins: string[];
  ministries: MinistryApp[];
  ministryDb: MinistryDb;
  /** Back-channel logout tokens the ministry received (recorded before validation). */
  logoutTokens: string[];
  close(): Promise<void>;
}

export async function startSsoJourney(
  simulators: Simulators,
  options: {
    kind?: 'sqlite' | 'postgres';
    portalInstances?: number;
    ministryInstances?: number;
    ministryDatabase?: DatabaseTarget;
    /** The national portal's database (default: A's test database of `kind`); closed by the caller. */
    portalDb?: PortalDb;
    trust?: CertificateTrust;
  } = {},
): Promise<SsoJourney> {
  const ports: number[] = [];
  for (let i = 0; i < (options.ministryInstances ?? 1); i++) ports.push(await freePort());
  const ministryOrigins = ports.map((p) => `http://127.0.0.1:${p}`);
  const ministryOrigin = ministryOrigins[0] ?? '';
  const portal = await startSsoPortal(
    simulators,
    [ministryClient(ministryOrigin, 'bocongan-dvc', MINISTRY_SECRET)],
    {
      kind: options.kind ?? 'sqlite',
      instances: options.portalInstances ?? 1,
      ...(options.portalDb ? { db: options.portalDb } : {}),
    },
  );
  const ministryDb = await openMinistryDatabase(options.ministryDatabase ?? { sqlitePath: ':memory:' });
  const base = ministryTestConfig(simulators.url, {
    publicOrigin: ministryOrigin,
    nationalIssuer: portal.issuer,
  });
  const config = { ...base, clientSecret: MINISTRY_SECRET };
  const logoutTokens: string[] = [];
  const ministries: MinistryApp[] = [];
  for (const port of ports) {
    const built = await buildMinistryApp({
      config,
      db: ministryDb,
      logger: false,
      ...(options.trust ? { trust: options.trust } : {}),
    });
    built.app.addHook('preHandler', async (req) => {
      if (req.url === '/dang-nhap/dvcqg/backchannel-logout') {
        const t = (req.body as { logout_token?: unknown } | undefined)?.logout_token;
        if (typeof t === 'string') logoutTokens.push(t);
      }
    });
    await built.app.listen({ host: '127.0.0.1', port });
    ministries.push(built);
  }
  return {
    portal,
    ministryOrigin,
    ministryOrigins,
    ministries,
    ministryDb,
    logoutTokens,
    async close() {
      for (const m of ministries) {
        m.app.server.closeAllConnections();
        await m.app.close();
      }
      await portal.close();
      await ministryDb.destroy();
    },
  };
}

/** Seeds `person` as a national-portal account (the kit's password, the development pepper); its id. */
export function seedNationalAccount(
  j: Pick<SsoJourney, 'portal'>,
  person: Parameters<typeof seedAccount>[1],
): Promise<string> {
  return seedAccount(j.portal.db, person, DEVELOPMENT_PEPPER);
}

/**
 * Goes to `url` and follows every redirect, across the national and the ministry portal, until a page.
 * `route` may send a request to another instance (a load balancer's choice) by rewriting its URL.
 */
export async function follow(
  b: SsoBrowser,
  url: string,
  init: RequestInit = {},
  route: (url: string) => string = (u) => u,
): Promise<BrowserStop> {
  let stop = await b.go(route(url), init);
  for (let hops = 0; stop.left && hops < 15; hops++) stop = await b.go(route(stop.url));
  return stop;
}

/** Submits a form of `page` (CSRF token included) and follows the redirects across both portals. */
export async function submitAcross(
  b: SsoBrowser,
  page: BrowserStop,
  action: string,
  fields: Record<string, string>,
  route: (url: string) => string = (u) => u,
): Promise<BrowserStop> {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
  return follow(
    b,
    new URL(action, page.url).href,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    },
    route,
  );
}

/**
 * From a ministry URL through the national portal's sign-in (password + SMS OTP, when it asks) and consent
 * (when it asks), back to the ministry: the page the browser ends on.
 */
export async function throughNationalPortal(
  simulators: Simulators,
  b: SsoBrowser,
  url: string,
  who: { idNumber: string; phone: string },
): Promise<BrowserStop> {
  let stop = await follow(b, url);
  if (stop.url.includes('/dang-nhap/luong/'))
    stop = await passwordLogin(b, stop, simulators, { username: who.idNumber, phone: who.phone });
  if (stop.html.includes('data-page="sso-consent"')) {
    const back = await b.submit(stop, stop.url, { action: 'allow' });
    stop = back.left ? await follow(b, back.url) : back;
  }
  return stop;
}

/** The e-mails the simulators' outbox holds for `to`. */
export async function emailsTo(simulators: Simulators, to: string): Promise<{ subject: string }[]> {
  const r = await fetch(`${simulators.url}/dev/outbox/email?to=${encodeURIComponent(to)}`);
  return ((await r.json()) as { messages: { subject: string }[] }).messages;
}

export function pathOf(stop: BrowserStop): string {
  return new URL(stop.url).pathname;
}

/** Waits until `condition` holds (the provider sends back-channel logouts on its own schedule), at most 5 s. */
export async function eventually(condition: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

/** Back-channel logouts the ministry has completed (audit entries). */
export async function backchannelLogouts(j: Pick<SsoJourney, 'ministryDb'>): Promise<number> {
  const rows = await j.ministryDb
    .selectFrom('auditLog')
    .select('id')
    .where('event', '=', 'session.backchannel_logout')
    .execute();
  return rows.length;
}
