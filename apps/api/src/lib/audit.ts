import { auditEvents, type Tx, type Writes } from '@werkstatt/db';
import type { RequestContext } from './context.js';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  municipalityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The columns every audit event takes from its change. */
const changeColumns = (change: AuditChange) => ({
  municipalityId: change.municipalityId,
  action: change.action,
  entityType: change.entityType,
  entityId: change.entityId,
  before: change.before ?? null,
  after: change.after ?? null,
});

const eventOf = (ctx: RequestContext, change: AuditChange): typeof auditEvents.$inferInsert => {
  const a = ctx.actor;
  return {
    actorType: a.type,
    actorId: a.id,
    // A user is named by id only, so erasing the user leaves no name or address in this
    // append-only table; the audit log resolves the label when it is read.
    actorLabel: a.type === 'user' ? null : a.name,
    ...changeColumns(change),
    requestId: ctx.requestId,
  };
};

/** Writes one audit event in the caller's transaction, so it commits (or not) with the change. */
export async function recordAudit(tx: Tx, ctx: RequestContext, change: AuditChange): Promise<void> {
  await tx.insert(auditEvents).values(eventOf(ctx, change));
}

/** Like recordAudit(), as one of several writes sent together (Writes). */
export function addAudit(writes: Writes, ctx: RequestContext, change: AuditChange): void {
  writes.add(writes.tx.insert(auditEvents).values(eventOf(ctx, change)));
}

/** Writes several audit events with one statement (bulk changes), in the caller's transaction. */
export async function recordAudits(tx: Tx, ctx: RequestContext, changes: AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.insert(auditEvents).values(changes.map((c) => eventOf(ctx, c)));
}

/**
 * Writes an audit event for something done without an account (an invitee following a link):
 * actor type 'public', no actor id, in the caller's transaction.
 */
export async function recordPublicAudit(
  tx: Tx,
  requestId: string,
  change: AuditChange,
  label = 'Einladungslink',
): Promise<void> {
  await tx.insert(auditEvents).values(publicEventOf(requestId, change, label));
}

/** Like recordPublicAudit(), as one of several writes sent together (Writes). */
export function addPublicAudit(
  writes: Writes,
  requestId: string,
  change: AuditChange,
  label = 'Einladungslink',
) {
  writes.add(writes.tx.insert(auditEvents).values(publicEventOf(requestId, change, label)));
}

const publicEventOf = (
  requestId: string,
  change: AuditChange,
  label: string,
): typeof auditEvents.$inferInsert => ({
  actorType: 'public',
  actorId: null,
  actorLabel: label,
  ...changeColumns(change),
  requestId,
});

/**
 * Writes an audit event for a user acting through a link mailed to them (setting their password),
 * without a session: named by id only, like every user actor.
 */
export async function recordLinkHolderAudit(
  tx: Tx,
  requestId: string,
  userId: string,
  change: AuditChange,
): Promise<void> {
  await tx.insert(auditEvents).values({
    actorType: 'user',
    actorId: userId,
    actorLabel: null,
    ...changeColumns(change),
    before: null,
    after: null,
    requestId,
  });
}
