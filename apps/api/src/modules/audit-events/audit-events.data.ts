import { auditEvents, type Tx, users } from '@werkstatt/db';
import { and, eq, getTableColumns, gte, lt, type SQL } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

/**
 * An event with its acting user as they are now: events name users by id only, so the label is read
 * from the user's row (null when the actor is no user, or a user the caller may not see).
 */
export type AuditEventRow = typeof auditEvents.$inferSelect & {
  actorUser: { email: string; deletedAt: Date | null } | null;
};

function selectEvents(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      ...getTableColumns(auditEvents),
      actorUser: { email: users.email, deletedAt: users.deletedAt },
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(users.id, auditEvents.actorId)))
    .where(where);
}

export interface AuditEventFilter {
  /** The caller's own municipality, when it may see only that one's events. */
  onlyMunicipalityId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  municipalityId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  occurredFrom?: string | undefined;
  occurredTo?: string | undefined;
}

/** Newest first (UUIDv7 ids are creation-ordered); the audit trail is append-only, so no sync mode. */
export async function listAuditEvents(tx: Tx, q: PageQuery, f: AuditEventFilter): Promise<AuditEventRow[]> {
  const page = keyset({ id: auditEvents.id }, { limit: q.limit, cursor: q.cursor }, { descending: true });
  return selectEvents(
    tx,
    and(
      page.where,
      f.onlyMunicipalityId ? eq(auditEvents.municipalityId, f.onlyMunicipalityId) : undefined,
      f.municipalityId ? eq(auditEvents.municipalityId, f.municipalityId) : undefined,
      f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
      f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
      f.action ? eq(auditEvents.action, f.action) : undefined,
      f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
      f.occurredFrom ? gte(auditEvents.occurredAt, new Date(f.occurredFrom)) : undefined,
      f.occurredTo ? lt(auditEvents.occurredAt, new Date(f.occurredTo)) : undefined,
    ),
  )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findAuditEvent(
  tx: Tx,
  id: string,
  opts: { onlyMunicipalityId?: string | undefined } = {},
): Promise<AuditEventRow | undefined> {
  const [row] = await selectEvents(
    tx,
    and(
      eq(auditEvents.id, id),
      opts.onlyMunicipalityId ? eq(auditEvents.municipalityId, opts.onlyMunicipalityId) : undefined,
    ),
  ).limit(1);
  return row;
}
