import { describe, expect, it } from 'vitest';
import { TabLock } from '../../extension/src/background/tabLock.js';

describe('TabLock', () => {
  it('refuses a second operation in the same tab with BUSY', async () => {
    const lock = new TabLock();
    let release!: () => void;
    const first = lock.run(1, () => new Promise<string>((r) => (release = () => r('first'))));
    await expect(lock.run(1, async () => 'second')).rejects.toMatchObject({ code: 'BUSY' });
    release();
    expect(await first).toBe('first');
  });

  it('lets other tabs proceed and releases the lock after success or failure', async () => {
    const lock = new TabLock();
    let release!: () => void;
    const first = lock.run(1, () => new Promise<void>((r) => (release = r)));
    expect(await lock.run(2, async () => 'other tab')).toBe('other tab');
    release();
    await first;
    expect(lock.isHeld(1)).toBe(false);
    await expect(
      lock.run(1, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.isHeld(1)).toBe(false);
    expect(await lock.run(1, async () => 'again')).toBe('again');
  });
});
