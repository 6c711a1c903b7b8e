/** Starts the bench portal (`portalServer.ts`) as a child process and waits until it listens. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  /** CPU time (user + system) the portal process has used so far, in ms; undefined without /proc (Linux). */
  cpuMs(): number | undefined;
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

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
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
  // e.g. BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/portal-prof" to profile the portal.
  const nodeArgs = (process.env.BENCH_PORTAL_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the portal did not start within 30 s')), 30_000);
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
      reject(new Error(`the portal exited with ${code} before listening`));
    });
  });
  return {
    url,
    child,
    cpuMs: () => processCpuMs(child.pid),
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
