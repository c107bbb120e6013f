import { auditEvents, type Tx } from '@werkstatt/db';
import type { RequestContext } from './context.js';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  municipalityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event in the caller's transaction, so it commits (or not) with the change. */
export async function recordAudit(tx: Tx, ctx: RequestContext, change: AuditChange): Promise<void> {
  const a = ctx.actor;
  await tx.insert(auditEvents).values({
    actorType: a.type,
    actorId: a.id,
    actorLabel: a.type === 'user' ? a.email : a.name,
    municipalityId: change.municipalityId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: ctx.requestId,
  });
}
