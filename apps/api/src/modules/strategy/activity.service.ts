import { ERASED_USER_NAME } from '@werkstatt/db';
import type { RequestContext } from '../../lib/context.js';
import { requireMunicipalityRead } from '../../lib/municipality-access.js';
import { type Page, toPage } from '../../lib/pagination.js';
import * as data from './activity.data.js';
import type { ActivityEntryDto, ListActivityQuery } from './activity.schemas.js';

type Snapshot = { title?: unknown; label?: unknown; measureId?: unknown } | null;

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

function titleOf(row: data.ActivityRow): string | null {
  const after = row.after as Snapshot;
  const before = row.before as Snapshot;
  return text(after?.title) ?? text(before?.title) ?? text(after?.label) ?? text(before?.label);
}

function measureIdOf(row: data.ActivityRow): string | null {
  if (row.entityType === 'measure') return row.entityId;
  if (row.entityType !== 'measure_step') return null;
  const snapshot = (row.after ?? row.before) as Snapshot;
  return text(snapshot?.measureId);
}

function actorName(row: data.ActivityRow): string | null {
  if (row.actorType !== 'user') return row.actorLabel;
  if (!row.actorUser) return null;
  return row.actorUser.deletedAt ? ERASED_USER_NAME : row.actorUser.name;
}

/**
 * What colleagues changed lately, for the workspace's home: anyone who may read the municipality's
 * strategy reads it (viewers too, unlike the audit trail, which also holds user administration).
 * Only titles and who, never the changed content itself.
 */
export async function listActivity(
  ctx: RequestContext,
  municipalityId: string,
  q: ListActivityQuery,
): Promise<Page<ActivityEntryDto>> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const rows = await ctx.db.transaction((tx) => data.listActivity(tx, municipalityId, q));
  return toPage(rows, q, (row) => ({
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    entityType: row.entityType as ActivityEntryDto['entityType'],
    entityId: row.entityId,
    title: titleOf(row),
    measureId: measureIdOf(row),
    actor: { name: actorName(row), isCaller: row.actorId !== null && row.actorId === ctx.actor.id },
  }));
}
