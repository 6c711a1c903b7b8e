/**
 * One pending user-facing operation per tab: a second one gets BUSY instead of
 * stacking a second PIN window on top of the first.
 */
import { KysoError } from '../../../lib/src/protocol/index.js';

export class TabLock {
  private readonly held = new Set<number>();

  isHeld(tabId: number): boolean {
    return this.held.has(tabId);
  }

  /** Runs `operation` holding the tab's lock; throws BUSY if the tab already holds it. */
  async run<T>(tabId: number, operation: () => Promise<T>): Promise<T> {
    if (this.held.has(tabId)) throw new KysoError('BUSY');
    this.held.add(tabId);
    try {
      return await operation();
    } finally {
      this.held.delete(tabId);
    }
  }
}
