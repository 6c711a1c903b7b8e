/** A closed-loop load generator: `concurrency` workers repeat a task until a deadline; latencies in ms. */
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  done: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Every successful task's latency, ascending. */
  latencies: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs `task(worker, i)` from `concurrency` workers for `durationMs` (or until `limit` tasks started).
 * The task returns true when it succeeded and may report the latency of its measured part; otherwise the
 * whole task is timed.
 */
export async function runLoad(options: {
  concurrency: number;
  durationMs: number;
  limit?: number;
  task: (worker: number, i: number) => Promise<{ ok: boolean; latencyMs?: number }>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  async function worker(w: number): Promise<void> {
    while (performance.now() < deadline && next < limit) {
      const i = next++;
      const t0 = performance.now();
      try {
        const r = await options.task(w, i);
        if (r.ok) latencies.push(r.latencyMs ?? performance.now() - t0);
        else failed++;
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    done: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    latencies,
  };
}

/** Several runs of one load as if they were one (e.g. slices alternated with a baseline). */
export function mergeLoads(runs: readonly LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return {
    done: latencies.length,
    failed: runs.reduce((t, r) => t + r.failed, 0),
    seconds,
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    latencies,
  };
}

export function formatLoad(r: LoadResult): string {
  return `${r.done} ok, ${r.failed} failed in ${r.seconds.toFixed(1)} s → ${r.perSecond.toFixed(1)}/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms`;
}
