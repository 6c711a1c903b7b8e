/**
 * Single sign-on round trips on the national portal's OpenID provider, on SQLite and PostgreSQL:
 * authorize (a signed-in browser session that already gave consent: the code comes back at once) →
 * token (client_secret_basic + PKCE verifier) → userinfo (claims from the account and the simulated
 * population database), over loopback HTTP, 16 concurrent browser sessions of one citizen.
 * Baseline in the same run, alternated in slices with the same client and concurrency: the portal's
 * plain `GET /healthz` (its hooks: security headers, language, session look-up) — one round trip is three
 * provider requests, so the figure to read is provider requests/s against /healthz requests/s.
 *
 *   node --import tsx bench/sso.bench.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { PortalDb } from '../demo-server/src/portal/db/connect.js';
import {
  type BrowserStop,
  passwordLogin,
  SsoBrowser,
  seedAccount,
  startRpEndpoint,
  startSsoPortal,
  testMinistryClient,
} from '../demo-server/test/portal/oidc/ssoTestKit.js';
import { startTestSimulators } from '../demo-server/test/portal/portalTestKit.js';
import { type BenchDatabase, postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabases.js';
import { formatLoad, type LoadResult, mergeLoads, runLoad } from './support/loadRunner.js';

const SESSIONS = 16;
const SLICE_MS = 1_500;
const SLICES = 3;
const WARMUP_MS = 1_000;
const THU = {
  idNumber: '075197002233',
  fullName: 'Hồ Thị Thu',
  dateOfBirth: '19/12/1997',
  phone: '0708123456',
};
const PEPPER = 'kyso-demo-pepper-not-for-production';

const b64url = (b: Buffer) => b.toString('base64url');

async function runOn(target: BenchDatabase, simulators: Awaited<ReturnType<typeof startTestSimulators>>) {
  const rp = await startRpEndpoint();
  const client = testMinistryClient(rp);
  const db: PortalDb = await target.open();
  for (const t of ['oidcPayloads', 'sessionSignIns', 'sessions', 'accounts'] as const)
    await db.deleteFrom(t).execute();
  const portal = await startSsoPortal(simulators, [client], { db });
  await seedAccount(db, { subject: 'congDan', ...THU }, PEPPER);
  const redirectUri = client.redirect_uris[0] ?? '';
  const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;

  function authorizationUrl(challenge: string, state: string): string {
    const q = new URLSearchParams({
      client_id: client.client_id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    });
    return `${portal.issuer}/oauth2/authorize?${q}`;
  }

  // Each browser signs in once (password + OTP) and gives consent once.
  const browsers: SsoBrowser[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const b = new SsoBrowser(portal.issuer);
    const login: BrowserStop = await b.go(authorizationUrl(b64url(randomBytes(32)), 's'));
    const consent = await passwordLogin(b, login, simulators, { username: THU.idNumber, phone: THU.phone });
    const back = await b.submit(consent, consent.url, { action: 'allow' });
    if (!back.left) throw new Error('setup: no redirect to the client after consent');
    browsers.push(b);
  }

  async function roundTrip(w: number): Promise<{ ok: boolean }> {
    const b = browsers[w % SESSIONS] as SsoBrowser;
    const verifier = b64url(randomBytes(32));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    const res = await b.request(authorizationUrl(challenge, 'st'));
    await res.arrayBuffer();
    const location = res.headers.get('location') ?? '';
    const code = location.startsWith(redirectUri) ? new URL(location).searchParams.get('code') : null;
    if (res.status !== 303 || !code) return { ok: false };
    const token = await fetch(`${portal.issuer}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }).toString(),
    });
    const tokens = (await token.json()) as { access_token?: string; id_token?: string };
    if (token.status !== 200 || !tokens.access_token || !tokens.id_token) return { ok: false };
    const info = await fetch(`${portal.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const claims = (await info.json()) as { SoDinhDanh?: string };
    return { ok: info.status === 200 && claims.SoDinhDanh === THU.idNumber };
  }

  async function healthz(): Promise<{ ok: boolean }> {
    const r = await fetch(`${portal.issuer}/healthz`);
    await r.arrayBuffer();
    return { ok: r.status === 200 };
  }

  await runLoad({ concurrency: SESSIONS, durationMs: WARMUP_MS, task: (w) => roundTrip(w) });
  await runLoad({ concurrency: SESSIONS, durationMs: WARMUP_MS / 2, task: () => healthz() });
  const sso: LoadResult[] = [];
  const base: LoadResult[] = [];
  for (let i = 0; i < SLICES; i++) {
    base.push(await runLoad({ concurrency: SESSIONS, durationMs: SLICE_MS, task: () => healthz() }));
    sso.push(await runLoad({ concurrency: SESSIONS, durationMs: SLICE_MS, task: (w) => roundTrip(w) }));
  }
  const s = mergeLoads(sso);
  const h = mergeLoads(base);
  const rows = await db
    .selectFrom('oidcPayloads')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirst();
  await portal.close();
  await db.destroy();
  await rp.close();
  target.dispose();
  return { s, h, rows: Number(rows?.n ?? 0) };
}

async function main() {
  const started = Date.now();
  process.stdout.write(
    `SSO round trips (authorize → token → userinfo), ${SESSIONS} concurrent signed-in sessions, ${availableParallelism()} CPUs, load ${loadavg()[0]?.toFixed(2)}\n`,
  );
  const simulators = await startTestSimulators();
  const targets: BenchDatabase[] = [sqliteBenchDatabase()];
  const pg = await postgresBenchDatabase();
  if (pg) targets.push(pg);
  for (const target of targets) {
    const { s, h, rows } = await runOn(target, simulators);
    process.stdout.write(`\n[${target.kind}]\n`);
    process.stdout.write(`  baseline GET /healthz        ${formatLoad(h)}\n`);
    process.stdout.write(`  SSO round trip (3 requests)  ${formatLoad(s)}\n`);
    process.stdout.write(
      `  ratio: round trips/s ÷ healthz/s = ${(s.perSecond / h.perSecond).toFixed(3)}; provider requests/s ÷ healthz/s = ${((3 * s.perSecond) / h.perSecond).toFixed(3)}; failed ${s.failed}\n`,
    );
    process.stdout.write(`  oidc_payloads rows after the run: ${rows}\n`);
  }
  await simulators.close();
  process.stdout.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

await main();
