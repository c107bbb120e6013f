import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.js';
import { municipalities } from './municipalities.js';
import { programs } from './programs.js';
import { users } from './users.js';

export const workshopFormats = ['onsite', 'online'] as const;
export type WorkshopFormat = (typeof workshopFormats)[number];
export const workshopFormat = pgEnum('workshop_format', workshopFormats);

export const workshopStatuses = ['draft', 'published', 'cancelled', 'held'] as const;
export type WorkshopStatus = (typeof workshopStatuses)[number];
export const workshopStatus = pgEnum('workshop_status', workshopStatuses);

// 'pending' is an invitee who has not yet confirmed their e-mail address (double opt-in): no seat.
export const registrationStatuses = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'attended'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];
export const registrationStatus = pgEnum('registration_status', registrationStatuses);

export const participantRoles = ['politics', 'administration', 'citizen', 'business', 'other'] as const;
export type ParticipantRole = (typeof participantRoles)[number];
export const participantRole = pgEnum('participant_role', participantRoles);

/** One day of a multi-day workshop, as RFC 3339 instants. */
export interface WorkshopDay {
  startsAt: string;
  endsAt: string;
}

/**
 * A workshop: one block from `starts_at` to `ends_at`, or, when `days` is set, those days inside
 * it (a two-day network event is two days, not one 32-hour block). `municipality_id` is the host municipality; `municipality_ids` lists every
 * participating municipality (host included) so the RLS policy can show a tenant exactly the
 * workshops it takes part in without a join. The seat counters are changed only while the row is
 * locked FOR UPDATE, which serialises registrations per workshop and keeps the counts exact.
 */
export const workshops = pgTable(
  'workshops',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    municipalityIds: uuid('municipality_ids').array().notNull(),
    moderatorIds: uuid('moderator_ids').array().notNull().default(sql`'{}'::uuid[]`),
    title: text('title').notNull(),
    format: workshopFormat('format').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    // Null: one block from starts_at to ends_at. Otherwise two or more days, ordered, inside that span.
    days: jsonb('days').$type<WorkshopDay[]>(),
    venueName: text('venue_name'),
    venueStreet: text('venue_street'),
    venuePostalCode: text('venue_postal_code'),
    venueCity: text('venue_city'),
    onlineUrl: text('online_url'),
    capacity: integer('capacity').notNull(),
    status: workshopStatus('status').notNull().default('draft'),
    registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true, mode: 'date' }),
    registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true, mode: 'date' }),
    notes: text('notes').notNull().default(''),
    cancellationReason: text('cancellation_reason'),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    // Length of the waitlist, and so the position the next waitlisted person gets.
    waitlistCount: integer('waitlist_count').notNull().default(0),
    // iCalendar SEQUENCE: raised with every change participants are told about.
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('workshops_starts_at_idx').on(t.startsAt, t.id),
    index('workshops_program_idx').on(t.programId, t.startsAt),
    index('workshops_municipality_ids_idx').using('gin', t.municipalityIds),
    index('workshops_moderator_ids_idx').using('gin', t.moderatorIds),
    index('workshops_updated_at_idx').on(t.updatedAt, t.id),
    check('workshops_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('workshops_days_check', sql`${t.days} is null or jsonb_typeof(${t.days}) = 'array'`),
    check('workshops_capacity_check', sql`${t.capacity} between 1 and 500`),
    check('workshops_host_check', sql`${t.municipalityId} = any(${t.municipalityIds})`),
    check('workshops_counts_check', sql`${t.confirmedCount} >= 0 and ${t.waitlistCount} >= 0`),
    check(
      'workshops_window_check',
      sql`${t.registrationClosesAt} is null or ${t.registrationOpensAt} is null or ${t.registrationClosesAt} > ${t.registrationOpensAt}`,
    ),
  ],
);

/** A municipality's part in a workshop: its optional seat quota and its confirmed count. */
export const workshopMunicipalities = pgTable(
  'workshop_municipalities',
  {
    workshopId: uuid('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    seats: integer('seats'),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'workshop_municipalities_pkey', columns: [t.workshopId, t.municipalityId] }),
    index('workshop_municipalities_municipality_idx').on(t.municipalityId, t.workshopId),
    check('workshop_municipalities_seats_check', sql`${t.seats} >= 0`),
    check('workshop_municipalities_confirmed_check', sql`${t.confirmedCount} >= 0`),
  ],
);

/** A participant (Teilnehmeranmeldung), owned by the municipality they are registered for. */
export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    municipalityId: uuid('municipality_id').notNull(),
    workshopId: uuid('workshop_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    role: participantRole('role').notNull(),
    note: text('note').notNull().default(''),
    status: registrationStatus('status').notNull(),
    // 1..n in arrival order; closed up (under the workshop lock) when someone leaves the waitlist.
    waitlistPosition: integer('waitlist_position'),
    invitationId: uuid('invitation_id'),
    // Hashes of the personal links (e-mail confirmation, cancellation); the links themselves are mailed.
    confirmTokenHash: text('confirm_token_hash'),
    cancelTokenHash: text('cancel_token_hash'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    attendedAt: timestamp('attended_at', { withTimezone: true, mode: 'date' }),
    anonymizedAt: timestamp('anonymized_at', { withTimezone: true, mode: 'date' }),
    // Added to the workshop's calendar_sequence in this person's calendar e-mails, and raised with
    // each of them, so every attachment (tentative, confirmed, cancelled) outranks the one before.
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'registrations_workshop_municipality_fk',
      columns: [t.workshopId, t.municipalityId],
      foreignColumns: [workshopMunicipalities.workshopId, workshopMunicipalities.municipalityId],
    }),
    // One live registration per person and workshop; a cancelled one may register again.
    uniqueIndex('registrations_workshop_email_key')
      .on(t.workshopId, sql`lower(${t.email})`)
      .where(sql`${t.status} <> 'cancelled'`),
    index('registrations_waitlist_idx')
      .on(t.workshopId, t.waitlistPosition)
      .where(sql`${t.status} = 'waitlisted'`),
    index('registrations_workshop_municipality_idx').on(t.workshopId, t.municipalityId, t.id),
    index('registrations_municipality_idx').on(t.municipalityId, t.id),
    uniqueIndex('registrations_confirm_token_key').on(t.confirmTokenHash),
    uniqueIndex('registrations_cancel_token_key').on(t.cancelTokenHash),
    check(
      'registrations_waitlist_check',
      sql`(${t.status} = 'waitlisted') = (${t.waitlistPosition} is not null)`,
    ),
  ],
);

/**
 * A revocable invitation link of one municipality to one workshop: whoever holds the secret may
 * register (double opt-in) as a participant of that municipality. Only the SHA-256 of the secret is
 * kept; the link is shown once when it is created.
 */
export const workshopInvitations = pgTable(
  'workshop_invitations',
  {
    id: id(),
    municipalityId: uuid('municipality_id').notNull(),
    workshopId: uuid('workshop_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    maxUses: integer('max_uses'),
    // Registrations made through the link (confirmed or not); checked against max_uses atomically.
    useCount: integer('use_count').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'workshop_invitations_workshop_municipality_fk',
      columns: [t.workshopId, t.municipalityId],
      foreignColumns: [workshopMunicipalities.workshopId, workshopMunicipalities.municipalityId],
    }).onDelete('cascade'),
    uniqueIndex('workshop_invitations_token_key').on(t.tokenHash),
    index('workshop_invitations_workshop_idx').on(t.workshopId, t.municipalityId, t.id),
    check('workshop_invitations_max_uses_check', sql`${t.maxUses} is null or ${t.maxUses} >= 1`),
    check(
      'workshop_invitations_uses_check',
      sql`${t.useCount} >= 0 and (${t.maxUses} is null or ${t.useCount} <= ${t.maxUses})`,
    ),
  ],
);
