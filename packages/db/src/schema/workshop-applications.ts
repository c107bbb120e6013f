import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.js';
import { municipalities } from './municipalities.js';
import { programs } from './programs.js';
import { workshops } from './workshops.js';

export const applicationStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const applicationStatus = pgEnum('workshop_application_status', applicationStatuses);

/** A day the municipality would like, optionally with a time window (Berlin wall time, "HH:MM"). */
export interface PreferredDate {
  date: string;
  from: string | null;
  to: string | null;
}

/**
 * A municipality asking for a workshop (Anmeldung der Kommune). Owned by the applying municipality:
 * the partners it names do not see the application; they take part once the program office has
 * scheduled the workshop.
 */
export const workshopApplications = pgTable(
  'workshop_applications',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    preferredDates: jsonb('preferred_dates').$type<PreferredDate[]>().notNull(),
    partnerMunicipalityIds: uuid('partner_municipality_ids').array().notNull().default(sql`'{}'::uuid[]`),
    expectedParticipants: integer('expected_participants').notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    note: text('note').notNull().default(''),
    status: applicationStatus('status').notNull().default('pending'),
    declineReason: text('decline_reason'),
    workshopId: uuid('workshop_id').references(() => workshops.id),
    createdBy: uuid('created_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    index('workshop_applications_municipality_idx').on(t.municipalityId, t.id),
    index('workshop_applications_status_idx').on(t.status, t.id),
    check('workshop_applications_participants_check', sql`${t.expectedParticipants} between 1 and 500`),
    check(
      'workshop_applications_dates_check',
      sql`jsonb_typeof(${t.preferredDates}) = 'array' and jsonb_array_length(${t.preferredDates}) between 1 and 3`,
    ),
    check(
      'workshop_applications_decision_check',
      sql`(${t.status} = 'accepted') = (${t.workshopId} is not null) and (${t.status} = 'declined') = (${t.declineReason} is not null)`,
    ),
  ],
);

/**
 * The secret behind a municipality's subscribable workshop calendar. One per municipality; rotating
 * replaces the hash, so the old URL stops working at once. Only the SHA-256 of the token is stored.
 * It belongs to the municipality, not to a user: who rotated it is in the audit log.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    municipalityId: uuid('municipality_id')
      .primaryKey()
      .references(() => municipalities.id),
    tokenHash: text('token_hash').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('calendar_feeds_token_hash_key').on(t.tokenHash)],
);
