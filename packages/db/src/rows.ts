import { Column, is, Placeholder, type Query, SQL } from 'drizzle-orm';
import { type PgSession, type PreparedQueryConfig, QueryBuilder } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { Tx } from './client.js';

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

const decoderOf = (field: unknown): Decoder => {
  if (is(field, Column)) return field;
  // SQL's decoder (sql<T>`…`.mapWith) and a transaction's session are drizzle internals that its
  // typings hide; rows.test.ts compares what is read through here with drizzle's own mapping.
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  return ((field as SQL.Aliased).sql as unknown as { decoder: Decoder }).decoder;
};

const sessionOf = (tx: Tx): PgSession => (tx as unknown as { session: PgSession }).session;

/** Decodes array-mode rows of a flat select list, with each field's decoder looked up once. */
function decodeRows<T>(fields: Record<string, unknown>): (rows: unknown[][]) => T[] {
  const keys = Object.keys(fields);
  const decoders = keys.map((key) => decoderOf(fields[key]));
  return (rows) =>
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const value = row[i];
        out[keys[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
      }
      return out as T;
    });
}

const run = <T>(tx: Tx, query: Query, decode: (rows: unknown[][]) => T[], values?: Record<string, unknown>) =>
  sessionOf(tx)
    .prepareQuery<PreparedQueryConfig & { execute: T[] }>(query, undefined, undefined, true, decode)
    .execute(values);

const builder = new QueryBuilder({ casing: 'snake_case' });

/*
 * Hot reads. Per request, drizzle builds the SQL text of a query and maps every cell of its result
 * through type checks (`is`) and a path walk: on the 50-row measures page that was a fifth of the
 * API's CPU, more than Postgres spent running the query. The reads below build their SQL once (with
 * `sql.placeholder(name)` for values, filled per call) and decode rows with each field's decoder
 * looked up once, through drizzle's own session, so rows come out exactly as drizzle maps them.
 * `fields` must be the object the query selects (columns follow its key order).
 */

/** A read of fixed shape, built when the module loads. */
export function compiledRead<F extends Record<string, unknown>, T = SelectResultFields<F>>(
  fields: F,
  build: (qb: QueryBuilder) => { toSQL(): Query },
): (tx: Tx, values: Record<string, unknown>) => Promise<T[]> {
  const query = build(builder).toSQL();
  const decode = decodeRows<T>(fields);
  return (tx, values) => run(tx, query, decode, values);
}

/**
 * A read whose SQL varies with a few options (filters, a cursor): built once per shape, then filled
 * with values per call like compiledRead. `shape` must name every option that changes the SQL, and
 * every value must be a placeholder; as guards, a query with an inline value, or a call whose values
 * do not match the compiled placeholders, throws.
 */
export function shapedRead<F extends Record<string, unknown>, T = SelectResultFields<F>>(fields: F) {
  const decode = decodeRows<T>(fields);
  const built = new Map<string, { query: Query; names: string }>();
  const namesOf = (names: Iterable<string>) => [...new Set(names)].sort().join(',');
  return async (
    tx: Tx,
    shape: string,
    build: () => { toSQL(): Query },
    values: Record<string, unknown>,
  ): Promise<T[]> => {
    let compiled = built.get(shape);
    if (!compiled) {
      const query = build().toSQL();
      // Built during a request: a value passed without a placeholder would be kept in the SQL
      // and reused by every later call of this shape.
      if (!query.params.every((p) => is(p, Placeholder))) {
        throw new Error(`Query shape "${shape}" has a value that is not a placeholder.`);
      }
      compiled = { query, names: namesOf(query.params.map((p) => (p as Placeholder).name)) };
      built.set(shape, compiled);
    }
    if (namesOf(Object.keys(values)) !== compiled.names) {
      throw new Error(
        `Query shape "${shape}" takes ${compiled.names}, got ${Object.keys(values).join(',')}.`,
      );
    }
    return run(tx, compiled.query, decode, values);
  };
}
