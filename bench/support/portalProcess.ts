/** Starts the bench portal (`portalServer.ts`), or another bench server, as a child process and waits until it listens. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  /** CPU time (user + system) the portal process has used so far, in ms; undefined without /proc (Linux). */
  cpuMs(): number | undefined;
  /**
   * The same split by thread: `main` is the event loop (HTTP, SQL, JSON, lib's checks), `others` the
   * libuv pool (argon2id) and V8's helper threads; undefined without /proc.
   */
  threadCpuMs(): { main: number; others: number } | undefined;
  /** SIGKILL: no shutdown hook, no flush, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./portalServer.ts', import.meta.url));

export interface PortalProcessOptions {
  databaseUrl?: string | undefined;
  sqlitePath: string;
  simulatorsUrl: string;
  /** Simulators serving the demo PKI's CRLs/OCSP; enables USB ký số. */
  pkiSimulatorsUrl?: string;
  publicOrigin?: string;
}

/** utime + stime from a /proc stat file (fields 14 and 15, in clock ticks of 10 ms). */
function statCpuMs(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function processCpuMs(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : statCpuMs(`/proc/${pid}/stat`);
}

/** A thread's CPU time on the processor (ms, ns precision): the first field of /proc/…/schedstat. */
function schedCpuMs(path: string): number | undefined {
  try {
    const ns = Number(readFileSync(path, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Per thread (/proc/<pid>/task/<tid>/schedstat): the main thread's tid is the pid. */
function threadsCpuMs(pid: number | undefined): { main: number; others: number } | undefined {
  if (pid === undefined) return undefined;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let main = 0;
  let others = 0;
  for (const tid of tids) {
    // A thread may end between the listing and the read: it is left out.
    const ms = schedCpuMs(`/proc/${pid}/task/${tid}/schedstat`);
    if (ms === undefined) {
      if (Number(tid) === pid) return undefined;
      continue;
    }
    if (Number(tid) === pid) main += ms;
    else others += ms;
  }
  return { main, others };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startPortalProcess(options: PortalProcessOptions): Promise<PortalProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    KYSO_CAPTCHA_TEST_BYPASS: 'true',
    KYSO_PORTAL_PORT: '0',
    KYSO_PORTAL_HOST: '127.0.0.1',
    KYSO_SIMULATORS_URL: options.simulatorsUrl,
    KYSO_SQLITE_PATH: options.sqlitePath,
    KYSO_LOG_LEVEL: 'silent',
    // The bench's own registries share the cores with 1,000 clients: do not let a slow answer become
    // REGISTRY_TIMEOUT.
    KYSO_EXTERNAL_TIMEOUT_MS: '30000',
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pkiSimulatorsUrl) env.BENCH_PKI_SIMULATORS_URL = options.pkiSimulatorsUrl;
  if (options.publicOrigin) env.KYSO_PORTAL_PUBLIC_ORIGIN = options.publicOrigin;
  return startBenchServer(SERVER, env);
}

/**
 * Starts `script` (a bench server entry printing one line `{"ready":"<url>"}` when it listens: benchServerEntry.ts) as a child
 * process with `env`, and waits until it listens.
 */
export async function startBenchServer(script: string, env: NodeJS.ProcessEnv): Promise<PortalProcess> {
  // e.g. BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/portal-prof" to profile the portal.
  const nodeArgs = (process.env.BENCH_PORTAL_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: string }).ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
  });
  return {
    url,
    child,
    cpuMs: () => processCpuMs(child.pid),
    threadCpuMs: () => threadsCpuMs(child.pid),
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
