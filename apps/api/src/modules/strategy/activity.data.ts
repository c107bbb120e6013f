import { auditEvents, type Tx, users } from '@werkstatt/db';
import { and, eq, getTableColumns, inArray, notInArray } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

/** The workspace's own kinds of change; votes stay out (who dotted what is not news for the team). */
export const activityEntityTypes = [
  'strategy',
  'idea',
  'measure',
  'measure_step',
  'strategy_version',
  'document',
] as const;
const quietActions = ['idea.voted', 'idea.vote_withdrawn', 'measure.progress_derived'];

export type ActivityRow = typeof auditEvents.$inferSelect & {
  actorUser: { name: string; deletedAt: Date | null } | null;
};

/**
 * Newest first, on the (municipality_id, id) index. The actor's name comes from the user row as the
 * caller may see it (row-level security hides other municipalities' and the program office's users).
 */
export function listActivity(tx: Tx, municipalityId: string, q: PageQuery): Promise<ActivityRow[]> {
  const page = keyset({ id: auditEvents.id }, q, { descending: true });
  return tx
    .select({ ...getTableColumns(auditEvents), actorUser: { name: users.name, deletedAt: users.deletedAt } })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(users.id, auditEvents.actorId)))
    .where(
      and(
        page.where,
        eq(auditEvents.municipalityId, municipalityId),
        inArray(auditEvents.entityType, [...activityEntityTypes]),
        notInArray(auditEvents.action, quietActions),
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}
