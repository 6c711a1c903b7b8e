/**
 * Database access of the dossier module: dossiers, their event trail (dossier_events) and pending remote
 * signatures (dossier_signings). The module sees the app's database through its own CamelCasePlugin, so it
 * works whatever plugins the app uses.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CamelCasePlugin, type Kysely } from 'kysely';
import type { DossierHost } from './dossierHost.js';
import type { DossierStatus } from './dossierStatus.js';
import type { ProcedureCode } from './procedures.js';

export type SignatureMethod = 'usb' | 'sim' | 'remote';

export interface DossierRow {
  id: string;
  reference: string;
  accountId: string;
  /** The account's subject and CCCD/MST when the dossier was made: whom the signature must name. */
  declarantSubject: 'congDan' | 'doanhNghiep';
  declarantId: string;
  procedureCode: ProcedureCode;
  status: DossierStatus;
  declaration: string;
  declarationSha256: string;
  signatureMethod: SignatureMethod | null;
  /** base64 DER ContentInfo. */
  cms: string | null;
  signerId: string | null;
  signerName: string | null;
  createdAt: number;
  submittedAt: number | null;
  updatedAt: number;
}

export type EventKind = 'created' | 'submitted' | 'signatureRefused' | 'statusChanged';
export type EventActor = 'citizen' | 'officer' | 'system';

export interface DossierEventRow {
  id: string;
  dossierId: string;
  seq: number;
  at: number;
  actor: EventActor;
  actorName: string | null;
  kind: EventKind;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  note: string | null;
}

export interface SigningRow {
  id: string;
  dossierId: string;
  method: 'sim' | 'remote';
  /**
   * `signature`: the CMS's signed attributes sent for approval. (`certificate` — a challenge that revealed the
   * SIM's certificate, before the MSSP's profile query was used — may remain in old rows; they fail.)
   */
  step: 'certificate' | 'signature';
  phone: string | null;
  transactionId: string;
  challenge: string | null;
  certificate: string | null;
  /** JSON array of base64 DER. */
  chain: string | null;
  signingTime: number | null;
  toBeSigned: string | null;
  verificationCode: string;
  outcome: string | null;
  createdAt: number;
}

interface DossierDatabase {
  dossiers: DossierRow;
  dossierEvents: DossierEventRow;
  dossierSignings: SigningRow;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function dossierFrom(r: DossierRow): DossierRow {
  return {
    ...r,
    createdAt: num(r.createdAt),
    updatedAt: num(r.updatedAt),
    submittedAt: numOrNull(r.submittedAt),
  };
}

/** `BCA-YYYYMMDD-XXXXXXXX`: the reference shown to the citizen (mã hồ sơ). */
export function dossierReference(ms: number): string {
  const day = new Date(ms + 7 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `BCA-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export class DossierStore {
  readonly db: Kysely<DossierDatabase>;

  constructor(host: Pick<DossierHost, 'db'>) {
    this.db = (host.db as Kysely<DossierDatabase>).withoutPlugins().withPlugin(new CamelCasePlugin());
  }

  async create(row: Omit<DossierRow, 'id' | 'reference'>): Promise<DossierRow> {
    const full: DossierRow = { ...row, id: randomUUID(), reference: dossierReference(row.createdAt) };
    await this.db.insertInto('dossiers').values(full).execute();
    return full;
  }

  async get(id: string): Promise<DossierRow | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const r = await this.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? dossierFrom(r) : null;
  }

  async listForAccount(accountId: string): Promise<DossierRow[]> {
    const rows = await this.db
      .selectFrom('dossiers')
      .selectAll()
      .where('accountId', '=', accountId)
      .orderBy('createdAt', 'desc')
      .execute();
    return rows.map(dossierFrom);
  }

  /** Submitted dossiers (everything but drafts), newest first, optionally of one status. */
  async listSubmitted(status?: DossierStatus): Promise<DossierRow[]> {
    let q = this.db.selectFrom('dossiers').selectAll().where('status', '!=', 'draft');
    if (status) q = q.where('status', '=', status);
    return (await q.orderBy('submittedAt', 'desc').execute()).map(dossierFrom);
  }

  /** Stores the accepted signature and moves the draft to `received`; false when it was no longer a draft. */
  async accept(
    id: string,
    signed: { method: SignatureMethod; cms: string; signerId: string; signerName: string; at: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('dossiers')
      .set({
        status: 'received',
        signatureMethod: signed.method,
        cms: signed.cms,
        signerId: signed.signerId,
        signerName: signed.signerName,
        submittedAt: signed.at,
        updatedAt: signed.at,
      })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Compare-and-set of the status; false when another change came first. */
  async moveStatus(id: string, from: DossierStatus, to: DossierStatus, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('dossiers')
      .set({ status: to, updatedAt: at })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addEvent(e: Omit<DossierEventRow, 'id' | 'seq'>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.db
        .selectFrom('dossierEvents')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('dossierId', '=', e.dossierId)
        .executeTakeFirst();
      try {
        await this.db
          .insertInto('dossierEvents')
          .values({ ...e, id: randomUUID(), seq: Number(last?.seq ?? 0) + 1 })
          .execute();
        return;
      } catch (err) {
        // Two events of one dossier at the same instant: the unique (dossier_id, seq) sends one round again.
        if (attempt >= 3) throw err;
      }
    }
  }

  async events(dossierId: string): Promise<DossierEventRow[]> {
    const rows = await this.db
      .selectFrom('dossierEvents')
      .selectAll()
      .where('dossierId', '=', dossierId)
      .orderBy('seq', 'asc')
      .execute();
    return rows.map((r) => ({ ...r, at: num(r.at), seq: num(r.seq) }));
  }

  async addSigning(row: Omit<SigningRow, 'id'>): Promise<SigningRow> {
    const full = { ...row, id: randomUUID() };
    await this.db.insertInto('dossierSignings').values(full).execute();
    return full;
  }

  /** Signing requests (SIM or remote) sent for an account's dossiers since `since` (ms). */
  async signingRequestsSince(accountId: string, since: number): Promise<number> {
    const r = await this.db
      .selectFrom('dossierSignings')
      .innerJoin('dossiers', 'dossiers.id', 'dossierSignings.dossierId')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('dossiers.accountId', '=', accountId)
      .where('dossierSignings.createdAt', '>=', since)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The newest signing attempt of a dossier. */
  async currentSigning(dossierId: string): Promise<SigningRow | null> {
    const r = await this.db
      .selectFrom('dossierSignings')
      .selectAll()
      .where('dossierId', '=', dossierId)
      .orderBy('createdAt', 'desc')
      .executeTakeFirst();
    return r ? { ...r, createdAt: num(r.createdAt), signingTime: numOrNull(r.signingTime) } : null;
  }

  /** Updates a signing attempt only if it is still at `expectedStep` without an outcome (one poller wins). */
  async updateSigning(
    id: string,
    expected: { step: SigningRow['step']; transactionId: string },
    patch: Partial<Omit<SigningRow, 'id' | 'dossierId'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('dossierSignings')
      .set(patch)
      .where('id', '=', id)
      .where('step', '=', expected.step)
      .where('transactionId', '=', expected.transactionId)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
