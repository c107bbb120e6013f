import { customType, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A transaction id (xid8), 64 bits: kept as its decimal text, which JavaScript numbers cannot hold. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const publicChangeKinds = ['measure', 'strategy', 'workshop'] as const;
export type PublicChangeKind = (typeof publicChangeKinds)[number];

/**
 * The position in commit order of every public item's last change (migration 0028, maintained by
 * triggers): the public feeds page through it below the snapshot horizon, so no change is skipped.
 */
export const publicChanges = pgTable(
  'public_changes',
  {
    kind: text('kind').$type<PublicChangeKind>().notNull(),
    entityId: uuid('entity_id').notNull(),
    municipalityId: uuid('municipality_id').notNull(),
    position: xid8('position').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.entityId] }),
    index('public_changes_feed_idx').on(t.kind, t.position, t.entityId),
  ],
);

/** Tables that index what is public across municipalities: no tenant owns their rows (migration 0028). */
export const publicIndexTables = [publicChanges];
