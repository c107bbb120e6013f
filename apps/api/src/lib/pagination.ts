import { and, asc, desc, gt, isNull, lt, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { badRequest } from './errors.js';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Page size (1–200).' }),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque cursor from `nextCursor`.' }),
};

export const syncQuery = {
  ...pageQuery,
  updatedSince: z.iso.datetime({ offset: true }).optional().meta({
    description:
      'Only rows changed after this time, ordered by change time, including deleted rows (with `deletedAt`) as tombstones.',
  }),
};

export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
  updatedSince?: string | undefined;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const invalidCursor = () =>
  badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);

const cursorSchema = z.tuple([z.string().max(40), z.uuid()]);

function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

interface KeysetColumns {
  id: PgColumn;
  /** Needed for updatedSince; append-only tables (audit events) have none. */
  updatedAt?: PgColumn;
  deletedAt?: PgColumn;
}

/** How a plain list (without updatedSince) is ordered; the default is id ascending. */
export interface KeysetOrder {
  /** A column that leads the order (e.g. sort_order, starts_at); id breaks ties. */
  sortColumn?: PgColumn;
  /**
   * What the sort column holds: an integer (the default) or a timestamp written from a JS Date,
   * so it keeps milliseconds, exactly what the cursor carries.
   */
  sortType?: 'integer' | 'timestamp';
  /** Largest first, id descending on ties; without a sort column newest first (the audit log). */
  descending?: boolean;
}

const INTEGER = /^-?\d{1,10}$/;
const INT4_MAX = 2_147_483_647;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

// Checked here so that a forged cursor (e.g. February 30th) is a 400, not a database error.
const isCursorTime = (ts: string): boolean => {
  if (!CURSOR_TIME.test(ts)) return false;
  const parsed = new Date(ts);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === ts.slice(0, 19);
};

/**
 * Keyset pagination. Plain lists go by id (UUIDv7, creation order) and hide deleted rows;
 * with updatedSince the list goes by (updated_at, id) and includes tombstones so mirrors stay exact.
 * `order` changes only the plain list: a leading sort column (either direction), or id descending.
 */
export function keyset(
  cols: KeysetColumns,
  q: PageQuery,
  order: KeysetOrder = {},
  bind: Binder = asValue,
): { where: SQL | undefined; orderBy: SQL[]; limit: number } {
  const limit = q.limit + 1;
  if (q.updatedSince) {
    if (!cols.updatedAt) throw new Error('updatedSince needs an updatedAt column');
    const conds: (SQL | undefined)[] = [
      sql`${cols.updatedAt} > ${bind('updatedSince', new Date(q.updatedSince).toISOString())}::timestamptz`,
    ];
    if (q.cursor) {
      const [ts, id] = decodeCursor(q.cursor);
      if (!isCursorTime(ts)) throw invalidCursor();
      conds.push(
        sql`(${cols.updatedAt}, ${cols.id}) > (${bind('cursorTime', ts)}::timestamptz, ${bind('cursorId', id)})`,
      );
    }
    return { where: and(...conds), orderBy: [asc(cols.updatedAt), asc(cols.id)], limit };
  }
  const conds: (SQL | undefined)[] = [cols.deletedAt ? isNull(cols.deletedAt) : undefined];
  if (order.sortColumn) {
    const direction = order.descending ? desc : asc;
    if (q.cursor) {
      const [value, id] = decodeCursor(q.cursor);
      // A cursor from another list (e.g. an id-only one) must be a 400, not a database cast error.
      const after =
        order.sortType === 'timestamp'
          ? isCursorTime(value)
            ? sql`${bind('cursorSort', value)}::timestamptz`
            : undefined
          : INTEGER.test(value) && Math.abs(Number(value)) <= INT4_MAX
            ? sql`${bind('cursorSort', Number(value))}`
            : undefined;
      if (!after) throw invalidCursor();
      const past = order.descending ? sql`<` : sql`>`;
      conds.push(sql`(${order.sortColumn}, ${cols.id}) ${past} (${after}, ${bind('cursorId', id)})`);
    }
    return { where: and(...conds), orderBy: [direction(order.sortColumn), direction(cols.id)], limit };
  }
  if (q.cursor) {
    const [, id] = decodeCursor(q.cursor);
    const after = bind('cursorId', id);
    conds.push(order.descending ? lt(cols.id, after) : gt(cols.id, after));
  }
  return { where: and(...conds), orderBy: [order.descending ? desc(cols.id) : asc(cols.id)], limit };
}

/**
 * How a query takes a value: inline (a parameter of this query), or as a named placeholder that a
 * query compiled once per shape fills per call (see compiledRead in @werkstatt/db).
 */
export type Binder = <T>(name: string, value: T) => T | Placeholder;

const asValue: Binder = (_name, value) => value;

/** A binder that collects the values under their names and puts placeholders into the query. */
export function placeholders(): { bind: Binder; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  return {
    values,
    bind: (name, value) => {
      values[name] = value;
      return sql.placeholder(name);
    },
  };
}

/** Which keyset condition a page query needs: part of the shape of a query compiled per shape. */
export const keysetShape = (q: PageQuery): string =>
  `${q.updatedSince ? 'since' : 'plain'}${q.cursor ? '+cursor' : ''}`;

const cursorValueOf = (v: number | Date): string => (v instanceof Date ? v.toISOString() : String(v));

/**
 * Cuts the extra row fetched by `keyset` and derives the next cursor from the last row kept.
 * Lists ordered by a sort column pass `sortValue`, which reads that column from a row.
 */
export function toPage<R extends { id: string; updatedAt?: Date }, T>(
  rows: R[],
  q: PageQuery,
  map: (row: R) => T,
  sortValue?: (row: R) => number | Date,
): Page<T> {
  const more = rows.length > q.limit;
  const kept = more ? rows.slice(0, q.limit) : rows;
  const last = kept.at(-1);
  let nextCursor: string | null = null;
  if (more && last) {
    const value = q.updatedSince
      ? (last.updatedAt?.toISOString() ?? '')
      : sortValue
        ? cursorValueOf(sortValue(last))
        : '';
    nextCursor = encodeCursor(value, last.id);
  }
  return { data: kept.map(map), nextCursor };
}
