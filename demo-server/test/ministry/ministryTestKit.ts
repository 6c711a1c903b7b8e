/**
 * Test kit of the ministry portal: its configuration for tests, an instance over an in-memory SQLite (or a
 * given) database, and a browser-like client of one app (cookie kyso_bca_sid, CSRF token read from pages).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type MinistryDb, openMinistryDatabase } from '../../src/ministry/db/openMinistryDatabase.js';
import { buildMinistryApp, type MinistryApp } from '../../src/ministry/ministryApp.js';
import { loadMinistryConfig, type MinistryConfig } from '../../src/ministry/ministryConfig.js';
import { type ManualClock, manualClock } from '../../src/portal/clock.js';
import type { CertificateTrust } from '../../src/portal/portalContext.js';

export function ministryTestConfig(
  simulatorsUrl: string,
  overrides: { publicOrigin?: string; nationalIssuer?: string; databaseUrl?: string } = {},
): MinistryConfig {
  const base = loadMinistryConfig({
    NODE_ENV: 'test',
    KYSO_SIMULATORS_URL: simulatorsUrl,
    ...(overrides.publicOrigin ? { KYSO_MINISTRY_PUBLIC_ORIGIN: overrides.publicOrigin } : {}),
    ...(overrides.nationalIssuer ? { KYSO_NATIONAL_PORTAL_ISSUER: overrides.nationalIssuer } : {}),
    ...(overrides.databaseUrl ? { KYSO_MINISTRY_DATABASE_URL: overrides.databaseUrl } : {}),
  });
  return { ...base, limits: { ...base.limits, externalTimeoutMs: 2000 } };
}

export interface MinistryHarness extends MinistryApp {
  db: MinistryDb;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startMinistryHarness(
  config: MinistryConfig,
  options: { trust?: CertificateTrust; db?: MinistryDb } = {},
): Promise<MinistryHarness> {
  const db = options.db ?? (await openMinistryDatabase({ sqlitePath: ':memory:' }));
  const clock = manualClock(Date.now());
  const built = await buildMinistryApp({
    config,
    db,
    clock,
    logger: false,
    ...(options.trust ? { trust: options.trust } : {}),
  });
  return {
    ...built,
    db,
    clock,
    async close() {
      await built.app.close();
      if (!options.db) await db.destroy();
    },
  };
}

/** The value of a hidden `_csrf` field in a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token in the page');
  return m[1];
}

/** The message codes (`data-code`) a page shows. */
export function codesOf(html: string): string[] {
  return [...html.matchAll(/data-code="([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** A browser-like client of one ministry app over inject: keeps kyso_bca_sid, reads the CSRF token of each page. */
export class MinistryClient {
  cookie = '';
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  private capture(res: LightMyRequestResponse) {
    const set = res.cookies.find((c) => c.name === 'kyso_bca_sid');
    if (set) this.cookie = `kyso_bca_sid=${set.value}`;
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
  }

  async get(url: string) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    this.capture(res);
    return res;
  }

  /** A form post; `_csrf` is the last page's token unless given (null: none). */
  async post(url: string, form: Record<string, string> = {}, csrf: string | null = this.csrf) {
    const body = new URLSearchParams(csrf === null ? form : { ...form, _csrf: csrf }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      payload: body,
    });
    this.capture(res);
    return res;
  }
}
