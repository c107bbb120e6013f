import type { Tx } from '@werkstatt/db';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { conflict, notFound } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import { requireCatalogRead, requireProgramAdmin } from '../../lib/permissions.js';
import { requireLiveProgram } from '../../lib/program-resources.js';
import { iso } from '../../lib/schemas.js';
import * as data from './action-fields.data.js';
import {
  type ActionFieldDto,
  type CreateActionFieldInput,
  SORT_ORDER_MAX,
  type UpdateActionFieldInput,
} from './action-fields.schemas.js';

export const toActionFieldDto = (r: data.ActionFieldRow): ActionFieldDto => ({
  id: r.id,
  programId: r.programId,
  key: r.key,
  title: r.title,
  description: r.description,
  exampleMeasures: [...r.exampleMeasures],
  sortOrder: r.sortOrder,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

async function guardKey<T>(key: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (key && isUniqueViolation(err, 'action_fields_program_key_key')) {
      throw conflict('key_taken', `This program already has an action field with the key "${key}".`);
    }
    throw err;
  }
}

export async function listActionFields(
  ctx: RequestContext,
  programId: string,
  q: PageQuery,
): Promise<Page<ActionFieldDto>> {
  requireCatalogRead(ctx.actor);
  const rows = await ctx.db.transaction(async (tx) => {
    await requireLiveProgram(tx, programId);
    return data.listActionFields(tx, programId, q);
  });
  return toPage(rows, q, toActionFieldDto, (r) => r.sortOrder);
}

export async function getActionField(
  ctx: RequestContext,
  programId: string,
  id: string,
): Promise<ActionFieldDto> {
  requireCatalogRead(ctx.actor);
  const row = await ctx.db.transaction(async (tx) => {
    await requireLiveProgram(tx, programId);
    return data.findActionField(tx, programId, id);
  });
  if (!row) throw notFound('Action field');
  return toActionFieldDto(row);
}

export async function createActionField(
  ctx: RequestContext,
  programId: string,
  input: CreateActionFieldInput,
): Promise<ActionFieldDto> {
  requireProgramAdmin(ctx.actor);
  return guardKey(input.key, () =>
    ctx.db.transaction(async (tx) => {
      await requireLiveProgram(tx, programId, 'share');
      const sortOrder = input.sortOrder ?? (await data.nextSortOrder(tx, programId, SORT_ORDER_MAX));
      const dto = toActionFieldDto(await data.insertActionField(tx, { ...input, sortOrder, programId }));
      await recordAudit(tx, ctx, {
        action: 'action_field.created',
        entityType: 'action_field',
        entityId: dto.id,
        municipalityId: null,
        after: dto,
      });
      return dto;
    }),
  );
}

const changeActionField = (
  ctx: RequestContext,
  programId: string,
  id: string,
  action: string,
  write: (tx: Tx) => Promise<data.ActionFieldRow>,
) =>
  changeResource(ctx, {
    what: 'Action field',
    entityType: 'action_field',
    action,
    load: async (tx) => {
      await requireLiveProgram(tx, programId, 'share');
      return data.findActionField(tx, programId, id, { forUpdate: true });
    },
    toDto: toActionFieldDto,
    municipalityId: () => null,
    write,
  });

export async function updateActionField(
  ctx: RequestContext,
  programId: string,
  id: string,
  input: UpdateActionFieldInput,
): Promise<ActionFieldDto> {
  requireProgramAdmin(ctx.actor);
  return guardKey(input.key, () =>
    changeActionField(ctx, programId, id, 'action_field.updated', (tx) =>
      data.updateActionField(tx, id, input),
    ),
  );
}

export async function deleteActionField(ctx: RequestContext, programId: string, id: string): Promise<void> {
  requireProgramAdmin(ctx.actor);
  await changeActionField(ctx, programId, id, 'action_field.deleted', (tx) =>
    data.updateActionField(tx, id, { deletedAt: new Date() }),
  );
}
