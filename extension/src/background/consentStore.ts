/**
 * Per-origin consent, kept in extension storage (never in the page):
 * `allow` lets the site use Kyso, `deny` makes every call fail with ORIGIN_DENIED
 * until the user revokes the decision in the popup.
 */

export type ConsentDecision = 'allow' | 'deny';

/** The subset of `browser.storage.local` the store uses (injectable for tests). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
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

export class ConsentStore {
  constructor(
    private readonly area: StorageArea,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<ConsentEntry[]> {
    const raw = (await this.area.get(KEY))[KEY];
    if (!Array.isArray(raw)) return [];
    return raw.filter(isEntry).sort((a, b) => a.origin.localeCompare(b.origin));
  }

  async decisionFor(origin: string): Promise<ConsentDecision | undefined> {
    return (await this.list()).find((e) => e.origin === origin)?.decision;
  }

  async record(origin: string, decision: ConsentDecision): Promise<void> {
    const rest = (await this.list()).filter((e) => e.origin !== origin);
    rest.push({ origin, decision, decidedAt: this.now().toISOString() });
    await this.area.set({ [KEY]: rest });
  }

  async revoke(origin: string): Promise<void> {
    const rest = (await this.list()).filter((e) => e.origin !== origin);
    await this.area.set({ [KEY]: rest });
  }
}
