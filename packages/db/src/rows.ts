import { Column, is, type Query, SQL } from 'drizzle-orm';
import type { PgSession, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Tx } from './client.js';

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

const decoderOf = (field: unknown): Decoder => {
  if (is(field, Column)) return field;
  // SQL's decoder (sql<T>`…`.mapWith) and a transaction's session are drizzle internals that its
  // typings hide; the tests of every list read through here compare its rows with drizzle's own.
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  return ((field as SQL.Aliased).sql as unknown as { decoder: Decoder }).decoder;
};

const sessionOf = (tx: Tx): PgSession => (tx as unknown as { session: PgSession }).session;

/**
 * A reader for one flat select list, for hot list reads. Drizzle maps every cell of a result through
 * type checks (`is`) and a path walk; on a 50-row page that was a tenth of the API's CPU. This looks
 * up each field's decoder once, when the module loads, and then only calls it per cell, so rows come
 * out exactly as drizzle would map them.
 *
 * `fields` must be the object the query selects (drizzle orders columns as the object's keys).
 */
export function rowReader<T>(fields: Record<string, unknown>) {
  const keys = Object.keys(fields);
  const decoders = keys.map((key) => decoderOf(fields[key]));
  const read = (rows: unknown[][]): T[] =>
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const value = row[i];
        out[keys[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
      }
      return out as T;
    });
  return (tx: Tx, query: { toSQL(): Query }): Promise<T[]> =>
    sessionOf(tx)
      .prepareQuery<PreparedQueryConfig & { execute: T[] }>(query.toSQL(), undefined, undefined, true, read)
      .execute();
}
