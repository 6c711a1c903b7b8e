/**
 * How many argon2id computations run at once in this process. @node-rs/argon2 runs each on libuv's pool
 * (4 threads by default); on a 2-core machine four 19 MiB computations at once take longer each than two
 * (memory bandwidth and caches are shared) and leave the event loop a smaller share of the cores. By
 * default one computation per core (`os.availableParallelism()`); `KYSO_ARGON2_CONCURRENCY` sets another
 * number (1–64). The others wait their turn in arrival order; nothing is skipped or cached.
 */
import { availableParallelism } from 'node:os';
import { intVar } from '../config.js';

/** Runs at most `limit` tasks at once; the others start in arrival order as running ones settle. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer: ${limit}`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    // The settling task hands its turn over (`active` unchanged).
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** The process's argon2id turns, sized from the environment on first use. */
let slots: ConcurrencyLimit | undefined;

export function argon2Concurrency(env: NodeJS.ProcessEnv = process.env): number {
  return intVar(env, 'KYSO_ARGON2_CONCURRENCY', availableParallelism(), 1, 64);
}

export function argon2Slots(): ConcurrencyLimit {
  slots ??= new ConcurrencyLimit(argon2Concurrency());
  return slots;
}
