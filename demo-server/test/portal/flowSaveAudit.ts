/**
 * FlowStore.save with the step's audit entry, shared by the SQLite and PostgreSQL runs: the entry is written
 * exactly when the save wins — a save that loses to a concurrent one (FLOW_CONFLICT) records nothing.
 */
import { expect, it } from 'vitest';
import type { PortalDb } from '../../src/portal/db/connect.js';
import { type FlowAudit, FlowConflictError, FlowStore } from '../../src/portal/flows/flowStore.js';

const clock = () => 1_700_000_123_456;

async function entriesOf(db: PortalDb, accountId: string) {
  return db
    .selectFrom('auditLog')
    .select(['at', 'accountId', 'event', 'ip', 'detail'])
    .where('accountId', '=', accountId)
    .execute();
}

async function newFlow(store: FlowStore) {
  return store.create({
    kind: 'login',
    sessionIdHash: 'session-hash',
    subject: 'congDan',
    method: 'usbKySo',
    state: 'challenge',
    ttlMs: 60_000,
    data: { step: 1 },
  });
}

export function flowSaveAuditSuite(database: () => PortalDb, prefix: string): void {
  it('a winning save records its entry with every column, and the flow advances', async () => {
    const db = database();
    const store = new FlowStore(db, clock);
    const flow = await newFlow(store);
    const accountId = `${prefix}-won`;
    flow.state = 'complete';
    const audit: FlowAudit = {
      event: 'login.succeeded',
      accountId,
      ip: '203.0.113.7',
      detail: { method: 'usbKySo', certificate: 'ab12' },
    };
    await store.save(flow, undefined, audit);
    expect(flow.version).toBe(2);
    const row = await db
      .selectFrom('flows')
      .select(['state', 'version'])
      .where('id', '=', flow.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'complete', version: 2 });
    const entries = await entriesOf(db, accountId);
    expect(entries).toHaveLength(1);
    expect({ ...entries[0], at: Number(entries[0]?.at) }).toEqual({
      at: clock(),
      accountId,
      event: 'login.succeeded',
      ip: '203.0.113.7',
      detail: JSON.stringify({ method: 'usbKySo', certificate: 'ab12' }),
    });
  });

  it('a save that loses to a concurrent one records nothing and throws FlowConflictError', async () => {
    const db = database();
    const store = new FlowStore(db, clock);
    const flow = await newFlow(store);
    const stale = { ...flow, data: { ...flow.data } };
    await store.save(flow);
    const accountId = `${prefix}-lost`;
    stale.state = 'complete';
    await expect(
      store.save(stale, undefined, { event: 'login.succeeded', accountId, ip: '203.0.113.8' }),
    ).rejects.toBeInstanceOf(FlowConflictError);
    expect(await entriesOf(db, accountId)).toEqual([]);
    expect(stale.version).toBe(1);
  });

  it('two saves of one loaded version with entries at once: one wins, one entry', async () => {
    const db = database();
    const store = new FlowStore(db, clock);
    const flow = await newFlow(store);
    const accountId = `${prefix}-race`;
    const copies = [0, 1].map(() => ({ ...flow, data: { ...flow.data }, state: 'complete' }));
    const results = await Promise.allSettled(
      copies.map((c) => store.save(c, undefined, { event: 'login.succeeded', accountId, ip: '203.0.113.9' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await entriesOf(db, accountId)).toHaveLength(1);
  });

  it('an entry longer than the columns is cut to them, as every audit entry is', async () => {
    const db = database();
    const store = new FlowStore(db, clock);
    const flow = await newFlow(store);
    const accountId = `${prefix}-long`;
    await store.save(flow, undefined, { event: 'login.succeeded', accountId, ip: 'x'.repeat(100) });
    const [entry] = await entriesOf(db, accountId);
    expect(entry?.ip).toBe('x'.repeat(64));
  });
}
