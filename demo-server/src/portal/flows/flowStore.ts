/**
 * Persistence of self-service flows (Kratos style): id, kind, subject, method, state, expiry, attempts,
 * messages and data, with an optimistic version so that two instances cannot both advance one flow.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { FlowTable, Subject } from '../db/schema.js';
import type { FlowMessage } from '../i18n/messages.js';

export interface Flow<D> {
  id: string;
  kind: FlowTable['kind'];
  sessionIdHash: string;
  subject: Subject;
  method: string;
  state: string;
  expiresAt: number;
  attempts: number;
  data: D;
  messages: FlowMessage[];
  version: number;
  createdAt: number;
}

export type FlowLoad<D> =
  | { ok: true; flow: Flow<D> }
  | { ok: false; code: 'FLOW_NOT_FOUND' | 'FLOW_EXPIRED' };

/** Thrown inside a save when another request advanced the flow first. */
export class FlowConflictError extends Error {
  constructor() {
    super('flow was modified concurrently');
    this.name = 'FlowConflictError';
  }
}

/** Flow ids are UUIDs: anything else names no flow (and is not sent to the database). */
export function isFlowId(id: string): boolean {
  return /^[0-9a-f-]{36}$/.test(id);
}

/** A stored flow row as `load` gives it: expired at `now` or later is reported as such. */
export function storedFlow<D>(row: FlowTable, now: number): FlowLoad<D> {
  if (row.expiresAt <= now) return { ok: false, code: 'FLOW_EXPIRED' };
  return { ok: true, flow: fromRow<D>(row) };
}

function fromRow<D>(row: FlowTable): Flow<D> {
  return {
    ...row,
    data: JSON.parse(row.data) as D,
    messages: JSON.parse(row.messages) as FlowMessage[],
  };
}

// Every flow request reads one flow and saves it; compiled once.
const selectFlow = precompiledQuery(
  3,
  (db: PortalDb, id: string, kind: FlowTable['kind'], sessionIdHash: string) =>
    db
      .selectFrom('flows')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', kind)
      .where('sessionIdHash', '=', sessionIdHash),
);
const updateFlow = precompiledQuery(
  7,
  (
    db: PortalDb,
    state: string,
    attempts: number,
    data: string,
    messages: string,
    version: number,
    id: string,
    loadedVersion: number,
  ) =>
    db
      .updateTable('flows')
      .set({ state, attempts, data, messages, version })
      .where('id', '=', id)
      .where('version', '=', loadedVersion),
);
const insertFlow = precompiledQuery(
  12,
  (
    db: PortalDb,
    id: string,
    kind: FlowTable['kind'],
    sessionIdHash: string,
    subject: Subject,
    method: string,
    state: string,
    expiresAt: number,
    attempts: number,
    data: string,
    messages: string,
    version: number,
    createdAt: number,
  ) =>
    db.insertInto('flows').values({
      id,
      kind,
      sessionIdHash,
      subject,
      method,
      state,
      expiresAt,
      attempts,
      data,
      messages,
      version,
      createdAt,
    }),
);

export class FlowStore {
  constructor(
    private readonly db: PortalDb,
    private readonly clock: Clock,
  ) {}

  async create<D>(init: {
    id?: string;
    kind: FlowTable['kind'];
    sessionIdHash: string;
    subject: Subject;
    method: string;
    state: string;
    ttlMs: number;
    data: D;
    messages?: FlowMessage[];
  }): Promise<Flow<D>> {
    const now = this.clock();
    const flow: Flow<D> = {
      id: init.id ?? randomUUID(),
      kind: init.kind,
      sessionIdHash: init.sessionIdHash,
      subject: init.subject,
      method: init.method,
      state: init.state,
      expiresAt: now + init.ttlMs,
      attempts: 0,
      data: init.data,
      messages: init.messages ?? [],
      version: 1,
      createdAt: now,
    };
    await insertFlow.execute(
      this.db,
      flow.id,
      flow.kind,
      flow.sessionIdHash,
      flow.subject,
      flow.method,
      flow.state,
      flow.expiresAt,
      flow.attempts,
      JSON.stringify(flow.data),
      JSON.stringify(flow.messages),
      flow.version,
      flow.createdAt,
    );
    return flow;
  }

  /** Loads a flow of `kind` owned by the session; an expired flow is reported as such. */
  async load<D>(id: string, kind: FlowTable['kind'], sessionIdHash: string): Promise<FlowLoad<D>> {
    if (!isFlowId(id)) return { ok: false, code: 'FLOW_NOT_FOUND' };
    const row = await selectFlow.first(this.db, id, kind, sessionIdHash);
    if (!row) return { ok: false, code: 'FLOW_NOT_FOUND' };
    return storedFlow<D>(row, this.clock());
  }

  /**
   * Saves `flow` if nobody else saved it since it was loaded (same version); increments the version.
   * Pass `db` to save inside a transaction. Throws FlowConflictError otherwise.
   */
  async save<D>(flow: Flow<D>, db: PortalDb = this.db): Promise<void> {
    const updated = await updateFlow.affected(
      db,
      flow.state,
      flow.attempts,
      JSON.stringify(flow.data),
      JSON.stringify(flow.messages),
      flow.version + 1,
      flow.id,
      flow.version,
    );
    if (updated !== 1) throw new FlowConflictError();
    flow.version += 1;
  }
}
