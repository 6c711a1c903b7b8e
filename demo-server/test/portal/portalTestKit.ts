/**
 * Test kit: the real simulators app on a free port, portal instances over one database, and an API
 * client that keeps the session cookie and the CSRF token like a browser would.
 */
import { randomUUID } from 'node:crypto';
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { type ManualClock, manualClock } from '../../src/portal/clock.js';
import { loadPortalConfig, type PortalConfig } from '../../src/portal/config.js';
import { openPortalDatabase, type PortalDb } from '../../src/portal/db/connect.js';
import { federationDb } from '../../src/portal/federation/linkedIdentities.js';
import { buildPortalApp } from '../../src/portal/portalApp.js';
import type { CertificateTrust } from '../../src/portal/portalContext.js';
import { createSimulatorsApp } from '../../src/simulators/index.js';

export interface Simulators {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Simulators whose "timeout" magic values hold requests `timeoutDelayMs` (default 1.5 s: the portal gives
 * up after 1 s); `demoPki` (default: the demo PKI) certifies their SIM and remote-signing keys.
 */
export async function startTestSimulators(
  options: { demoPki?: DemoPki; timeoutDelayMs?: number } = {},
): Promise<Simulators> {
  const app = createSimulatorsApp({
    demoPki: options.demoPki ?? (await loadDemoPki()),
    timeoutDelayMs: options.timeoutDelayMs ?? 1500,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      // fetch keeps connections alive; drop them so that close() does not wait for their idle timeout.
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

export function testConfig(simulatorsUrl: string, overrides: Partial<PortalConfig> = {}): PortalConfig {
  const base = loadPortalConfig({ NODE_ENV: 'test', KYSO_SIMULATORS_URL: simulatorsUrl });
  return { ...base, ...overrides, limits: { ...base.limits, externalTimeoutMs: 1000, ...overrides.limits } };
}

/** Name of the portal's own database next to KYSO_TEST_DATABASE_URL (other suites use that one). */
const PORTAL_TEST_DB = 'kyso_portal_test';

/** The portal's test database URL on the server of KYSO_TEST_DATABASE_URL, created when missing. */
export async function postgresTestUrl(database: string = PORTAL_TEST_DB): Promise<string> {
  const url = process.env.KYSO_TEST_DATABASE_URL;
  if (!url) throw new Error('KYSO_TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Every table of portal state, children before the accounts they point to, emptied between PostgreSQL runs. The OpenID provider's `sessionSignIns` (one row
 * per sign-in) and `oidcPayloads` (its sessions, grants, codes) are state; `oidcKeys` is not: the provider's
 * signing keys, made once and shared by every instance, stay.
 */
export const PORTAL_STATE_TABLES = [
  'sessionSignIns',
  'oidcPayloads',
  'auditLog',
  'otps',
  'flows',
  'sessions',
  'rateLimits',
  'lockouts',
  'accountCertificates',
  'accounts',
] as const;

/** Empties a shared (PostgreSQL) test database: every portal table, linked identities included. */
export async function clearPortalTables(db: PortalDb): Promise<void> {
  await federationDb(db).deleteFrom('linkedIdentities').execute();
  for (const t of PORTAL_STATE_TABLES) await db.deleteFrom(t).execute();
}

/**
 * The database under test: PostgreSQL (emptied; `database` names it, default the portal suites' one) or
 * in-memory SQLite.
 */
export async function testDatabase(kind: 'sqlite' | 'postgres', database?: string): Promise<PortalDb> {
  if (kind === 'postgres') {
    const databaseUrl = await postgresTestUrl(database);
    const db = await openPortalDatabase({ databaseUrl, sqlitePath: ':memory:' });
    await clearPortalTables(db);
    return db;
  }
  return openPortalDatabase({ sqlitePath: ':memory:' });
}

/** A person as the registration forms ask for them (AN, THU of registrationFlowSuite.ts). */
export interface TestCitizen {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
}

/**
 * Inserts the account of `person` as registered with a mobile subscription (level 2, username = CCCD, no
 * e-mail nor BHXH code); returns its id.
 */
export async function insertCitizenAccount(
  db: PortalDb,
  person: TestCitizen,
  account: { id?: string; passwordHash: string | null; createdAt: number },
): Promise<string> {
  const id = account.id ?? randomUUID();
  await db
    .insertInto('accounts')
    .values({
      id,
      username: person.idNumber,
      subject: 'congDan',
      idNumber: person.idNumber,
      fullName: person.fullName,
      dateOfBirth: person.dateOfBirth,
      phone: person.phone,
      email: null,
      bhxhCode: null,
      passwordHash: account.passwordHash,
      verificationLevel: 2,
      registrationMethod: 'thueBaoDiDong',
      createdAt: account.createdAt,
    })
    .execute();
  return id;
}

export interface PortalHarness {
  instances: FastifyInstance[];
  config: PortalConfig;
  db: PortalDb;
  clock: ManualClock;
  simulators: Simulators;
  close(): Promise<void>;
}

export async function startPortalHarness(
  simulators: Simulators,
  options: {
    kind?: 'sqlite' | 'postgres';
    instances?: number;
    config?: Partial<PortalConfig>;
    trust?: CertificateTrust;
  } = {},
): Promise<PortalHarness> {
  const db = await testDatabase(options.kind ?? 'sqlite');
  const clock = manualClock(Date.now());
  const config = testConfig(simulators.url, options.config);
  const instances: FastifyInstance[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++)
    instances.push(
      (
        await buildPortalApp({
          config,
          db,
          clock,
          logger: false,
          ...(options.trust ? { trust: options.trust } : {}),
        })
      ).app,
    );
  return {
    instances,
    config,
    db,
    clock,
    simulators,
    async close() {
      for (const app of instances) await app.close();
      await db.destroy();
    },
  };
}

/** A browser-like API client: keeps kyso_sid and sends the CSRF token on state-changing requests. */
export class ApiClient {
  cookie = '';
  csrf = '';
  constructor(public app: FastifyInstance) {}

  async start(): Promise<this> {
    const r = await this.get('/api/session');
    this.csrf = r.json().csrfToken;
    return this;
  }

  private capture(res: LightMyRequestResponse) {
    const set = res.cookies.find((c) => c.name === 'kyso_sid');
    if (set) this.cookie = `kyso_sid=${set.value}`;
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

  async post(url: string, payload: Record<string, unknown> = {}, options: { csrf?: string | null } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) headers['x-csrf-token'] = token;
    const res = await this.app.inject({ method: 'POST', url, headers, payload });
    this.capture(res);
    return res;
  }
}

/** The newest OTP the SMS gateway delivered to `phone`. */
export async function lastOtp(simulators: Simulators, phone: string): Promise<string> {
  const r = await fetch(`${simulators.url}/dev/outbox/sms?to=${encodeURIComponent(phone)}`);
  const body = (await r.json()) as { messages: { text: string }[] };
  const code = /(\d{6})/.exec(body.messages[0]?.text ?? '')?.[1];
  if (!code) throw new Error(`no OTP for ${phone}`);
  return code;
}

export async function smsCount(simulators: Simulators, phone: string): Promise<number> {
  const r = await fetch(`${simulators.url}/dev/outbox/sms?to=${encodeURIComponent(phone)}`);
  return ((await r.json()) as { messages: unknown[] }).messages.length;
}
