import { ERASED_USER_NAME } from '@werkstatt/db';
import type { Actor } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { type Page, toPage } from '../../lib/pagination.js';
import * as data from './audit-events.data.js';
import type { AuditEventDto, ListAuditEventsQuery } from './audit-events.schemas.js';

/** A user actor is labelled by their current address, an erased one as such; others as recorded. */
function actorLabel(r: data.AuditEventRow): string | null {
  if (r.actorType !== 'user') return r.actorLabel;
  if (!r.actorUser) return null;
  return r.actorUser.deletedAt ? ERASED_USER_NAME : r.actorUser.email;
}

export const toAuditEventDto = (r: data.AuditEventRow): AuditEventDto => ({
  id: r.id,
  occurredAt: r.occurredAt.toISOString(),
  actor: { type: r.actorType, id: r.actorId, label: actorLabel(r) },
  municipalityId: r.municipalityId,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  before: r.before ?? null,
  after: r.after ?? null,
  requestId: r.requestId,
});

/**
 * Program administrators read the whole trail, municipality administrators their municipality's
 * events (returned as the municipality to restrict to); everyone else, API keys included, nothing.
 */
function auditReadScope(actor: Actor): { onlyMunicipalityId?: string } {
  if (actor.type === 'user' && actor.role === 'program_admin') return {};
  if (actor.type === 'user' && actor.role === 'municipality_admin' && actor.municipalityId) {
    return { onlyMunicipalityId: actor.municipalityId };
  }
  throw forbidden('Only program administrators and municipality administrators may read the audit trail.');
}

export async function listAuditEvents(
  ctx: RequestContext,
  q: ListAuditEventsQuery,
): Promise<Page<AuditEventDto>> {
  const scope = auditReadScope(ctx.actor);
  const rows = await ctx.db.transaction((tx) => data.listAuditEvents(tx, q, { ...q, ...scope }));
  return toPage(rows, q, toAuditEventDto);
}

export async function getAuditEvent(ctx: RequestContext, id: string): Promise<AuditEventDto> {
  const scope = auditReadScope(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findAuditEvent(tx, id, scope));
  if (!row) throw notFound('Audit event');
  return toAuditEventDto(row);
}
