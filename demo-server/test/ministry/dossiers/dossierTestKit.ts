/**
 * Test kit of the dossier module: a real Fastify app with the module mounted through a small DossierHost
 * (accounts chosen by a test header, CSRF checked on every POST like the ministry app does), a real database
 * (in-memory SQLite, or PostgreSQL when asked) migrated with `dossierMigrations`, the real simulators app
 * (MSSP, remote signing, OCSP/CRL) and the demo PKI trust. Signatures are real: lib's `signCms` with the
 * demo identities' private keys as the signer.
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import formbody from '@fastify/formbody';
import { type DigestSigner, signCms } from '@kyso/lib';
import { type DemoIdentity, type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import {
  CamelCasePlugin,
  Kysely,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';
import pg from 'pg';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type {
  DossierHost,
  MinistryAccountView,
  MinistryOfficerView,
} from '../../../src/ministry/dossiers/dossierHost.js';
import { dossierMigrations } from '../../../src/ministry/dossiers/dossierMigrations.js';
import { registerDossierRoutes } from '../../../src/ministry/dossiers/dossierRoutes.js';
import type { CertificateTrust } from '../../../src/portal/portalContext.js';
import { demoPkiTrust } from '../../portal/demoPkiTrust.js';
import { type Simulators, startTestSimulators } from '../../portal/portalTestKit.js';

export { freePort } from '../../freePort.js';

export const CSRF = 'csrf-token-of-the-test-session';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** RSA PKCS#1 v1.5 over a SHA-256 digest with a demo identity's key (what a token does with CKM_RSA_PKCS). */
export function rsaSigner(identity: Pick<DemoIdentity, 'privateKey'>): DigestSigner {
  const key = createPrivateKey({ key: Buffer.from(identity.privateKey), format: 'der', type: 'pkcs8' });
  return async (digest, algorithm) => {
    if (algorithm.hash !== 'SHA-256' || algorithm.scheme !== 'RSASSA-PKCS1-v1_5')
      throw new Error(`test signer: ${algorithm.hash}/${algorithm.scheme} not supported`);
    return privateEncrypt(
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([SHA256_DIGEST_INFO, digest]),
    );
  };
}

/** Detached CAdES-B-B of `content` by a demo identity (the CMS the page makes with Kyso.signCms). */
export function signAs(identity: DemoIdentity, content: Uint8Array): Promise<Uint8Array> {
  return signCms({
    content,
    detached: true,
    certificate: identity.certificate,
    chain: identity.chain,
    signer: rsaSigner(identity),
  });
}

export function account(
  partial: Partial<MinistryAccountView> & { id: string; idNumber: string },
): MinistryAccountView {
  return {
    subject: 'congDan',
    fullName: 'Nguyễn Văn An',
    email: null,
    phone: null,
    linked: true,
    nationalClaims: null,
    ...partial,
  };
}

export interface DossierClient {
  get(url: string, as?: string): Promise<LightMyRequestResponse>;
  post(
    url: string,
    form: Record<string, string>,
    as?: string,
    csrf?: string,
  ): Promise<LightMyRequestResponse>;
}

export interface DossierHarness extends DossierClient {
  app: FastifyInstance;
  /** Every app instance (the module mounted on each, one database); `via(i)` talks to instance i. */
  apps: FastifyInstance[];
  via(instance: number): DossierClient;
  pki: DemoPki;
  simulators: Simulators;
  // biome-ignore lint/suspicious/noExplicitAny: the harness reads the module's tables directly
  db: Kysely<any>;
  accounts: Map<string, MinistryAccountView>;
  officers: Map<string, MinistryOfficerView>;
  audits: { event: string; accountId: string | null; detail: Record<string, unknown> }[];
  notices: { accountId: string; subject: string; text: string }[];
  clock: { now: number | null };
  get(url: string, as?: string): Promise<LightMyRequestResponse>;
  post(
    url: string,
    form: Record<string, string>,
    as?: string,
    csrf?: string,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: see DossierHarness.db
async function openDatabase(kind: 'sqlite' | 'postgres', name: string): Promise<Kysely<any>> {
  if (kind === 'sqlite')
    return new Kysely({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
      plugins: [new CamelCasePlugin()],
    });
  const url = process.env.KYSO_TEST_DATABASE_URL;
  if (!url) throw new Error('KYSO_TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: u.toString(), max: 4 }) }),
    plugins: [new CamelCasePlugin()],
  });
  for (const t of [
    'dossier_signings',
    'dossier_events',
    'dossiers',
    'kysely_migration',
    'kysely_migration_lock',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  return db;
}

export async function startDossierHarness(
  options: {
    kind?: 'sqlite' | 'postgres';
    /** PostgreSQL: the database of this suite (created next to KYSO_TEST_DATABASE_URL; suites run in parallel). */
    database?: string;
    trust?: (pki: DemoPki, simulatorsUrl: string) => CertificateTrust;
    officerRole?: boolean;
    instances?: number;
    /** The PKI that certifies the simulators' SIM and remote-signing keys; default the demo PKI itself. */
    simulatorsPki?: (pki: DemoPki) => DemoPki;
  } = {},
): Promise<DossierHarness> {
  const pki = await loadDemoPki();
  const simulatorsPki = options.simulatorsPki?.(pki);
  const simulators = await startTestSimulators(simulatorsPki ? { demoPki: simulatorsPki } : {});
  const trust = options.trust ? options.trust(pki, simulators.url) : demoPkiTrust(pki, simulators.url);
  const db = await openDatabase(options.kind ?? 'sqlite', options.database ?? 'kyso_dossiers_test');
  const provider: MigrationProvider = { getMigrations: async () => dossierMigrations };
  const migrated = await new Migrator({ db, provider }).migrateToLatest();
  if (migrated.error) throw migrated.error;

  const accounts = new Map<string, MinistryAccountView>();
  const officers = new Map<string, MinistryOfficerView>();
  const audits: DossierHarness['audits'] = [];
  const notices: DossierHarness['notices'] = [];
  const clock: { now: number | null } = { now: null };
  const who = (req: { headers: Record<string, unknown> }) => String(req.headers['x-test-account'] ?? '');

  const host: DossierHost = {
    db,
    now: () => clock.now ?? Date.now(),
    lang: (req) => ((req.query as { lang?: string }).lang === 'en' ? 'en' : 'vi'),
    currentAccount: async (req) => accounts.get(who(req)) ?? null,
    requireSignIn: async (_req, reply, returnTo) =>
      reply.redirect(`/dang-nhap?returnTo=${encodeURIComponent(returnTo)}`, 303),
    csrfToken: () => CSRF,
    sendPage: async (_req, reply, title, body) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html>${renderToString(h('html', { lang: 'vi' }, h('body', null, h('h1', null, title), body)))}`,
        ),
    audit: async (_req, event, accountId, detail) => {
      audits.push({ event, accountId, detail });
    },
    notify: async (accountId, subject, text) => {
      notices.push({ accountId, subject, text });
    },
    trust,
    simulatorsUrl: simulators.url,
    ...(options.officerRole === false
      ? {}
      : { currentOfficer: async (req) => officers.get(who(req)) ?? null }),
  };

  const apps: FastifyInstance[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    const app = Fastify({ logger: false });
    await app.register(formbody);
    app.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST') return;
      const token = (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.headers['x-csrf-token'];
      if (token !== CSRF) return reply.code(403).send('CSRF');
    });
    registerDossierRoutes(app, host);
    await app.ready();
    apps.push(app);
  }

  const headers = (as?: string) => (as ? { 'x-test-account': as } : {});
  const via = (i: number): DossierClient => {
    const app = apps[i];
    if (!app) throw new Error(`no instance ${i}`);
    return {
      get: (url, as) => app.inject({ method: 'GET', url, headers: headers(as) }),
      post: (url, form, as, csrf = CSRF) =>
        app.inject({
          method: 'POST',
          url,
          headers: { ...headers(as), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        }),
    };
  };
  return {
    ...via(0),
    app: apps[0] as FastifyInstance,
    apps,
    via,
    pki,
    simulators,
    db,
    accounts,
    officers,
    audits,
    notices,
    clock,
    async close() {
      for (const app of apps) await app.close();
      await simulators.close();
      await db.destroy();
    },
  };
}

/** The value of `attribute` on the element with `id` in an HTML page (for data-* checks). */
export function attributeOf(html: string, id: string, attribute: string): string | null {
  const tag = new RegExp(`<[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  const m = new RegExp(`\\b${attribute}="([^"]*)"`).exec(tag);
  return m ? (m[1] ?? '') : null;
}

/** `data-ok` of each report row (`data-check`). */
export function reportChecks(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<tr data-check="([^"]+)"(?: data-ok="([^"]+)")?/g))
    out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

/** Codes listed in the page's issue lists and messages. */
export function codesIn(html: string): string[] {
  return [...html.matchAll(/data-code="([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The complete residence-registration answers of the demo citizen An. */
export const RESIDENCE_FORM: Record<string, string> = {
  hoVaTen: 'Nguyễn Văn An',
  soDinhDanh: '001090012345',
  ngaySinh: '15/03/1990',
  gioiTinh: '1',
  soDienThoai: '0912345678',
  thuDienTu: 'an.nguyen@example.vn',
  diaChiDangKy: 'Số 5 ngõ 68 đường Cầu Giấy, Phường Cầu Giấy, Hà Nội',
  quanHeChuHo: 'chuHo',
  noiDungDeNghi: 'Đăng ký thường trú tại chỗ ở hợp pháp mới',
};
