/**
 * Per-origin consent, kept in extension storage (never in the page):
 * `allow` lets the site use Kyso, `deny` makes every call fail with ORIGIN_DENIED
 * until the user revokes the decision in the popup.
 *
 * The decisions are read from storage once and kept in memory (every call asks
 * for them; the first storage read of a browser session takes 10–100 ms), and
 * kept in step with the store's own writes and, when the area reports them,
 * with changes made elsewhere.
 */

export type ConsentDecision = 'allow' | 'deny';

/** The subset of `browser.storage.local` the store uses (injectable for tests). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  /** `storage.local.onChanged`: changes to keys, with their new values. */
  onChanged?: {
    addListener(cb: (changes: Record<string, { newValue?: unknown }>) => void): void;
  };
}

export interface ConsentEntry {
  origin: string;
  decision: ConsentDecision;
  /** ISO time of the decision. */
  decidedAt: string;
}

const KEY = 'kyso.consent.v1';

function isEntry(v: unknown): v is ConsentEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.origin === 'string' &&
    (e.decision === 'allow' || e.decision === 'deny') &&
    typeof e.decidedAt === 'string'
  );
}

function entriesOf(raw: unknown): ConsentEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isEntry).sort((a, b) => a.origin.localeCompare(b.origin));
}

export class ConsentStore {
  private entries: Promise<ConsentEntry[]> | undefined;

  constructor(
    private readonly area: StorageArea,
    private readonly now: () => Date = () => new Date(),
  ) {
    area.onChanged?.addListener((changes) => {
      const change = changes[KEY];
      if (change) this.entries = Promise.resolve(entriesOf(change.newValue));
    });
  }

  /** Reads the stored decisions now (the background does this when it starts), so a call need not wait. */
  preload(): void {
    this.read().catch(() => undefined);
  }

  async list(): Promise<ConsentEntry[]> {
    return [...(await this.read())];
  }

  async decisionFor(origin: string): Promise<ConsentDecision | undefined> {
    return (await this.read()).find((e) => e.origin === origin)?.decision;
  }

  async record(origin: string, decision: ConsentDecision): Promise<void> {
    const rest = (await this.read()).filter((e) => e.origin !== origin);
    rest.push({ origin, decision, decidedAt: this.now().toISOString() });
    await this.write(rest);
  }

  async revoke(origin: string): Promise<void> {
    await this.write((await this.read()).filter((e) => e.origin !== origin));
  }

  private read(): Promise<ConsentEntry[]> {
    if (!this.entries) {
      const reading = this.area.get(KEY).then((items) => entriesOf(items[KEY]));
      // A failed read is not remembered: the next call reads again.
      reading.catch(() => {
        if (this.entries === reading) this.entries = undefined;
      });
      this.entries = reading;
    }
    return this.entries;
  }

  private async write(entries: ConsentEntry[]): Promise<void> {
    const sorted = entries.sort((a, b) => a.origin.localeCompare(b.origin));
    await this.area.set({ [KEY]: sorted });
    this.entries = Promise.resolve(sorted);
  }
}
