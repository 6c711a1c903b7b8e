/**
 * How many argon2id computations run at once in this process. @node-rs/argon2 runs each on libuv's pool
 * (4 threads by default); on a 2-core machine four 19 MiB computations at once take longer each than two
 * (memory bandwidth and caches are shared) and leave the event loop a smaller share of the cores. By
 * default one computation per core (`os.availableParallelism()`); `KYSO_ARGON2_CONCURRENCY` sets another
 * number (1–64). The others wait their turn in arrival order; nothing is skipped or cached.
 *
 * When libuv's pool itself is no larger than the cores (`UV_THREADPOOL_SIZE`, which `npm start` and
 * `npm run bench` set to the number of cores), the pool already bounds what runs at once; the default
 * then lets twice the pool in, so that one computation always waits inside libuv and a pool thread takes
 * it the moment it is free — with only the pool's size let in, each thread idles until the event loop has
 * handed it the next one (measured: ≈ 20 % more password steps per second on 2 cores).
 *
 * The wait is bounded: at most `KYSO_ARGON2_QUEUE` computations wait (default 64 per computation that really
 * runs, i.e. per turn but at most per core — turns beyond the cores only wait inside libuv: at about 10 ms
 * per verify that is ≈ 0.64 s of waiting, inside the login's 1 s p99 goal, so 50 clients at once never see it), each at most
 * `KYSO_ARGON2_WAIT_MS` (default 2000 ms); beyond either the caller gets `SlotsBusyError` (HTTP 503 with
 * Retry-After, code SERVER_BUSY), and a waiting computation whose request was aborted leaves the queue.
 */
import { availableParallelism } from 'node:os';
import { intVar } from '../config.js';

/** Why a task got no turn: the queue was full, it waited too long, or its request went away. */
export type BusyReason = 'queue-full' | 'wait-timeout' | 'aborted';

/** A task refused a turn; `retryAfterSeconds` is what the answer's Retry-After says. */
export class SlotsBusyError extends Error {
  readonly code = 'SERVER_BUSY';
  readonly statusCode = 503;
  constructor(
    readonly reason: BusyReason,
    readonly retryAfterSeconds: number,
  ) {
    super(`no argon2 turn (${reason})`);
    this.name = 'SlotsBusyError';
  }
}

export interface QueueBounds {
  /** Tasks allowed to wait at once (0: none wait, a task beyond `limit` is refused). */
  maxQueue: number;
  /** How long one task may wait for its turn. */
  maxWaitMs: number;
}

interface Waiter {
  start(): void;
  refuse(reason: BusyReason): void;
}

/**
 * Runs at most `limit` tasks at once; the others start in arrival order as running ones settle, at most
 * `maxQueue` of them waiting, each at most `maxWaitMs`.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  readonly maxQueue: number;
  readonly maxWaitMs: number;

  constructor(
    readonly limit: number,
    bounds: QueueBounds = { maxQueue: Number.MAX_SAFE_INTEGER, maxWaitMs: 2 ** 31 - 1 },
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer: ${limit}`);
    if (!Number.isInteger(bounds.maxQueue) || bounds.maxQueue < 0)
      throw new RangeError(`maxQueue must be a non-negative integer: ${bounds.maxQueue}`);
    if (!Number.isInteger(bounds.maxWaitMs) || bounds.maxWaitMs < 1 || bounds.maxWaitMs > 2 ** 31 - 1)
      throw new RangeError(`maxWaitMs must be a positive integer: ${bounds.maxWaitMs}`);
    this.maxQueue = bounds.maxQueue;
    this.maxWaitMs = bounds.maxWaitMs;
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Tasks waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** The Retry-After of a refusal: the longest wait, in whole seconds (at least 1). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.maxWaitMs / 1000));
  }

  /**
   * Runs `task` in its turn. Rejects with `SlotsBusyError` (without running it) when the queue is full,
   * when the wait passes `maxWaitMs`, or when `signal` aborts before the turn comes.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new SlotsBusyError('aborted', this.retryAfterSeconds);
    if (this.active < this.limit) this.active++;
    // The settling task hands its turn over (`active` unchanged).
    else await this.waitTurn(signal);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.active--;
    }
  }

  private waitTurn(signal: AbortSignal | undefined): Promise<void> {
    if (this.waiting.length >= this.maxQueue)
      return Promise.reject(new SlotsBusyError('queue-full', this.retryAfterSeconds));
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        start: () => {
          done();
          resolve();
        },
        refuse: (reason) => {
          done();
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new SlotsBusyError(reason, this.retryAfterSeconds));
        },
      };
      const onAbort = () => waiter.refuse('aborted');
      const timer = setTimeout(() => waiter.refuse('wait-timeout'), this.maxWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }
}

/** The process's argon2id turns, sized from the environment on first use. */
let slots: ConcurrencyLimit | undefined;

export function argon2Concurrency(env: NodeJS.ProcessEnv = process.env): number {
  const cores = availableParallelism();
  const pool = Number(env.UV_THREADPOOL_SIZE);
  const fedPool = Number.isInteger(pool) && pool >= 1 && pool <= cores ? 2 * pool : cores;
  return intVar(env, 'KYSO_ARGON2_CONCURRENCY', fedPool, 1, 64);
}

/** `KYSO_ARGON2_QUEUE` (0–10000, default 64 per running turn: per core at most) and `KYSO_ARGON2_WAIT_MS` (100–60000, default 2000). */
export function argon2QueueBounds(
  env: NodeJS.ProcessEnv = process.env,
  concurrency = argon2Concurrency(env),
): QueueBounds {
  return {
    maxQueue: intVar(env, 'KYSO_ARGON2_QUEUE', 64 * Math.min(concurrency, availableParallelism()), 0, 10_000),
    maxWaitMs: intVar(env, 'KYSO_ARGON2_WAIT_MS', 2000, 100, 60_000),
  };
}

export function argon2Slots(): ConcurrencyLimit {
  if (!slots) {
    const concurrency = argon2Concurrency();
    slots = new ConcurrencyLimit(concurrency, argon2QueueBounds(process.env, concurrency));
  }
  return slots;
}
