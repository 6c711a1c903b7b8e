import type { StorageArea } from '../../extension/src/background/consentStore.js';

/** An in-memory stand-in for browser.storage.local (JSON round trip like the real one). */
export function memoryStorage(): StorageArea & { dump(): Record<string, unknown> } {
  const data = new Map<string, string>();
  return {
    async get(key: string) {
      const v = data.get(key);
      return v === undefined ? {} : { [key]: JSON.parse(v) };
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) data.set(k, JSON.stringify(v));
    },
    dump() {
      return Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
    },
  };
}
