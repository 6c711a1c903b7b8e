/**
 * Hot statements built and compiled once. Kysely builds an operation tree, runs the camel-case plugin over
 * it and compiles it to SQL on every execution — about a tenth of the portal's CPU on the login paths, for
 * the same dozen statements over and over. A precompiled query is built once per database dialect with a
 * placeholder in place of each argument; each execution only puts the arguments into the compiled
 * parameter list and runs the SQL (on SQLite the prepared statement cache, on PostgreSQL the named
 * statements then take over). Results still pass through the plugins (snake_case → camelCase rows).
 *
 * The cache is keyed by the database's dialect adapter, which a Kysely instance shares with its
 * transactions: a precompiled query runs inside a transaction when given the transaction. The plugins
 * shape the compiled SQL too, so the template also records them: an instance with other plugins (withPlugin,
 * withSchema, withoutPlugins) shares the adapter but has its statement built by Kysely on each call.
 */
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type DialectAdapter,
  type Kysely,
  type KyselyPlugin,
  type QueryResult,
} from 'kysely';

/** Marks argument `i` in the parameters of the query compiled once. */
const placeholder = (i: number): string => `\u0000kyso-argument-${i}\u0000`;

interface Template {
  compiled: CompiledQuery;
  /** The plugins it was compiled with (a transaction has a copy of the same list). */
  plugins: readonly KyselyPlugin[];
  /** For each compiled parameter: the argument index it takes, or -1 for a constant of the statement. */
  slots: number[];
}

export interface PrecompiledQuery<DB, Args extends readonly unknown[], Row> {
  /** Runs the statement on `db` (a Kysely instance or one of its transactions) with `args`. */
  execute(db: Kysely<DB>, ...args: Args): Promise<QueryResult<Row>>;
  /** The first row, if any. */
  first(db: Kysely<DB>, ...args: Args): Promise<Row | undefined>;
  /** Rows inserted, updated or deleted. */
  affected(db: Kysely<DB>, ...args: Args): Promise<number>;
}

/**
 * A statement of `arity` arguments built by `build`, which receives one placeholder per argument and must
 * pass each one on as a value (not use it in a condition of its own): every placeholder has to reach the
 * compiled parameters, or building fails.
 */
export function precompiledQuery<DB, Args extends readonly unknown[], Row>(
  arity: Args['length'],
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): PrecompiledQuery<DB, Args, Row> {
  const templates = new WeakMap<DialectAdapter, Template>();

  const samePlugins = (a: readonly KyselyPlugin[], b: readonly KyselyPlugin[]): boolean =>
    a.length === b.length && a.every((p, i) => p === b[i]);

  /** The template for `db`, or undefined when `db` has other plugins than the one compiled for its adapter. */
  const templateFor = (db: Kysely<DB>): Template | undefined => {
    const executor = db.getExecutor();
    const template = templates.get(executor.adapter);
    if (template) return samePlugins(template.plugins, executor.plugins) ? template : undefined;
    const marks = Array.from({ length: arity }, (_, i) => placeholder(i));
    const compiled = build(db, ...(marks as unknown as Args)).compile();
    const slots = compiled.parameters.map((p) => (typeof p === 'string' ? marks.indexOf(p) : -1));
    for (let i = 0; i < arity; i++)
      if (!slots.includes(i)) throw new Error(`precompiled query: argument ${i} is not a parameter`);
    const made = { compiled, slots, plugins: executor.plugins };
    templates.set(executor.adapter, made);
    return made;
  };

  const execute = (db: Kysely<DB>, ...args: Args): Promise<QueryResult<Row>> => {
    const template = templateFor(db);
    if (!template) return db.executeQuery<Row>(build(db, ...args));
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((p, i) => {
      const slot = slots[i] as number;
      return slot < 0 ? p : args[slot];
    });
    return db.executeQuery<Row>({
      query: compiled.query,
      queryId: createQueryId(),
      sql: compiled.sql,
      parameters,
    });
  };

  return {
    execute,
    async first(db, ...args) {
      return (await execute(db, ...args)).rows[0];
    },
    async affected(db, ...args) {
      return Number((await execute(db, ...args)).numAffectedRows ?? 0n);
    },
  };
}
