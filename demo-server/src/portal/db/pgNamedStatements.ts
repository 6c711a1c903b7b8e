/**
 * PostgreSQL prepared statements reused by SQL text: Kysely's driver sends every query unnamed, so the
 * server parses and plans it each time; the portal runs the same few dozen statements over and over (a USB
 * login runs 8). Here each distinct data statement gets a name, so each pooled connection parses it once and
 * later only binds and executes it. Schema changes (migrations) are sent unnamed, as before.
 */
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Distinct SQL texts named; beyond it statements go unnamed (the portal has far fewer hot queries). */
export const NAMED_STATEMENTS_LIMIT = 512;

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

export function namedStatementPool(pool: pg.Pool, limit: number = NAMED_STATEMENTS_LIMIT): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limit && DATA_STATEMENT.test(text)) {
      name = `kyso_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  // One wrapper per pooled connection: Kysely keeps its connection objects by client identity.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = ((textOrCursor: unknown, values?: readonly unknown[]) => {
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
      const name = nameOf(textOrCursor);
      const config: pg.QueryConfig = { text: textOrCursor, values: [...(values ?? [])] };
      if (name) config.name = name;
      return client.query(config) as unknown as Promise<PostgresQueryResult<unknown>>;
    }) as PostgresPoolClient['query'];
    return { query, release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
