/**
 * Crash consistency of registration: 1,000 concurrent registrations (Thuê bao di động, captcha test
 * bypass, OTP read from the SMS gateway) through the JSON API of the portal running as a child process;
 * the process is SIGKILLed once 300 of them have been acknowledged — or, on a slow or busy machine, after
 * 15 s if at least 30 were, and after 45 s at the latest — then restarted on the same database. A run in
 * which nothing was acknowledged before the kill proves nothing about acknowledged accounts and fails.
 * Checks, for SQLite (file in a temporary folder) and PostgreSQL (`kyso_bench`, when reachable):
 *   - 0 half-created accounts: every account row has its registration flow `complete` (pointing at it) and
 *     its `registration.completed` audit entry, and no completed flow or audit entry lacks its account;
 *   - every account acknowledged (HTTP 200 `complete` received before the kill) is present;
 *   - the restarted portal serves and finishes new registrations.
 * Baseline: 100 registrations against an uninterrupted portal on the same database (its accounts are
 * counted in the totals and checked too), on the same portal process the crash run then kills; ratio:
 * acknowledgement rate before the kill / baseline rate.
 *
 *   node --import tsx bench/portalReliability.bench.ts
 */
import { performance } from 'node:perf_hooks';
import type { PortalDb } from '../demo-server/src/portal/db/connect.js';
import { type BenchDatabase, postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabases.js';
import { closeKeepAliveConnections } from './support/keepAliveClient.js';
import { type PortalProcess, startPortalProcess } from './support/portalProcess.js';
import { flowOf, PortalSession } from './support/portalSession.js';
import {
  type BenchCitizen,
  benchCitizens,
  type SyntheticRegistries,
  startSyntheticRegistries,
} from './support/syntheticRegistries.js';

const REGISTRATIONS = 1000;
const KILL_AFTER_ACKS = 300;
/** On a busy machine: kill after this long if at least KILL_EARLY_MIN_ACKS were acknowledged… */
const KILL_EARLY_MS = 15_000;
const KILL_EARLY_MIN_ACKS = 30;
/** …and after this long whatever the count. */
const KILL_AT_THE_LATEST_MS = 45_000;
const AFTER_RESTART = 20;
const PASSWORD = 'Sông#Hồng7x';

type Outcome = 'acknowledged' | 'refused' | 'cut';

/** Why registrations were refused (step and message code), printed with the outcomes. */
const refusals = new Map<string, number>();
function refused(step: string, code: string | undefined): 'refused' {
  const key = `${step}:${code ?? '?'}`;
  refusals.set(key, (refusals.get(key) ?? 0) + 1);
  return 'refused';
}

async function register(url: string, c: BenchCitizen, registries: SyntheticRegistries): Promise<Outcome> {
  const s = await new PortalSession(url).start();
  const created = await s.post('/api/registration/flows', { subject: 'congDan', method: 'thueBaoDiDong' });
  if (created.status !== 201) return refused('start', flowOf(created).state);
  const { id } = flowOf(created);
  const path = `/api/registration/flows/${id}`;
  const collected = flowOf(await s.post(path, { ...c, captcha: 'kiemthu' }));
  if (collected.state !== 'otp') return refused('collect', collected.codes[0] ?? collected.state);
  const otp = registries.lastOtp(c.phone);
  if (!otp) return refused('otp', 'NO_SMS');
  const checked = flowOf(await s.post(path, { otp }));
  if (checked.state !== 'password') return refused('otp', checked.codes[0] ?? checked.state);
  const done = flowOf(await s.post(path, { password: PASSWORD, passwordConfirm: PASSWORD }));
  return done.state === 'complete' ? 'acknowledged' : refused('password', done.codes[0] ?? done.state);
}

interface Consistency {
  accounts: number;
  halfCreated: number;
  completedFlowsWithoutAccount: number;
  auditWithoutAccount: number;
  acknowledgedMissing: number;
}

async function checkConsistency(db: PortalDb, acknowledged: ReadonlySet<string>): Promise<Consistency> {
  const accounts = await db.selectFrom('accounts').select(['id', 'username']).execute();
  const flows = await db
    .selectFrom('flows')
    .select(['data'])
    .where('kind', '=', 'registration')
    .where('state', '=', 'complete')
    .execute();
  const audits = await db
    .selectFrom('auditLog')
    .select(['accountId'])
    .where('event', '=', 'registration.completed')
    .execute();
  const flowAccounts = new Set(
    flows.map((f) => String((JSON.parse(f.data) as { accountId?: string }).accountId)),
  );
  const auditAccounts = new Set(audits.map((a) => String(a.accountId)));
  const accountIds = new Set(accounts.map((a) => a.id));
  const usernames = new Set(accounts.map((a) => a.username));
  return {
    accounts: accounts.length,
    halfCreated: accounts.filter((a) => !flowAccounts.has(a.id) || !auditAccounts.has(a.id)).length,
    completedFlowsWithoutAccount: [...flowAccounts].filter((id) => !accountIds.has(id)).length,
    auditWithoutAccount: [...auditAccounts].filter((id) => !accountIds.has(id)).length,
    acknowledgedMissing: [...acknowledged].filter((u) => !usernames.has(u)).length,
  };
}

async function crashRun(
  target: BenchDatabase,
  registries: SyntheticRegistries,
  citizens: BenchCitizen[],
  portal: PortalProcess,
) {
  const label = target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const acknowledged = new Set<string>();
  const outcomes: Record<Outcome, number> = { acknowledged: 0, refused: 0, cut: 0 };
  let killed = false;
  let killAt = 0;
  const t0 = performance.now();
  let killing: Promise<void> | undefined;
  const kill = () => {
    if (!killing) {
      killed = true;
      killAt = performance.now();
      killing = portal.kill();
    }
    return killing;
  };
  refusals.clear();
  const guard = setInterval(() => {
    const elapsed = performance.now() - t0;
    if (
      elapsed >= KILL_AT_THE_LATEST_MS ||
      (elapsed >= KILL_EARLY_MS && acknowledged.size >= KILL_EARLY_MIN_ACKS)
    )
      void kill();
  }, 250);
  await Promise.all(
    citizens.map(async (c) => {
      let outcome: Outcome;
      try {
        outcome = await register(portal.url, c, registries);
      } catch {
        outcome = 'cut';
      }
      outcomes[outcome]++;
      if (outcome === 'acknowledged') {
        if (!killed) acknowledged.add(c.idNumber);
        if (acknowledged.size >= KILL_AFTER_ACKS) void kill();
      }
    }),
  );
  clearInterval(guard);
  await kill();
  const ackSeconds = (killAt - t0) / 1000;

  const restarted = await startPortalProcess({
    databaseUrl: target.databaseUrl,
    sqlitePath: target.sqlitePath,
    simulatorsUrl: registries.url,
  });
  const db = await target.open();
  const after = await checkConsistency(db, acknowledged);
  // The restarted portal must take new registrations (people the first run never reached or lost).
  const present = new Set(
    (await db.selectFrom('accounts').select('username').execute()).map((a) => a.username),
  );
  const committedUnacknowledged = citizens.filter(
    (c) => present.has(c.idNumber) && !acknowledged.has(c.idNumber),
  ).length;
  const fresh = citizens.filter((c) => !present.has(c.idNumber)).slice(0, AFTER_RESTART);
  const freshOutcomes = await Promise.all(
    fresh.map((c) => register(restarted.url, c, registries).catch(() => 'cut')),
  );
  const finalCheck = await checkConsistency(db, acknowledged);
  await db.destroy();
  await restarted.stop();

  const okAfter = freshOutcomes.filter((o) => o === 'acknowledged').length;
  process.stdout.write(
    `${label}: ${citizens.length} concurrent registrations, SIGKILL after ${acknowledged.size} acknowledged (${ackSeconds.toFixed(1)} s, ${(acknowledged.size / ackSeconds).toFixed(1)} acks/s); outcomes ${JSON.stringify(outcomes)}${refusals.size > 0 ? `, refusals ${JSON.stringify(Object.fromEntries(refusals))}` : ''}\n` +
      `  after restart: ${after.accounts} accounts, half-created ${after.halfCreated}, completed flows without account ${after.completedFlowsWithoutAccount}, audit entries without account ${after.auditWithoutAccount}, acknowledged but missing ${after.acknowledgedMissing} of ${acknowledged.size}\n` +
      `  of the ${citizens.length}: ${acknowledged.size} acknowledged and present, ${committedUnacknowledged} committed but not acknowledged (answer cut by the kill), ${citizens.length - acknowledged.size - committedUnacknowledged} absent (rolled back or never reached the password step)\n` +
      `  restarted portal: ${okAfter}/${fresh.length} new registrations completed; then ${finalCheck.accounts} accounts, half-created ${finalCheck.halfCreated}\n`,
  );
  const pass =
    acknowledged.size > 0 &&
    after.halfCreated === 0 &&
    after.completedFlowsWithoutAccount === 0 &&
    after.auditWithoutAccount === 0 &&
    after.acknowledgedMissing === 0 &&
    finalCheck.halfCreated === 0 &&
    okAfter === fresh.length;
  process.stdout.write(
    `  ${label}: ${pass ? 'PASS' : 'FAIL'}${acknowledged.size === 0 ? ' (nothing was acknowledged before the kill: the run proves nothing)' : ''}\n`,
  );
  return { pass, acksPerSecond: acknowledged.size / ackSeconds };
}

/**
 * Baseline: the same kind of registrations, not interrupted (a separate population), on the portal process
 * the crash run goes on with (one start fewer per database).
 */
async function baselineRun(portal: PortalProcess, registries: SyntheticRegistries, citizens: BenchCitizen[]) {
  const t0 = performance.now();
  const outcomes = await Promise.all(
    citizens.map((c) => register(portal.url, c, registries).catch(() => 'cut')),
  );
  const seconds = (performance.now() - t0) / 1000;
  const ok = outcomes.filter((o) => o === 'acknowledged').length;
  return { ok, seconds, perSecond: ok / seconds };
}

async function main(): Promise<void> {
  const started = performance.now();
  const crashCitizens = benchCitizens(REGISTRATIONS);
  const baselineCitizens = benchCitizens(100, 500_000);
  const registries = await startSyntheticRegistries([...crashCitizens, ...baselineCitizens]);
  const targets: BenchDatabase[] = [sqliteBenchDatabase()];
  const postgres = await postgresBenchDatabase();
  if (postgres) targets.push(postgres);
  let allPass = true;
  for (const target of targets) {
    const portal = await startPortalProcess({
      databaseUrl: target.databaseUrl,
      sqlitePath: target.sqlitePath,
      simulatorsUrl: registries.url,
    });
    const base = await baselineRun(portal, registries, baselineCitizens);
    process.stdout.write(
      `\n${target.kind} baseline (no kill): ${base.ok}/${baselineCitizens.length} concurrent registrations in ${base.seconds.toFixed(1)} s → ${base.perSecond.toFixed(1)}/s\n`,
    );
    const crash = await crashRun(target, registries, crashCitizens, portal);
    process.stdout.write(
      `  acknowledgement rate before the kill / baseline rate: ${(crash.acksPerSecond / base.perSecond).toFixed(2)}×\n`,
    );
    allPass &&= crash.pass;
    target.dispose();
  }
  if (!postgres) process.stdout.write('PostgreSQL: not reachable, not measured\n');
  closeKeepAliveConnections();
  await registries.close();
  process.stdout.write(
    `\nportal reliability: ${allPass ? 'PASS' : 'FAIL'} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  process.exitCode = allPass ? 0 : 1;
}

await main();
