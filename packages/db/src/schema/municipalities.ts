import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  char,
  check,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { deletedAt, id, timestamps } from './columns.js';
import { municipalityKind } from './enums.js';

export const municipalities = pgTable(
  'municipalities',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    kind: municipalityKind('kind').notNull(),
    // Amtlicher Regionalschlüssel: 12 digits, the key third-party portals join on.
    ars: char('ars', { length: 12 }),
    stateCode: char('state_code', { length: 2 }).notNull(),
    population: integer('population'),
    parentId: uuid('parent_id').references((): AnyPgColumn => municipalities.id),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('municipalities_slug_key').on(t.slug).where(sql`${t.deletedAt} is null`),
    uniqueIndex('municipalities_ars_key').on(t.ars),
    index('municipalities_updated_at_idx').on(t.updatedAt, t.id),
    index('municipalities_parent_idx').on(t.parentId),
    check('municipalities_ars_check', sql`${t.ars} ~ '^[0-9]{12}$'`),
    check('municipalities_population_check', sql`${t.population} >= 0`),
  ],
);
