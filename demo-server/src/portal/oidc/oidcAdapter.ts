/**
 * oidc-provider's storage in the portal database (table `oidc_payloads`), so that every portal instance
 * sharing the database serves the same sessions, interactions, grants, codes and tokens. Rows carry their
 * expiry and consumption time; expired rows are invisible at once and deleted by `purgeExpiredState`.
 */
import * as oidcProvider from 'oidc-provider';
import type { Clock } from '../clock.js';
import type { PortalDb } from '../db/connect.js';
import type { AdapterPayload, ProviderAdapter } from './providerApi.js';

type InvalidGrantClass = new (description: string) => Error;

/** oidc-provider's `invalid_grant` error, so that the token endpoint answers 400 invalid_grant. */
const AlreadyConsumedError = (oidcProvider as unknown as { errors: { InvalidGrant: InvalidGrantClass } })
  .errors.InvalidGrant;

/** The payload as stored, with `consumed` set when the row was consumed. */
function revive(row: { payload: string; consumedAt: number | null }): AdapterPayload | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const out = payload as AdapterPayload;
  if (row.consumedAt !== null) out.consumed = Math.floor(row.consumedAt / 1000);
  return out;
}

export class OidcAdapter implements ProviderAdapter {
  constructor(
    private readonly db: PortalDb,
    private readonly clock: Clock,
    readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    const row = {
      model: this.model,
      id,
      payload: JSON.stringify(payload),
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expiresAt: expiresIn ? this.clock() + expiresIn * 1000 : null,
      consumedAt: null,
    };
    await this.db
      .insertInto('oidcPayloads')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['model', 'id']).doUpdateSet({
          payload: row.payload,
          grantId: row.grantId,
          userCode: row.userCode,
          uid: row.uid,
          expiresAt: row.expiresAt,
        }),
      )
      .execute();
  }

  private async findWhere(
    column: 'id' | 'uid' | 'userCode',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const now = this.clock();
    const row = await this.db
      .selectFrom('oidcPayloads')
      .select(['payload', 'consumedAt'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)]))
      .executeTakeFirst();
    return row ? revive(row) : undefined;
  }

  find(id: string) {
    return this.findWhere('id', id);
  }

  findByUid(uid: string) {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string) {
    return this.findWhere('userCode', userCode);
  }

  /**
   * Marks the row consumed, once: when two instances redeem the same code at the same moment, only the
   * first update finds it unused; the second gets `invalid_grant`.
   */
  async consume(id: string): Promise<void> {
    const r = await this.db
      .updateTable('oidcPayloads')
      .set({ consumedAt: this.clock() })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .where('consumedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AlreadyConsumedError(`${this.model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidcPayloads').where('model', '=', this.model).where('id', '=', id).execute();
  }

  /** Every model's rows of the grant go (oidc-provider calls it once per token model). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .deleteFrom('oidcPayloads')
      .where('model', '=', this.model)
      .where('grantId', '=', grantId)
      .execute();
  }
}

/** The factory oidc-provider's `adapter` option takes. */
export function oidcAdapterFactory(db: PortalDb, clock: Clock): (model: string) => OidcAdapter {
  return (model) => new OidcAdapter(db, clock, model);
}
