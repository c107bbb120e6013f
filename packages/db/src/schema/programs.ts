import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deletedAt, id, timestamps } from './columns.js';
import type { MunicipalityKind } from './enums.js';

export const programs = pgTable(
  'programs',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    eligibleKinds: jsonb('eligible_kinds').$type<MunicipalityKind[]>().notNull(),
    maxMunicipalitiesPerWorkshop: integer('max_municipalities_per_workshop').notNull().default(3),
    maxParticipants: integer('max_participants').notNull().default(30),
    // Dots each person may place per action field when voting on a municipality's ideas.
    dotVotesPerField: integer('dot_votes_per_field').notNull().default(3),
    // The program office's contact: Reply-To and footer of every mail of the program.
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    contactOrganisation: text('contact_organisation'),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('programs_slug_key').on(t.slug).where(sql`${t.deletedAt} is null`),
    index('programs_updated_at_idx').on(t.updatedAt, t.id),
    check('programs_runtime_check', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
    check('programs_max_municipalities_check', sql`${t.maxMunicipalitiesPerWorkshop} between 1 and 10`),
    check('programs_max_participants_check', sql`${t.maxParticipants} between 1 and 500`),
    check('programs_dot_votes_per_field_check', sql`${t.dotVotesPerField} between 1 and 50`),
    // A contact is a name and an address to reply to; phone and organisation are optional.
    check(
      'programs_contact_check',
      sql`(${t.contactName} is null) = (${t.contactEmail} is null) and (${t.contactName} is not null or (${t.contactPhone} is null and ${t.contactOrganisation} is null))`,
    ),
  ],
);

export const actionFields = pgTable(
  'action_fields',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    exampleMeasures: jsonb('example_measures').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('action_fields_program_key_key').on(t.programId, t.key).where(sql`${t.deletedAt} is null`),
    index('action_fields_program_sort_idx').on(t.programId, t.sortOrder, t.id),
    index('action_fields_updated_at_idx').on(t.updatedAt, t.id),
  ],
);

/**
 * The program catalog: the tables that belong to no municipality. They still carry RLS (the platform
 * scope writes them, every scope reads them). Every other table is tenant-owned, with a
 * municipality_id and the tenant policy (docs/architecture.md, "Adding a resource"). A new catalog
 * table goes here, and catalog.test.ts checks the policies accordingly.
 */
export const catalogTables = [programs, actionFields];
