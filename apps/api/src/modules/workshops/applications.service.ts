import type { Tx } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import type { Actor } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { requirePersonalRead, requireProgramAdmin } from '../../lib/permissions.js';
import { iso } from '../../lib/schemas.js';
import { findProgram } from '../programs/index.js';
import * as data from './applications.data.js';
import type {
  AcceptApplicationInput,
  CreateApplicationInput,
  ListApplicationsQuery,
  WorkshopApplicationDto,
} from './applications.schemas.js';
import { findWorkshop, municipalitiesByIds } from './workshops.data.js';
import { scheduleWorkshop } from './workshops.service.js';
import { requireWorkshopReader } from './workshops-access.js';
import { berlinInstant } from './workshops-fns.js';

/**
 * Who reaches an application: the program office (admins decide, moderators and program-office keys
 * read) every one; a municipality (users and its keys) only its own — RLS enforces that again.
 * Applying and withdrawing is for the municipality's admins.
 */
const canSee = (actor: Actor, row: data.ApplicationRow) =>
  !actor.municipalityId || actor.municipalityId === row.municipalityId;

function requireMunicipalityAdmin(actor: Actor): string {
  if (actor.type === 'user' && actor.role === 'municipality_admin' && actor.municipalityId) {
    return actor.municipalityId;
  }
  throw forbidden(
    "Only a municipality's administrators may apply for a workshop or withdraw an application.",
  );
}

export const toApplicationDto = (r: data.ApplicationRow): WorkshopApplicationDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  programId: r.programId,
  preferredDates: r.preferredDates.map((d) => ({ date: d.date, from: d.from, to: d.to })),
  partnerMunicipalityIds: r.partnerMunicipalityIds,
  expectedParticipants: r.expectedParticipants,
  contact: { name: r.contactName, email: r.contactEmail, phone: r.contactPhone },
  note: r.note,
  status: r.status,
  declineReason: r.declineReason,
  workshopId: r.workshopId,
  decidedAt: iso(r.decidedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const field = (path: string, message: string) => ({ errors: [{ path: `body.${path}`, message }] });

export async function applyForWorkshop(
  ctx: RequestContext,
  input: CreateApplicationInput,
): Promise<WorkshopApplicationDto> {
  const municipalityId = requireMunicipalityAdmin(ctx.actor);
  const ids = [municipalityId, ...input.partnerMunicipalityIds];
  // Partners are named by id; a tenant's own scope shows only its own municipality row, so whether
  // they exist and are eligible is read in the public directory.
  const found = await ctx.inScope({ kind: 'public' }).transaction((tx) => municipalitiesByIds(tx, ids));
  return ctx.db.transaction(async (tx) => {
    const program = await findProgram(tx, input.programId);
    if (!program) {
      throw unprocessable(
        'unknown_program',
        'The program does not exist.',
        field('programId', 'unknown program'),
      );
    }
    if (input.partnerMunicipalityIds.includes(municipalityId)) {
      throw unprocessable(
        'invalid_partner',
        'The applying municipality cannot be its own partner.',
        field('partnerMunicipalityIds', 'must not contain the applicant'),
      );
    }
    if (ids.length > program.maxMunicipalitiesPerWorkshop) {
      throw unprocessable(
        'too_many_municipalities',
        `The program allows at most ${program.maxMunicipalitiesPerWorkshop} municipalities per workshop.`,
        field('partnerMunicipalityIds', `at most ${program.maxMunicipalitiesPerWorkshop - 1} partners`),
      );
    }
    for (const id of ids) {
      const m = found.find((x) => x.id === id);
      if (!m || m.deletedAt) {
        throw unprocessable(
          'unknown_municipality',
          `Municipality ${id} does not exist.`,
          field('partnerMunicipalityIds', `unknown municipality ${id}`),
        );
      }
      if (!program.eligibleKinds.includes(m.kind)) {
        throw unprocessable(
          'municipality_not_eligible',
          `Municipality ${id} (${m.kind}) is not eligible for this program.`,
          field(id === municipalityId ? 'programId' : 'partnerMunicipalityIds', `${m.kind} is not eligible`),
        );
      }
    }
    if (input.expectedParticipants > program.maxParticipants) {
      throw unprocessable(
        'participants_exceed_program',
        `The program allows at most ${program.maxParticipants} participants per workshop.`,
        field('expectedParticipants', `at most ${program.maxParticipants}`),
      );
    }
    const row = await data.insertApplication(tx, {
      municipalityId,
      programId: program.id,
      preferredDates: input.preferredDates,
      partnerMunicipalityIds: input.partnerMunicipalityIds,
      expectedParticipants: input.expectedParticipants,
      contactName: input.contact.name,
      contactEmail: input.contact.email,
      contactPhone: input.contact.phone,
      note: input.note,
      createdBy: ctx.actor.id,
    });
    const dto = toApplicationDto(row);
    // A receipt to the contact person and a notice to the program office.
    await enqueue(tx, {
      queue: 'mail',
      name: 'application.submitted',
      payload: { applicationId: row.id, municipalityId },
    });
    await recordAudit(tx, ctx, {
      action: 'workshop_application.created',
      entityType: 'workshop_application',
      entityId: row.id,
      municipalityId,
      after: dto,
    });
    return dto;
  });
}

export async function listApplications(
  ctx: RequestContext,
  q: ListApplicationsQuery,
): Promise<Page<WorkshopApplicationDto>> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  const own = ctx.actor.municipalityId;
  // A filter for another municipality than the caller's own can match nothing.
  if (own && q.municipalityId && q.municipalityId !== own) return { data: [], nextCursor: null };
  const rows = await ctx.db.transaction((tx) =>
    data.listApplications(
      tx,
      { status: q.status, programId: q.programId, municipalityId: own ?? q.municipalityId },
      q,
    ),
  );
  return toPage(rows, q, toApplicationDto);
}

export async function getApplication(ctx: RequestContext, id: string): Promise<WorkshopApplicationDto> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findApplication(tx, id));
  if (!row || !canSee(ctx.actor, row)) throw notFoundApplication();
  return toApplicationDto(row);
}

const notFoundApplication = () => notFound('Workshop application');

function requirePending(row: data.ApplicationRow): void {
  if (row.status !== 'pending') {
    // Not `status`: that member of a problem is the HTTP status.
    throw conflict('application_not_pending', `The application is already ${row.status}.`, {
      applicationStatus: row.status,
    });
  }
}

/** The draft workshop an accepted application asks for: the first preferred date, applicant as host. */
async function workshopFromApplication(
  ctx: RequestContext,
  tx: Tx,
  row: data.ApplicationRow,
  w: Extract<AcceptApplicationInput, { workshop: unknown }>['workshop'],
): Promise<string> {
  const first = row.preferredDates[0]!;
  const startsAt = berlinInstant(first.date, first.from ?? '09:00');
  const endsAt = berlinInstant(first.date, first.to ?? '17:00');
  if (!startsAt || !endsAt) {
    throw unprocessable('invalid_preferred_date', 'The first preferred time does not exist in Berlin time.');
  }
  const created = await scheduleWorkshop(ctx, tx, {
    programId: row.programId,
    title: w.title,
    format: w.format,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    ...(w.venue !== undefined ? { venue: w.venue } : {}),
    ...(w.onlineUrl !== undefined ? { onlineUrl: w.onlineUrl } : {}),
    municipalities: [row.municipalityId, ...row.partnerMunicipalityIds].map((municipalityId) => ({
      municipalityId,
      seats: null,
    })),
    hostMunicipalityId: row.municipalityId,
    moderatorIds: w.moderatorIds,
    ...(w.capacity !== undefined ? { capacity: w.capacity } : {}),
    status: 'draft',
    notes: '',
  });
  return created.id;
}

export async function acceptApplication(
  ctx: RequestContext,
  id: string,
  input: AcceptApplicationInput,
): Promise<WorkshopApplicationDto> {
  requireProgramAdmin(ctx.actor);
  return changeResource(ctx, {
    what: 'Workshop application',
    entityType: 'workshop_application',
    action: 'workshop_application.accepted',
    load: (tx) => data.findApplication(tx, id, { forUpdate: true }),
    toDto: toApplicationDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      requirePending(row);
      let workshopId: string;
      if ('workshop' in input) {
        workshopId = await workshopFromApplication(ctx, tx, row, input.workshop);
      } else {
        const w = await findWorkshop(tx, input.workshopId);
        if (!w) {
          throw unprocessable(
            'unknown_workshop',
            'The workshop does not exist.',
            field('workshopId', 'unknown'),
          );
        }
        if (!w.municipalityIds.includes(row.municipalityId)) {
          throw unprocessable(
            'municipality_not_participating',
            'The applying municipality does not take part in this workshop.',
            field('workshopId', 'the applicant is not a participating municipality'),
          );
        }
        if (w.status === 'cancelled') throw conflict('workshop_cancelled', 'The workshop is cancelled.');
        workshopId = w.id;
      }
      const updated = await data.updateApplication(tx, row.id, {
        status: 'accepted',
        workshopId,
        decidedBy: ctx.actor.id,
        decidedAt: new Date(),
      });
      await enqueue(tx, {
        queue: 'mail',
        name: 'application.accepted',
        payload: { applicationId: row.id, municipalityId: row.municipalityId },
      });
      return updated;
    },
  });
}

export async function declineApplication(
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<WorkshopApplicationDto> {
  requireProgramAdmin(ctx.actor);
  return changeResource(ctx, {
    what: 'Workshop application',
    entityType: 'workshop_application',
    action: 'workshop_application.declined',
    load: (tx) => data.findApplication(tx, id, { forUpdate: true }),
    toDto: toApplicationDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      requirePending(row);
      const updated = await data.updateApplication(tx, row.id, {
        status: 'declined',
        declineReason: reason,
        decidedBy: ctx.actor.id,
        decidedAt: new Date(),
      });
      await enqueue(tx, {
        queue: 'mail',
        name: 'application.declined',
        payload: { applicationId: row.id, municipalityId: row.municipalityId },
      });
      return updated;
    },
  });
}

export async function withdrawApplication(ctx: RequestContext, id: string): Promise<WorkshopApplicationDto> {
  requireWorkshopReader(ctx.actor);
  return changeResource(ctx, {
    what: 'Workshop application',
    entityType: 'workshop_application',
    action: 'workshop_application.withdrawn',
    load: async (tx) => {
      const row = await data.findApplication(tx, id, { forUpdate: true });
      return row && canSee(ctx.actor, row) ? row : undefined;
    },
    toDto: toApplicationDto,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      requireMunicipalityAdmin(ctx.actor);
      requirePending(row);
      return data.updateApplication(tx, row.id, {
        status: 'withdrawn',
        decidedBy: ctx.actor.id,
        decidedAt: new Date(),
      });
    },
  });
}
