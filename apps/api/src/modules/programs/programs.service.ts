import type { Tx } from '@werkstatt/db';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import { requireCatalogRead, requireProgramAdmin } from '../../lib/permissions.js';
import { iso } from '../../lib/schemas.js';
import * as data from './programs.data.js';
import type {
  CreateProgramInput,
  ProgramContactDto,
  ProgramDto,
  UpdateProgramInput,
} from './programs.schemas.js';

function contactOf(r: data.ProgramRow): ProgramContactDto | null {
  if (!r.contactName || !r.contactEmail) return null;
  return {
    name: r.contactName,
    email: r.contactEmail,
    phone: r.contactPhone,
    organisation: r.contactOrganisation,
  };
}

/** The contact as columns; null clears all four, undefined leaves them as they are. */
function contactColumns(contact: ProgramContactDto | null | undefined) {
  if (contact === undefined) return {};
  return {
    contactName: contact?.name ?? null,
    contactEmail: contact?.email ?? null,
    contactPhone: contact?.phone ?? null,
    contactOrganisation: contact?.organisation ?? null,
  };
}

export const toProgramDto = (r: data.ProgramRow): ProgramDto => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  description: r.description,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  eligibleKinds: r.eligibleKinds,
  maxMunicipalitiesPerWorkshop: r.maxMunicipalitiesPerWorkshop,
  maxParticipants: r.maxParticipants,
  dotVotesPerField: r.dotVotesPerField,
  contact: contactOf(r),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

const slugTaken = (slug: string) =>
  conflict('slug_taken', `A program with the slug "${slug}" already exists.`);

async function guardSlug<T>(slug: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (slug && isUniqueViolation(err, 'programs_slug_key')) throw slugTaken(slug);
    throw err;
  }
}

export async function listPrograms(ctx: RequestContext, q: PageQuery): Promise<Page<ProgramDto>> {
  requireCatalogRead(ctx.actor);
  const rows = await ctx.db.transaction((tx) => data.listPrograms(tx, q));
  return toPage(rows, q, toProgramDto);
}

export async function getProgram(ctx: RequestContext, id: string): Promise<ProgramDto> {
  requireCatalogRead(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findProgram(tx, id));
  if (!row) throw notFound('Program');
  return toProgramDto(row);
}

export async function createProgram(ctx: RequestContext, input: CreateProgramInput): Promise<ProgramDto> {
  requireProgramAdmin(ctx.actor);
  return guardSlug(input.slug, () =>
    ctx.db.transaction(async (tx) => {
      const { contact, ...fields } = input;
      const dto = toProgramDto(await data.insertProgram(tx, { ...fields, ...contactColumns(contact) }));
      await recordAudit(tx, ctx, {
        action: 'program.created',
        entityType: 'program',
        entityId: dto.id,
        municipalityId: null,
        after: dto,
      });
      return dto;
    }),
  );
}

export async function updateProgram(
  ctx: RequestContext,
  id: string,
  input: UpdateProgramInput,
): Promise<ProgramDto> {
  requireProgramAdmin(ctx.actor);
  return guardSlug(input.slug, () =>
    changeResource(ctx, {
      what: 'Program',
      entityType: 'program',
      action: 'program.updated',
      load: (tx) => data.findProgram(tx, id, { forUpdate: true }),
      toDto: toProgramDto,
      municipalityId: () => null,
      write: async (tx, row) => {
        const startsOn = input.startsOn ?? row.startsOn;
        const endsOn = input.endsOn === undefined ? row.endsOn : input.endsOn;
        if (endsOn && endsOn < startsOn) {
          throw badRequest('The program cannot end before it starts.', [
            { path: 'body.endsOn', message: 'must not be before startsOn' },
          ]);
        }
        if (startsOn !== row.startsOn || endsOn !== row.endsOn) {
          await assertPeriodKeepsWorkshops(tx, id, startsOn, endsOn);
        }
        const { contact, ...fields } = input;
        return data.updateProgram(tx, id, { ...fields, ...contactColumns(contact) });
      },
    }),
  );
}

/**
 * A period that would leave scheduled workshops outside is refused: the office moves or cancels
 * them first, so every workshop keeps lying within its program's period.
 */
async function assertPeriodKeepsWorkshops(
  tx: Tx,
  programId: string,
  startsOn: string,
  endsOn: string | null,
): Promise<void> {
  const outside = await data.workshopsOutsidePeriod(tx, programId, startsOn, endsOn);
  if (outside.length === 0) return;
  throw conflict(
    'program_period_excludes_workshops',
    'Workshops of the program would lie outside the new period; move or cancel them first.',
    { workshopIds: outside.map((w) => w.id) },
  );
}

export async function deleteProgram(ctx: RequestContext, id: string): Promise<void> {
  requireProgramAdmin(ctx.actor);
  await changeResource(ctx, {
    what: 'Program',
    entityType: 'program',
    action: 'program.deleted',
    load: (tx) => data.findProgram(tx, id, { forUpdate: true }),
    toDto: toProgramDto,
    municipalityId: () => null,
    write: (tx) => data.updateProgram(tx, id, { deletedAt: new Date() }),
  });
}
