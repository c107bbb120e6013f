import { workshopDays } from '@werkstatt/calendar';
import type { Tx, WorkshopDay } from '@werkstatt/db';
import { registrations } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Actor } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { badRequest, conflict, forbidden, unprocessable } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { requireProgramAdmin } from '../../lib/permissions.js';
import { recordWebhookEvent } from '../../lib/webhook-events.js';
import { findProgram, type ProgramRow } from '../programs/index.js';
import { type CalendarWorkshop, workshopsCalendar } from './calendar.js';
import { fillFreeSeats } from './seats.js';
import * as data from './workshops.data.js';
import type {
  CreateWorkshopInput,
  ListWorkshopsQuery,
  UpdateWorkshopInput,
  WorkshopDto,
} from './workshops.schemas.js';
import {
  canSeeWorkshop,
  isAssignedModerator,
  listScopeOf,
  requireWorkshopReader,
  requireWorkshopVisible,
} from './workshops-access.js';
import {
  berlinWallTime,
  dayDtos,
  dayOutsideWorkshop,
  outsideProgramPeriod,
  seatsLeft,
  TIME_ZONE,
} from './workshops-fns.js';

/**
 * A municipality user sees only its own part of the quotas; the list of participating
 * municipalities itself is shared by everyone in the workshop.
 */
export function toWorkshopDto(r: data.WorkshopRecord, actor?: Actor): WorkshopDto {
  const own = actor?.municipalityId;
  return {
    id: r.id,
    programId: r.programId,
    title: r.title,
    format: r.format,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    timeZone: TIME_ZONE,
    startsAtLocal: berlinWallTime(r.startsAt),
    endsAtLocal: berlinWallTime(r.endsAt),
    days: dayDtos(r),
    venue:
      r.venueName !== null
        ? {
            name: r.venueName,
            street: r.venueStreet ?? '',
            postalCode: r.venuePostalCode ?? '',
            city: r.venueCity ?? '',
          }
        : null,
    onlineUrl: r.onlineUrl,
    hostMunicipalityId: r.municipalityId,
    municipalityIds: r.municipalityIds,
    seatsPerMunicipality: r.parts
      .filter((p) => !own || p.municipalityId === own)
      .map((p) => ({ municipalityId: p.municipalityId, seats: p.seats, confirmedCount: p.confirmedCount })),
    moderatorIds: r.moderatorIds,
    capacity: r.capacity,
    status: r.status,
    registrationOpensAt: r.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: r.registrationClosesAt?.toISOString() ?? null,
    notes: r.notes,
    cancellationReason: r.cancellationReason,
    confirmedCount: r.confirmedCount,
    waitlistCount: r.waitlistCount,
    seatsLeft: seatsLeft(r.capacity, r.confirmedCount),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The whole schedule of a workshop after a create or an update, checked as one. */
interface Plan {
  format: data.WorkshopRow['format'];
  startsAt: Date;
  endsAt: Date;
  days: WorkshopDay[] | null;
  venue: { name: string; street: string; postalCode: string; city: string } | null;
  onlineUrl: string | null;
  municipalities: { municipalityId: string; seats: number | null }[];
  hostMunicipalityId: string;
  moderatorIds: string[];
  capacity: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
}

const field = (path: string, message: string) => [{ path: `body.${path}`, message }];

async function checkPlan(tx: Tx, program: ProgramRow, plan: Plan, excludeId?: string): Promise<void> {
  if (plan.endsAt <= plan.startsAt) {
    throw badRequest('The workshop must end after it starts.', field('endsAt', 'must be after startsAt'));
  }
  const outside = plan.days ? dayOutsideWorkshop(plan, plan.days) : undefined;
  if (outside !== undefined) {
    throw unprocessable('day_outside_workshop', "Every day must lie inside the workshop's start and end.", {
      errors: field(`days.${outside}`, 'must lie inside startsAt..endsAt'),
    });
  }
  if (
    plan.registrationOpensAt &&
    plan.registrationClosesAt &&
    plan.registrationClosesAt <= plan.registrationOpensAt
  ) {
    throw badRequest(
      'Registration must close after it opens.',
      field('registrationClosesAt', 'must be after registrationOpensAt'),
    );
  }
  if (plan.format === 'onsite' && !plan.venue) {
    throw unprocessable('venue_required', 'An on-site workshop needs a venue.', {
      errors: field('venue', 'required for format onsite'),
    });
  }
  if (plan.format === 'online' && !plan.onlineUrl) {
    throw unprocessable('online_url_required', 'An online workshop needs its meeting URL.', {
      errors: field('onlineUrl', 'required for format online'),
    });
  }
  const ids = plan.municipalities.map((m) => m.municipalityId);
  if (ids.length > program.maxMunicipalitiesPerWorkshop) {
    throw unprocessable(
      'too_many_municipalities',
      `The program allows at most ${program.maxMunicipalitiesPerWorkshop} municipalities per workshop.`,
      { errors: field('municipalities', `at most ${program.maxMunicipalitiesPerWorkshop}`) },
    );
  }
  if (!ids.includes(plan.hostMunicipalityId)) {
    throw unprocessable('host_not_participating', 'The host municipality must take part in the workshop.', {
      errors: field('hostMunicipalityId', 'must be one of municipalities'),
    });
  }
  const found = await data.municipalitiesByIds(tx, ids);
  for (const id of ids) {
    const m = found.find((x) => x.id === id);
    if (!m || m.deletedAt) {
      throw unprocessable('unknown_municipality', `Municipality ${id} does not exist.`, {
        errors: field('municipalities', `unknown municipality ${id}`),
      });
    }
    if (!program.eligibleKinds.includes(m.kind)) {
      throw unprocessable(
        'municipality_not_eligible',
        `Municipality ${id} (${m.kind}) is not eligible for this program.`,
        { errors: field('municipalities', `${m.kind} is not eligible`) },
      );
    }
  }
  if (plan.capacity > program.maxParticipants) {
    throw unprocessable(
      'capacity_exceeds_program',
      `The program allows at most ${program.maxParticipants} participants per workshop.`,
      { errors: field('capacity', `at most ${program.maxParticipants}`) },
    );
  }
  for (const m of plan.municipalities) {
    if (m.seats !== null && m.seats > plan.capacity) {
      throw unprocessable('seats_exceed_capacity', "A municipality's seats cannot exceed the capacity.", {
        errors: field('municipalities', `seats of ${m.municipalityId} exceed the capacity`),
      });
    }
  }
  const moderators = await data.usersByIds(tx, plan.moderatorIds);
  for (const id of plan.moderatorIds) {
    const u = moderators.find((x) => x.id === id);
    if (!u || u.disabled || u.deletedAt || (u.role !== 'moderator' && u.role !== 'program_admin')) {
      throw unprocessable('unknown_moderator', `User ${id} is not an active moderator.`, {
        errors: field('moderatorIds', `${id} is not a moderator`),
      });
    }
  }
  await data.lockSchedule(tx);
  const [overlap] = await data.findOverlapping(tx, {
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    municipalityIds: ids,
    moderatorIds: plan.moderatorIds,
    ...(excludeId ? { excludeId } : {}),
  });
  if (overlap) {
    const municipalityId = ids.find((id) => overlap.municipalityIds.includes(id));
    if (municipalityId) {
      throw conflict(
        'municipality_double_booked',
        'A municipality already takes part in another workshop at that time.',
        { municipalityId, workshopId: overlap.id },
      );
    }
    throw conflict(
      'moderator_double_booked',
      'A moderator is already assigned to another workshop at that time.',
      {
        moderatorId: plan.moderatorIds.find((id) => overlap.moderatorIds.includes(id)),
        workshopId: overlap.id,
      },
    );
  }
}

/** A workshop takes place within its program's runtime; a program that has ended takes none. */
function assertInProgramPeriod(program: ProgramRow, plan: Pick<Plan, 'startsAt' | 'endsAt'>): void {
  if (!outsideProgramPeriod(program, plan.startsAt, plan.endsAt)) return;
  const period = program.endsOn
    ? `from ${program.startsOn} to ${program.endsOn}`
    : `from ${program.startsOn}`;
  throw unprocessable(
    'workshop_outside_program_period',
    `The workshop must take place within the program's period (${period}).`,
    {
      programStartsOn: program.startsOn,
      programEndsOn: program.endsOn,
      errors: field('startsAt', `must lie within the program's period (${period})`),
    },
  );
}

// Days as stored: RFC 3339 in UTC, so the same days compare equal whatever offset they came with.
const storedDays = (days: WorkshopDay[] | null): WorkshopDay[] | null =>
  days?.map((d) => ({
    startsAt: new Date(d.startsAt).toISOString(),
    endsAt: new Date(d.endsAt).toISOString(),
  })) ?? null;

const columnsOf = (plan: Plan) => ({
  format: plan.format,
  startsAt: plan.startsAt,
  endsAt: plan.endsAt,
  days: storedDays(plan.days),
  venueName: plan.venue?.name ?? null,
  venueStreet: plan.venue?.street ?? null,
  venuePostalCode: plan.venue?.postalCode ?? null,
  venueCity: plan.venue?.city ?? null,
  onlineUrl: plan.onlineUrl,
  municipalityId: plan.hostMunicipalityId,
  // Host first, so lists read naturally.
  municipalityIds: [
    plan.hostMunicipalityId,
    ...plan.municipalities.map((m) => m.municipalityId).filter((id) => id !== plan.hostMunicipalityId),
  ],
  moderatorIds: plan.moderatorIds,
  capacity: plan.capacity,
  registrationOpensAt: plan.registrationOpensAt,
  registrationClosesAt: plan.registrationClosesAt,
});

const dateOrNull = (s: string | null | undefined) => (s ? new Date(s) : null);

/**
 * The workshop's program, share-locked: a change of the program's period waits for this
 * transaction, so it never misses a workshop scheduled at the same moment.
 */
async function requireProgram(tx: Tx, programId: string): Promise<ProgramRow> {
  const program = await findProgram(tx, programId, { forShare: true });
  if (!program) {
    throw unprocessable('unknown_program', 'The program does not exist.', {
      errors: field('programId', 'unknown program'),
    });
  }
  return program;
}

const audit = (ctx: RequestContext) => (tx: Tx, change: Parameters<typeof recordAudit>[2]) =>
  recordAudit(tx, ctx, change);

export async function listWorkshops(ctx: RequestContext, q: ListWorkshopsQuery): Promise<Page<WorkshopDto>> {
  requireWorkshopReader(ctx.actor);
  const scope = listScopeOf(ctx.actor);
  // A filter for another municipality than the caller's own can match nothing.
  if (scope.municipalityId && q.municipalityId && q.municipalityId !== scope.municipalityId) {
    return { data: [], nextCursor: null };
  }
  if (scope.moderatorId && q.moderatorId && q.moderatorId !== scope.moderatorId) {
    return { data: [], nextCursor: null };
  }
  const rows = await ctx.db.transaction((tx) =>
    data.listWorkshops(
      tx,
      {
        from: dateOrNull(q.from) ?? undefined,
        to: dateOrNull(q.to) ?? undefined,
        status: q.status,
        programId: q.programId,
        municipalityId: scope.municipalityId ?? q.municipalityId,
        moderatorId: scope.moderatorId ?? q.moderatorId,
      },
      q,
      q.sort,
      { last: true },
    ),
  );
  return toPage(
    rows,
    q,
    (r) => toWorkshopDto(r, ctx.actor),
    q.sort === 'createdAt' ? undefined : (r) => r.startsAt,
  );
}

/** Loads a workshop the caller may see, or 404. */
export async function loadVisibleWorkshop(
  ctx: RequestContext,
  tx: Tx,
  id: string,
  opts: { forUpdate?: boolean } & data.ReadOptions = {},
): Promise<data.WorkshopRecord> {
  const row = await data.findWorkshop(tx, id, opts);
  requireWorkshopVisible(ctx.actor, row);
  return row as data.WorkshopRecord;
}

export async function getWorkshop(ctx: RequestContext, id: string): Promise<WorkshopDto> {
  requireWorkshopReader(ctx.actor);
  const row = await ctx.db.transaction((tx) => loadVisibleWorkshop(ctx, tx, id, { last: true }));
  return toWorkshopDto(row, ctx.actor);
}

export async function createWorkshop(ctx: RequestContext, input: CreateWorkshopInput): Promise<WorkshopDto> {
  requireProgramAdmin(ctx.actor);
  return ctx.db.transaction((tx) => scheduleWorkshop(ctx, tx, input));
}

/**
 * Creates a workshop inside the caller's transaction, checked by every rule of the program and
 * audited (also used when the program office accepts a municipality's application).
 */
export async function scheduleWorkshop(
  ctx: RequestContext,
  tx: Tx,
  input: CreateWorkshopInput,
): Promise<WorkshopDto> {
  requireProgramAdmin(ctx.actor);
  const program = await requireProgram(tx, input.programId);
  const plan: Plan = {
    format: input.format,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    days: input.days ?? null,
    venue: input.venue ?? null,
    onlineUrl: input.onlineUrl ?? null,
    municipalities: input.municipalities,
    hostMunicipalityId: input.hostMunicipalityId ?? input.municipalities[0]!.municipalityId,
    moderatorIds: input.moderatorIds,
    capacity: input.capacity ?? program.maxParticipants,
    registrationOpensAt: dateOrNull(input.registrationOpensAt),
    registrationClosesAt: dateOrNull(input.registrationClosesAt),
  };
  assertInProgramPeriod(program, plan);
  await checkPlan(tx, program, plan);
  const row = await data.insertWorkshop(tx, {
    programId: program.id,
    title: input.title,
    status: input.status,
    notes: input.notes,
    ...columnsOf(plan),
  });
  await data.insertParts(tx, row.id, plan.municipalities);
  await tellAssignedModerators(tx, row.id, plan.moderatorIds);
  const dto = toWorkshopDto((await data.findWorkshop(tx, row.id))!);
  await recordAudit(tx, ctx, {
    action: 'workshop.created',
    entityType: 'workshop',
    entityId: row.id,
    municipalityId: row.municipalityId,
    after: dto,
  });
  await recordWebhookEvent(tx, { type: 'workshop.created', municipalityIds: dto.municipalityIds, data: dto });
  return dto;
}

/** The workshop as it is now, read after the change, as a webhook event. */
async function recordWorkshopEvent(
  tx: Tx,
  type: 'workshop.updated' | 'workshop.cancelled',
  id: string,
): Promise<data.WorkshopRecord> {
  const row = (await data.findWorkshop(tx, id))!;
  await recordWebhookEvent(tx, { type, municipalityIds: row.municipalityIds, data: toWorkshopDto(row) });
  return row;
}

/** Each moderator newly assigned to the workshop hears of it by e-mail. */
async function tellAssignedModerators(tx: Tx, workshopId: string, userIds: string[]): Promise<void> {
  for (const userId of userIds) {
    await enqueue(tx, {
      queue: 'mail',
      name: 'workshop.moderatorAssigned',
      payload: { workshopId, userId, municipalityId: null },
    });
  }
}

// What an assigned moderator may change: the practical details of the day, and marking it held.
const moderatorFields = new Set(['notes', 'venue', 'onlineUrl', 'status']);
// Changes participants must hear about (a new calendar entry).
const scheduleFields = ['format', 'startsAt', 'endsAt', 'days', 'venue', 'onlineUrl'] as const;

export async function updateWorkshop(
  ctx: RequestContext,
  id: string,
  input: UpdateWorkshopInput,
): Promise<WorkshopDto> {
  requireWorkshopReader(ctx.actor);
  return changeResource(ctx, {
    what: 'Workshop',
    entityType: 'workshop',
    action: 'workshop.updated',
    requireIfMatch: true,
    load: async (tx) => {
      const row = await data.findWorkshop(tx, id, { forUpdate: true });
      return row && canSeeWorkshop(ctx.actor, row) ? row : undefined;
    },
    toDto: (row) => toWorkshopDto(row, ctx.actor),
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      const keys = Object.keys(input);
      const admin = ctx.actor.type === 'user' && ctx.actor.role === 'program_admin';
      if (!admin) {
        if (!isAssignedModerator(ctx.actor, row))
          throw forbidden('Only the program office may change workshops.');
        const denied = keys.filter((k) => !moderatorFields.has(k));
        if (denied.length > 0 || (input.status !== undefined && input.status !== 'held')) {
          throw forbidden(
            'Moderators may change notes, venue and online URL, and mark the workshop as held.',
          );
        }
      }
      if ((row.status === 'cancelled' || row.status === 'held') && keys.some((k) => k !== 'notes')) {
        throw conflict(
          'workshop_locked',
          `A ${row.status} workshop cannot be changed any more, except its notes.`,
        );
      }
      const program = await requireProgram(tx, row.programId);
      const current: Plan = {
        format: row.format,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        days: row.days,
        venue:
          row.venueName !== null
            ? {
                name: row.venueName,
                street: row.venueStreet ?? '',
                postalCode: row.venuePostalCode ?? '',
                city: row.venueCity ?? '',
              }
            : null,
        onlineUrl: row.onlineUrl,
        municipalities: row.parts.map((p) => ({ municipalityId: p.municipalityId, seats: p.seats })),
        hostMunicipalityId: row.municipalityId,
        moderatorIds: row.moderatorIds,
        capacity: row.capacity,
        registrationOpensAt: row.registrationOpensAt,
        registrationClosesAt: row.registrationClosesAt,
      };
      const next: Plan = {
        format: input.format ?? current.format,
        startsAt: input.startsAt ? new Date(input.startsAt) : current.startsAt,
        endsAt: input.endsAt ? new Date(input.endsAt) : current.endsAt,
        days: input.days === undefined ? current.days : input.days,
        venue: input.venue === undefined ? current.venue : input.venue,
        onlineUrl: input.onlineUrl === undefined ? current.onlineUrl : input.onlineUrl,
        municipalities: input.municipalities ?? current.municipalities,
        hostMunicipalityId:
          input.hostMunicipalityId ??
          (input.municipalities && !input.municipalities.some((m) => m.municipalityId === row.municipalityId)
            ? input.municipalities[0]!.municipalityId
            : current.hostMunicipalityId),
        moderatorIds: input.moderatorIds ?? current.moderatorIds,
        capacity: input.capacity ?? current.capacity,
        registrationOpensAt:
          input.registrationOpensAt === undefined
            ? current.registrationOpensAt
            : dateOrNull(input.registrationOpensAt),
        registrationClosesAt:
          input.registrationClosesAt === undefined
            ? current.registrationClosesAt
            : dateOrNull(input.registrationClosesAt),
      };
      if (next.format === 'online') next.venue = input.venue === undefined ? null : next.venue;
      if (next.format === 'onsite') next.onlineUrl = input.onlineUrl === undefined ? null : next.onlineUrl;
      // Checked when the dates move, so a workshop scheduled before the rule existed stays editable.
      if (input.startsAt !== undefined || input.endsAt !== undefined) assertInProgramPeriod(program, next);
      if (keys.some((k) => k !== 'notes' && k !== 'status')) await checkPlan(tx, program, next, row.id);
      if (next.capacity < row.confirmedCount) {
        throw conflict(
          'capacity_below_confirmed',
          `The capacity cannot drop below the ${row.confirmedCount} confirmed participants.`,
          { confirmedCount: row.confirmedCount },
        );
      }
      await applyParts(tx, row, next.municipalities);

      const rescheduled =
        row.status === 'published' &&
        scheduleFields.some((k) => input[k] !== undefined) &&
        JSON.stringify(columnsOf(current)) !== JSON.stringify(columnsOf(next));
      const updated = await data.updateWorkshop(tx, row.id, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...columnsOf(next),
        ...(rescheduled ? { calendarSequence: row.calendarSequence + 1 } : {}),
      });
      await tellAssignedModerators(
        tx,
        row.id,
        next.moderatorIds.filter((m) => !row.moderatorIds.includes(m)),
      );
      if (rescheduled) {
        await enqueue(tx, {
          queue: 'mail',
          name: 'workshop.changed',
          payload: { workshopId: row.id, municipalityId: null },
        });
      }
      // More room (capacity, quotas, or just published) moves people up from the waitlist.
      await fillFreeSeats(tx, updated, audit(ctx));
      return recordWorkshopEvent(tx, 'workshop.updated', row.id);
    },
  });
}

/** Adds, removes and re-quotas the participating municipalities. */
async function applyParts(
  tx: Tx,
  row: data.WorkshopRecord,
  next: { municipalityId: string; seats: number | null }[],
): Promise<void> {
  const nextIds = new Set(next.map((m) => m.municipalityId));
  const removed = row.parts.filter((p) => !nextIds.has(p.municipalityId)).map((p) => p.municipalityId);
  if (removed.length > 0) {
    const [taken] = await tx
      .select({ municipalityId: registrations.municipalityId })
      .from(registrations)
      .where(
        and(
          eq(registrations.workshopId, row.id),
          inArray(registrations.municipalityId, removed),
          ne(registrations.status, 'cancelled'),
        ),
      )
      .limit(1);
    if (taken) {
      throw conflict(
        'municipality_has_registrations',
        'A municipality with registered participants cannot be removed from the workshop.',
        { municipalityId: taken.municipalityId },
      );
    }
    await data.deleteParts(tx, row.id, removed);
  }
  const known = new Map(row.parts.map((p) => [p.municipalityId, p]));
  const added = next.filter((m) => !known.has(m.municipalityId));
  await data.insertParts(tx, row.id, added);
  for (const m of next) {
    const part = known.get(m.municipalityId);
    if (!part || part.seats === m.seats) continue;
    if (m.seats !== null && m.seats < part.confirmedCount) {
      throw conflict(
        'seats_below_confirmed',
        "A municipality's seats cannot drop below its confirmed participants.",
        { municipalityId: m.municipalityId, confirmedCount: part.confirmedCount },
      );
    }
    await data.updatePartSeats(tx, row.id, m.municipalityId, m.seats);
  }
}

export async function cancelWorkshop(ctx: RequestContext, id: string, reason: string): Promise<WorkshopDto> {
  requireProgramAdmin(ctx.actor);
  return changeResource(ctx, {
    what: 'Workshop',
    entityType: 'workshop',
    action: 'workshop.cancelled',
    load: (tx) => data.findWorkshop(tx, id, { forUpdate: true }),
    toDto: (row) => toWorkshopDto(row),
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      if (row.status === 'cancelled')
        throw conflict('workshop_cancelled', 'The workshop is already cancelled.');
      if (row.status === 'held') throw conflict('workshop_held', 'The workshop has already taken place.');
      await data.updateWorkshop(tx, row.id, {
        status: 'cancelled',
        cancellationReason: reason,
        calendarSequence: row.calendarSequence + 1,
      });
      // Participants (of a published workshop) and the moderators (of a draft too) hear of it.
      if (row.status === 'published' || row.moderatorIds.length > 0) {
        await enqueue(tx, {
          queue: 'mail',
          name: 'workshop.cancelled',
          payload: { workshopId: row.id, municipalityId: null },
        });
      }
      return recordWorkshopEvent(tx, 'workshop.cancelled', row.id);
    },
  });
}

const locationOf = (r: data.WorkshopRow) =>
  r.format === 'online'
    ? `Online: ${r.onlineUrl ?? ''}`
    : [r.venueName, r.venueStreet, [r.venuePostalCode, r.venueCity].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ');

/** A workshop as a calendar entry (the same for the single file and the municipality feed). */
export const calendarEntryOf = (row: data.WorkshopRow): CalendarWorkshop => ({
  id: row.id,
  title: row.title,
  status: row.status,
  days: workshopDays(row),
  location: locationOf(row) || undefined,
  url: row.format === 'online' ? (row.onlineUrl ?? undefined) : undefined,
  sequence: row.calendarSequence,
  lastModified: row.updatedAt,
});

/** One workshop as an iCalendar file. */
export async function workshopCalendar(ctx: RequestContext, id: string): Promise<string> {
  requireWorkshopReader(ctx.actor);
  const row = await ctx.db.transaction((tx) => loadVisibleWorkshop(ctx, tx, id));
  return workshopsCalendar([calendarEntryOf(row)], { name: row.title });
}
