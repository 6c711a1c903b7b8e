/** argon2id turns: at most `limit` computations at once, in arrival order, a failure frees its turn. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/portal/config.js';
import { argon2Concurrency, ConcurrencyLimit } from '../../src/portal/security/argon2Slots.js';
import { hashPassword, verifyPassword } from '../../src/portal/security/passwordHash.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('runs `limit` tasks at once; the next starts only when one settles, in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect([limit.running, limit.queued]).toEqual([2, 2]);
    gates[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect([limit.running, limit.queued]).toEqual([2, 1]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    gates[3]?.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([limit.running, limit.queued]).toEqual([0, 0]);
  });

  it('a task that fails passes its error on and frees its turn', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = deferred();
    const first = limit.run(() => failing.promise);
    const second = limit.run(async () => 'after');
    failing.reject(new Error('argon2 failed'));
    await expect(first).rejects.toThrow('argon2 failed');
    expect(await second).toBe('after');
    expect(limit.running).toBe(0);
  });

  it('refuses a limit below one or not an integer', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});

describe('argon2Concurrency (KYSO_ARGON2_CONCURRENCY)', () => {
  it('defaults to one per core; takes 1–64; anything else is a configuration error naming the variable', () => {
    expect(argon2Concurrency({})).toBe(availableParallelism());
    // A libuv pool no larger than the cores bounds what runs: twice the pool is let in, so a thread never
    // waits for the event loop to hand it the next computation; a larger pool (or none given) keeps one per core.
    expect(argon2Concurrency({ UV_THREADPOOL_SIZE: '1' })).toBe(2);
    expect(argon2Concurrency({ UV_THREADPOOL_SIZE: String(availableParallelism()) })).toBe(
      2 * availableParallelism(),
    );
    expect(argon2Concurrency({ UV_THREADPOOL_SIZE: String(availableParallelism() + 1) })).toBe(
      availableParallelism(),
    );
    expect(argon2Concurrency({ UV_THREADPOOL_SIZE: 'many' })).toBe(availableParallelism());
    expect(argon2Concurrency({ UV_THREADPOOL_SIZE: '1', KYSO_ARGON2_CONCURRENCY: '3' })).toBe(3);
    expect(argon2Concurrency({ KYSO_ARGON2_CONCURRENCY: '1' })).toBe(1);
    expect(argon2Concurrency({ KYSO_ARGON2_CONCURRENCY: '64' })).toBe(64);
    for (const bad of ['0', '65', 'two', '-1'])
      expect(() => argon2Concurrency({ KYSO_ARGON2_CONCURRENCY: bad })).toThrow(ConfigError);
    expect(() => argon2Concurrency({ KYSO_ARGON2_CONCURRENCY: '0' })).toThrow('KYSO_ARGON2_CONCURRENCY');
  });

  it('hashing and verifying through the turns still tell a right password from a wrong one, all at once', async () => {
    const hash = await hashPassword('Sông#Hồng7x', 'pepper-pepper-pepper');
    const answers = await Promise.all(
      ['Sông#Hồng7x', 'Sông#Hồng7y', 'Sông#Hồng7x', ''].map((p) =>
        verifyPassword(hash, p, 'pepper-pepper-pepper'),
      ),
    );
    expect(answers).toEqual([true, false, true, false]);
  });
});
