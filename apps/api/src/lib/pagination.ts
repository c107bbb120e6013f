import { and, asc, gt, isNull, type SQL, sql } from 'drizzle-orm';
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

const cursorSchema = z.tuple([z.string().max(40), z.uuid()]);

function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}

interface KeysetColumns {
  id: PgColumn;
  updatedAt: PgColumn;
  deletedAt?: PgColumn;
}

/**
 * Keyset pagination. Plain lists go by id (UUIDv7, creation order) and hide deleted rows;
 * with updatedSince the list goes by (updated_at, id) and includes tombstones so mirrors stay exact.
 */
export function keyset(
  cols: KeysetColumns,
  q: PageQuery,
): { where: SQL | undefined; orderBy: SQL[]; limit: number } {
  const limit = q.limit + 1;
  if (q.updatedSince) {
    const conds: (SQL | undefined)[] = [gt(cols.updatedAt, new Date(q.updatedSince))];
    if (q.cursor) {
      const [ts, id] = decodeCursor(q.cursor);
      conds.push(sql`(${cols.updatedAt}, ${cols.id}) > (${new Date(ts)}, ${id})`);
    }
    return { where: and(...conds), orderBy: [asc(cols.updatedAt), asc(cols.id)], limit };
  }
  const conds: (SQL | undefined)[] = [cols.deletedAt ? isNull(cols.deletedAt) : undefined];
  if (q.cursor) {
    const [, id] = decodeCursor(q.cursor);
    conds.push(gt(cols.id, id));
  }
  return { where: and(...conds), orderBy: [asc(cols.id)], limit };
}

/** Cuts the extra row fetched by `keyset` and derives the next cursor from the last row kept. */
export function toPage<R extends { id: string; updatedAt: Date }, T>(
  rows: R[],
  q: PageQuery,
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > q.limit;
  const kept = more ? rows.slice(0, q.limit) : rows;
  const last = kept.at(-1);
  const nextCursor =
    more && last ? encodeCursor(q.updatedSince ? last.updatedAt.toISOString() : '', last.id) : null;
  return { data: kept.map(map), nextCursor };
}
