import type { Tx } from '@werkstatt/db';
import { type Actor, canReadPersonalData, isProgramOffice } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { requireCatalogRead, requireProgramAdmin } from '../../lib/permissions.js';
import { iso } from '../../lib/schemas.js';
import * as data from './municipalities.data.js';
import type {
  CreateMunicipalityInput,
  ListMunicipalitiesQuery,
  MunicipalityDto,
  UpdateMunicipalityInput,
} from './municipalities.schemas.js';

/** The representation; `withContact` false leaves out the contact person (personal data). */
export const toMunicipalityDto = (r: data.MunicipalityRow, withContact = true): MunicipalityDto => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  kind: r.kind,
  ars: r.ars,
  stateCode: r.stateCode as MunicipalityDto['stateCode'],
  population: r.population,
  parentId: r.parentId,
  contactName: withContact ? r.contactName : null,
  contactEmail: withContact ? r.contactEmail : null,
  contactPhone: withContact ? r.contactPhone : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

// The contact person is personal data: the public directory (public keys) lists the municipality
// only, and other API keys see the contact only with personal:read. Decided once per request.
const toVisibleDto = (ctx: RequestContext) => {
  const withContact = ctx.db.scope.kind !== 'public' && canReadPersonalData(ctx.actor);
  return (r: data.MunicipalityRow) => toMunicipalityDto(r, withContact);
};

/**
 * Who may read which municipalities: the program office and unbound keys all of them, municipality
 * users and municipality-bound keys only their own. RLS enforces the same; the query repeats it.
 */
function readableOnly(actor: Actor): string | undefined {
  requireCatalogRead(actor);
  return actor.municipalityId ?? undefined;
}

async function guardUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'municipalities_slug_key')) {
      throw conflict('slug_taken', 'Another municipality already uses this slug.');
    }
    if (isUniqueViolation(err, 'municipalities_ars_key')) {
      throw conflict(
        'ars_taken',
        'Another municipality (possibly a deleted one) already has this Amtlicher Regionalschlüssel.',
      );
    }
    throw err;
  }
}

const invalidParent = (detail: string) =>
  unprocessable('invalid_parent', detail, { errors: [{ path: 'body.parentId', message: detail }] });

/** The parent must exist, not be deleted, and not be the municipality itself or one of its descendants. */
async function assertValidParent(tx: Tx, parentId: string, selfId?: string): Promise<void> {
  if (parentId === selfId) throw invalidParent('A municipality cannot be its own parent.');
  // Locked so the parent cannot be deleted while this change commits.
  if (!(await data.findMunicipality(tx, parentId, { lock: 'share' }))) {
    throw invalidParent('The parent municipality does not exist or was deleted.');
  }
  if (selfId && (await data.isSelfOrAncestor(tx, selfId, parentId))) {
    throw invalidParent('The parent municipality belongs to this municipality; that would be a cycle.');
  }
}

export async function listMunicipalities(
  ctx: RequestContext,
  q: ListMunicipalitiesQuery,
): Promise<Page<MunicipalityDto>> {
  const onlyId = readableOnly(ctx.actor);
  const rows = await ctx.db.transaction(
    (tx) =>
      data.listMunicipalities(tx, q, {
        onlyId,
        kind: q.kind,
        stateCode: q.stateCode,
        ars: q.ars,
        nameContains: q.q,
      }),
    { oneStatement: true },
  );
  return toPage(rows, q, toVisibleDto(ctx));
}

export async function getMunicipality(ctx: RequestContext, id: string): Promise<MunicipalityDto> {
  const onlyId = readableOnly(ctx.actor);
  // The program office keeps seeing a deleted municipality, as the tombstone sync lists show.
  const withDeleted = isProgramOffice(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findMunicipality(tx, id, { onlyId, withDeleted }), {
    oneStatement: true,
  });
  if (!row) throw notFound('Municipality');
  return toVisibleDto(ctx)(row);
}

export async function createMunicipality(
  ctx: RequestContext,
  input: CreateMunicipalityInput,
): Promise<MunicipalityDto> {
  requireProgramAdmin(ctx.actor);
  return guardUnique(() =>
    ctx.db.transaction(async (tx) => {
      if (input.parentId) await assertValidParent(tx, input.parentId);
      const dto = toMunicipalityDto(await data.insertMunicipality(tx, input));
      await recordAudit(tx, ctx, {
        action: 'municipality.created',
        entityType: 'municipality',
        entityId: dto.id,
        municipalityId: dto.id,
        after: dto,
      });
      return dto;
    }),
  );
}

export async function updateMunicipality(
  ctx: RequestContext,
  id: string,
  input: UpdateMunicipalityInput,
): Promise<MunicipalityDto> {
  requireProgramAdmin(ctx.actor);
  return guardUnique(() =>
    changeResource(ctx, {
      what: 'Municipality',
      entityType: 'municipality',
      action: 'municipality.updated',
      load: (tx) => data.findMunicipality(tx, id, { lock: 'update' }),
      toDto: toMunicipalityDto,
      municipalityId: (row) => row.id,
      write: async (tx, row) => {
        // An unchanged parent is not re-checked, so a form that sends every field still saves.
        if (input.parentId && input.parentId !== row.parentId) {
          await assertValidParent(tx, input.parentId, id);
        }
        return data.updateMunicipality(tx, id, input);
      },
    }),
  );
}

export async function deleteMunicipality(ctx: RequestContext, id: string): Promise<void> {
  requireProgramAdmin(ctx.actor);
  await changeResource(ctx, {
    what: 'Municipality',
    entityType: 'municipality',
    action: 'municipality.deleted',
    load: (tx) => data.findMunicipality(tx, id, { lock: 'update' }),
    toDto: toMunicipalityDto,
    municipalityId: (row) => row.id,
    write: (tx) => data.updateMunicipality(tx, id, { deletedAt: new Date() }),
  });
}
