/**
 * `npm start`, `npm test`, `npm run bench` and `npm run demo:browser` all go through scripts/bootstrap.mjs.
 * Its plan mode shows which steps a task runs and that arguments after `--` reach only the final step
 * (an earlier version silently dropped them).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/bootstrap.mjs', import.meta.url));

function plan(...args: string[]) {
  return planWith({}, ...args);
}

/** The plan with `extra` in the environment (UV_THREADPOOL_SIZE unset unless given). */
function planWith(extra: NodeJS.ProcessEnv, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, KYSO_BOOTSTRAP_PLAN: '1' };
  delete env.UV_THREADPOOL_SIZE;
  Object.assign(env, extra);
  const r = spawnSync(process.execPath, [script, ...args], {
    env,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Plan {
  task: string;
  debian: string[];
  steps: [string, string[]][];
  threadPool: string | null;
}

describe('scripts/bootstrap.mjs', () => {
  it('passes arguments after -- to the final step only', () => {
    const r = plan('bench', 'cms', '--quick');
    expect(r.status).toBe(0);
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.steps.at(-1)).toEqual(['node', ['bench/run.mjs', 'cms', '--quick']]);
    for (const [, args] of p.steps.slice(0, -1)) expect(args).not.toContain('cms');
  });

  it('the demo and the benches get one libuv pool thread per core, the tests keep the default pool', () => {
    const cores = String(availableParallelism());
    expect((JSON.parse(plan('start').stdout) as Plan).threadPool).toBe(cores);
    expect((JSON.parse(plan('bench').stdout) as Plan).threadPool).toBe(cores);
    expect((JSON.parse(plan('test').stdout) as Plan).threadPool).toBeNull();
    // a pool size already set is kept
    expect((JSON.parse(planWith({ UV_THREADPOOL_SIZE: '7' }, 'start').stdout) as Plan).threadPool).toBe('7');
  });

  it('npm start -- --once reaches the demo script', () => {
    const p = JSON.parse(plan('start', '--once').stdout) as Plan;
    expect(p.steps.at(-1)).toEqual(['node', ['--import', 'tsx', 'scripts/demo.ts', '--once']]);
    expect(p.steps[0]).toEqual(['npm', ['run', '--silent', 'build']]);
  });

  it('npm test runs lint and typecheck before vitest, and needs both browsers', () => {
    const p = JSON.parse(plan('test').stdout) as Plan;
    expect(p.steps.map(([cmd, args]) => [cmd, ...args].join(' '))).toEqual([
      'npm run --silent lint',
      'npm run --silent typecheck',
      'node --import tsx scripts/provisionDemoTokens.ts --quiet',
      'npx vitest run',
    ]);
    expect(p.debian).toEqual(expect.arrayContaining(['softhsm2', 'chromium', 'firefox-esr']));
  });

  it('refuses an unknown task with a bilingual message and exit code 2', () => {
    const r = plan('deploy');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Không rõ tác vụ "deploy"');
    expect(r.stderr).toContain('Unknown task "deploy"');
  });
});
