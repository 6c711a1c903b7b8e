/**
 * A string-keyed map of at most `maxEntries` entries for the trust caches: storing a key makes it the
 * newest, `touch` marks a read entry as recently used, and when the map is full the oldest entry goes.
 */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly maxEntries: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` as the newest entry, dropping the oldest one when the map is full. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }

  /** Moves an existing entry to the newest place (least-recently-used eviction). */
  touch(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
