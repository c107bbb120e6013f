import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

// UUIDv7 ids are time-ordered, so "ORDER BY id" is creation order and the primary key
// index serves cursor pagination without an extra index.
export const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());

// updated_at is maintained by a trigger (see migrations), so no code path can forget it. It keeps
// milliseconds, exactly what a JS Date holds, so a sync cursor built from it is exact.
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow(),
};

export const deletedAt = () => timestamp('deleted_at', { withTimezone: true, mode: 'date' });
