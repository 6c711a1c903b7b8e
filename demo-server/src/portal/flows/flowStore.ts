/**
 * Persistence of self-service flows (Kratos style): id, kind, subject, method, state, expiry, attempts,
 * messages and data, with an optimistic version so that two instances cannot both advance one flow.
 */
import { randomUUID } from 'node:crypto';
import { type QueryCreator, sql } from 'kysely';
import type { Clock } from '../clock.js';
import { isPostgres, type PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { FlowTable, PortalDatabase, Subject } from '../db/schema.js';
import type { FlowMessage } from '../i18n/messages.js';
import { type AuditEvent, type AuditRow, appendAudit, auditRow } from '../security/auditLog.js';

/**
 * An audit entry that belongs to a step's outcome (e.g. `login.succeeded`): written with the flow's save and
 * only if that save wins, so a step that loses to a concurrent one (FLOW_CONFLICT) leaves no entry claiming
 * it happened. One statement on PostgreSQL (a round trip fewer per login), one transaction on SQLite.
 */
export interface FlowAudit {
  event: AuditEvent;
  accountId: string;
  ip: string;
  detail?: Record<string, string | number | boolean>;
}

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
/** The flow's columns a save writes, then the loaded version it must still have. */
type FlowSaveArgs = [
  state: string,
  attempts: number,
  data: string,
  messages: string,
  version: number,
  id: string,
  loadedVersion: number,
];

/** The optimistic save: the flow's row if it still has the version it was loaded with. */
function flowUpdate(
  db: QueryCreator<Pick<PortalDatabase, 'flows'>>,
  ...[state, attempts, data, messages, version, id, loadedVersion]: FlowSaveArgs
) {
  return db
    .updateTable('flows')
    .set({ state, attempts, data, messages, version })
    .where('id', '=', id)
    .where('version', '=', loadedVersion);
}

const updateFlow = precompiledQuery(7, (db: PortalDb, ...args: FlowSaveArgs) => flowUpdate(db, ...args));
/** PostgreSQL: the save and, only from its updated row, the audit entry — one statement. */
const updateFlowWithAudit = precompiledQuery(12, (db: PortalDb, ...args: [...FlowSaveArgs, ...AuditRow]) => {
  const [at, accountId, event, ip, detail] = args.slice(7) as AuditRow;
  return db
    .with('saved', (q) => flowUpdate(q, ...(args.slice(0, 7) as FlowSaveArgs)).returning('id'))
    .insertInto('auditLog')
    .columns(['at', 'accountId', 'event', 'ip', 'detail'])
    .expression((eb) =>
      eb
        .selectFrom('saved')
        .select([
          sql<number>`cast(${at} as bigint)`.as('at'),
          sql<string | null>`cast(${accountId} as text)`.as('accountId'),
          sql<string>`cast(${event} as text)`.as('event'),
          sql<string>`cast(${ip} as text)`.as('ip'),
          sql<string>`cast(${detail} as text)`.as('detail'),
        ]),
    )
    .returning('id');
});
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
   * Pass `db` to save inside a transaction, `audit` to record the step's entry with the save (FlowAudit).
   * Throws FlowConflictError otherwise (and records nothing).
   */
  async save<D>(flow: Flow<D>, db: PortalDb = this.db, audit?: FlowAudit): Promise<void> {
    const row = [
      flow.state,
      flow.attempts,
      JSON.stringify(flow.data),
      JSON.stringify(flow.messages),
      flow.version + 1,
      flow.id,
      flow.version,
    ] as const;
    let saved: boolean;
    if (!audit) saved = (await updateFlow.affected(db, ...row)) === 1;
    else if (isPostgres(db)) {
      const entry = auditRow(this.clock, audit.event, audit.accountId, audit.ip, audit.detail);
      saved = (await updateFlowWithAudit.execute(db, ...row, ...entry)).rows.length === 1;
    } else {
      const both = async (tx: PortalDb) => {
        if ((await updateFlow.affected(tx, ...row)) !== 1) return false;
        await appendAudit(tx, this.clock, audit.event, audit.accountId, audit.ip, audit.detail);
        return true;
      };
      saved = db.isTransaction ? await both(db) : await db.transaction().execute(both);
    }
    if (!saved) throw new FlowConflictError();
    flow.version += 1;
  }
}
