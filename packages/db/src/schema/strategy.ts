import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { deletedAt, id, timestamps } from './columns.js';
import { municipalities } from './municipalities.js';
import { actionFields, programs } from './programs.js';
import { users } from './users.js';

export const strategyStatuses = ['draft', 'adopted'] as const;
export type StrategyStatus = (typeof strategyStatuses)[number];
export const strategyStatus = pgEnum('strategy_status', strategyStatuses);

export const strategyVisibilities = ['private', 'public'] as const;
export type StrategyVisibility = (typeof strategyVisibilities)[number];
export const strategyVisibility = pgEnum('strategy_visibility', strategyVisibilities);

export const ideaStatuses = ['new', 'planned', 'parked', 'rejected'] as const;
export type IdeaStatus = (typeof ideaStatuses)[number];
export const ideaStatus = pgEnum('idea_status', ideaStatuses);

// Workshop estimates are coarse; fixed buckets can be sorted, filtered and printed in German.
export const ideaDurations = [
  'up_to_3_months',
  'up_to_1_year',
  'up_to_2_years',
  'more_than_2_years',
] as const;
export type IdeaDuration = (typeof ideaDurations)[number];
export const ideaDuration = pgEnum('idea_duration', ideaDurations);

// The fact sheet's "when to start": at once, within 2 years, within 4 years.
export const startWindows = ['immediately', 'within_2_years', 'within_4_years'] as const;
export type StartWindow = (typeof startWindows)[number];
export const startWindow = pgEnum('start_window', startWindows);

export const measureStatuses = ['planned', 'in_progress', 'done', 'on_hold', 'dropped'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];
export const measureStatus = pgEnum('measure_status', measureStatuses);

/** A measurable indicator of a measure (validated by the API; stored with the measure). */
export interface MeasureIndicator {
  name: string;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  currentValue: number | null;
  currentAsOf: string | null;
}

const logoBytes = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
/** The largest stored logo; the API refuses bigger uploads before they get here. */
export const maxLogoBytes = 512 * 1024;

// One living strategy per municipality, written against one program's action-field catalog.
export const strategies = pgTable(
  'strategies',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    title: text('title').notNull(),
    vision: text('vision').notNull().default(''),
    summary: text('summary').notNull().default(''),
    status: strategyStatus('status').notNull().default('draft'),
    adoptedOn: date('adopted_on', { mode: 'string' }),
    councilResolution: text('council_resolution'),
    visibility: strategyVisibility('visibility').notNull().default('private'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    // The council meeting the strategy is put to; the PDF prints a Beschlussvorschlag when a body is named.
    resolutionBody: text('resolution_body'),
    resolutionMeetingOn: date('resolution_meeting_on', { mode: 'string' }),
    resolutionAgendaItem: text('resolution_agenda_item'),
    // The coat of arms or logo for the PDF cover, always a PNG (an uploaded SVG is rasterised first).
    logoPng: logoBytes('logo_png'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('strategies_municipality_key').on(t.municipalityId),
    // Target of the composite foreign keys below: a child row always belongs to its parent's municipality.
    unique('strategies_id_municipality_key').on(t.id, t.municipalityId),
    check('strategies_adopted_check', sql`${t.status} <> 'adopted' or ${t.adoptedOn} is not null`),
    check('strategies_logo_size_check', sql`octet_length(${t.logoPng}) <= ${sql.raw(String(maxLogoBytes))}`),
  ],
);

// The action fields a municipality chose, in priority order, each with one goal.
export const strategyFields = pgTable(
  'strategy_fields',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    strategyId: uuid('strategy_id').notNull(),
    actionFieldId: uuid('action_field_id')
      .notNull()
      .references(() => actionFields.id),
    priority: integer('priority').notNull(),
    rationale: text('rationale').notNull().default(''),
    goal: text('goal').notNull().default(''),
    maturityNow: smallint('maturity_now'),
    maturityTarget: smallint('maturity_target'),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'strategy_fields_strategy_fk',
      columns: [t.strategyId, t.municipalityId],
      foreignColumns: [strategies.id, strategies.municipalityId],
    }).onDelete('cascade'),
    uniqueIndex('strategy_fields_strategy_field_key').on(t.strategyId, t.actionFieldId),
    uniqueIndex('strategy_fields_strategy_priority_key').on(t.strategyId, t.priority),
    index('strategy_fields_municipality_idx').on(t.municipalityId),
    check('strategy_fields_priority_check', sql`${t.priority} >= 1`),
    check('strategy_fields_maturity_now_check', sql`${t.maturityNow} between 0 and 4`),
    check('strategy_fields_maturity_target_check', sql`${t.maturityTarget} between 0 and 4`),
  ],
);

export const ideas = pgTable(
  'ideas',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    actionFieldId: uuid('action_field_id')
      .notNull()
      .references(() => actionFields.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    // Workshops are another module; the id is kept without a foreign key until they exist.
    sourceWorkshopId: uuid('source_workshop_id'),
    estimatedDuration: ideaDuration('estimated_duration'),
    status: ideaStatus('status').notNull().default('new'),
    votes: integer('votes').notNull().default(0),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    unique('ideas_id_municipality_key').on(t.id, t.municipalityId),
    index('ideas_municipality_field_idx').on(t.municipalityId, t.actionFieldId, t.status),
    index('ideas_municipality_id_idx').on(t.municipalityId, t.id),
    index('ideas_municipality_updated_idx').on(t.municipalityId, t.updatedAt, t.id),
    index('ideas_municipality_votes_idx').on(t.municipalityId, t.votes, t.id),
    check('ideas_votes_check', sql`${t.votes} >= 0`),
  ],
);

/**
 * One dot a person placed on an idea (several on one idea are allowed). `ideas.votes` counts these
 * plus the dots entered from the workshop wall; the rows let each person's dots per action field be
 * held to the program's budget and withdrawn again.
 */
export const ideaVotes = pgTable(
  'idea_votes',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    ideaId: uuid('idea_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'idea_votes_idea_fk',
      columns: [t.ideaId, t.municipalityId],
      foreignColumns: [ideas.id, ideas.municipalityId],
    }).onDelete('cascade'),
    index('idea_votes_voter_idx').on(t.municipalityId, t.userId, t.ideaId),
    index('idea_votes_idea_idx').on(t.ideaId),
  ],
);

// A measure is a fact sheet (Maßnahmensteckbrief) on the roadmap.
export const measures = pgTable(
  'measures',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    actionFieldId: uuid('action_field_id')
      .notNull()
      .references(() => actionFields.id),
    originIdeaId: uuid('origin_idea_id'),
    rank: integer('rank').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    lead: text('lead'),
    participants: text('participants'),
    targetGroup: text('target_group'),
    expectedResult: text('expected_result'),
    resources: text('resources'),
    startWindow: startWindow('start_window'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    status: measureStatus('status').notNull().default('planned'),
    // Set by the client while the measure has no steps, derived from the steps once it has some.
    progress: smallint('progress').notNull().default(0),
    stepsTotal: integer('steps_total').notNull().default(0),
    stepsDone: integer('steps_done').notNull().default(0),
    budgetCents: bigint('budget_cents', { mode: 'number' }),
    fundingSource: text('funding_source'),
    grantProgram: text('grant_program'),
    indicators: jsonb('indicators').$type<MeasureIndicator[]>().notNull().default(sql`'[]'::jsonb`),
    ...timestamps,
    deletedAt: deletedAt(),
  },
  (t) => [
    unique('measures_id_municipality_key').on(t.id, t.municipalityId),
    foreignKey({
      name: 'measures_origin_idea_fk',
      columns: [t.originIdeaId, t.municipalityId],
      foreignColumns: [ideas.id, ideas.municipalityId],
    }),
    index('measures_municipality_field_status_idx').on(t.municipalityId, t.actionFieldId, t.status),
    index('measures_municipality_id_idx').on(t.municipalityId, t.id),
    index('measures_municipality_updated_idx').on(t.municipalityId, t.updatedAt, t.id),
    // The peer finder looks up measures of one action field across all municipalities.
    index('measures_action_field_idx').on(t.actionFieldId).where(sql`${t.deletedAt} is null`),
    // An idea becomes at most one (live) measure.
    uniqueIndex('measures_origin_idea_key').on(t.originIdeaId).where(sql`${t.deletedAt} is null`),
    // For the peer search: German stemming over title and description.
    index('measures_search_idx').using(
      'gin',
      sql`to_tsvector('german'::regconfig, ${t.title} || ' ' || ${t.description})`,
    ),
    check('measures_rank_check', sql`${t.rank} >= 1`),
    check('measures_progress_check', sql`${t.progress} between 0 and 100`),
    check('measures_steps_check', sql`${t.stepsDone} between 0 and ${t.stepsTotal}`),
    check('measures_budget_check', sql`${t.budgetCents} >= 0`),
    check('measures_dates_check', sql`${t.endDate} >= ${t.startDate}`),
    check('measures_indicators_check', sql`jsonb_typeof(${t.indicators}) = 'array'`),
  ],
);

// Umsetzungsschritte: a measure's checklist.
export const measureSteps = pgTable(
  'measure_steps',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    measureId: uuid('measure_id').notNull(),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
    position: integer('position').notNull(),
    ...timestamps,
  },
  (t) => [
    foreignKey({
      name: 'measure_steps_measure_fk',
      columns: [t.measureId, t.municipalityId],
      foreignColumns: [measures.id, measures.municipalityId],
    }).onDelete('cascade'),
    index('measure_steps_measure_idx').on(t.measureId, t.position, t.id),
    index('measure_steps_open_due_idx').on(t.measureId, t.dueOn).where(sql`${t.doneAt} is null`),
    index('measure_steps_municipality_idx').on(t.municipalityId),
  ],
);

// A Fassung: the whole strategy frozen as it was. Append-only (the app role cannot UPDATE or DELETE).
export const strategyVersions = pgTable(
  'strategy_versions',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    strategyId: uuid('strategy_id').notNull(),
    number: integer('number').notNull(),
    label: text('label').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'strategy_versions_strategy_fk',
      columns: [t.strategyId, t.municipalityId],
      foreignColumns: [strategies.id, strategies.municipalityId],
    }),
    uniqueIndex('strategy_versions_number_key').on(t.municipalityId, t.number),
    check('strategy_versions_number_check', sql`${t.number} >= 1`),
  ],
);

// One row per municipality and day a review reminder was sent for: the unique key makes the daily
// scan idempotent (a second scan on the same day finds the row and enqueues no second mail).
export const reviewReminders = pgTable(
  'review_reminders',
  {
    id: id(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    remindOn: date('remind_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_reminders_municipality_day_key').on(t.municipalityId, t.remindOn)],
);
