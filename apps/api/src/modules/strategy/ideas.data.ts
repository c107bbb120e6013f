import { actionFields, type IdeaStatus, ideas, ideaVotes, measures, programs, type Tx } from '@werkstatt/db';
import { and, asc, desc, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';
import type { IdeaSort } from './ideas.schemas.js';

export type IdeaRow = typeof ideas.$inferSelect & { measureId: string | null };
export type IdeaValues = typeof ideas.$inferInsert;

// At most one live measure per idea (measures_origin_idea_key), so the join never multiplies rows.
const ideaColumns = { ...getTableColumns(ideas), measureId: measures.id };
const liveMeasureOfIdea = and(eq(measures.originIdeaId, ideas.id), isNull(measures.deletedAt));

export async function listIdeas(
  tx: Tx,
  municipalityId: string,
  filters: { actionFieldId?: string | undefined; status?: IdeaStatus | undefined },
  q: PageQuery,
  sort: IdeaSort = 'createdAt',
): Promise<IdeaRow[]> {
  // Most votes first on ideas_municipality_votes_idx; id breaks ties in the same direction.
  const page = keyset(ideas, q, sort === '-votes' ? { sortColumn: ideas.votes, descending: true } : {});
  const conds: (SQL | undefined)[] = [eq(ideas.municipalityId, municipalityId), page.where];
  if (filters.actionFieldId) conds.push(eq(ideas.actionFieldId, filters.actionFieldId));
  if (filters.status) conds.push(eq(ideas.status, filters.status));
  return tx
    .select(ideaColumns)
    .from(ideas)
    .leftJoin(measures, liveMeasureOfIdea)
    .where(and(...conds))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findIdea(
  tx: Tx,
  municipalityId: string,
  id: string,
  opts: { forUpdate?: boolean; includeDeleted?: boolean } = {},
): Promise<IdeaRow | undefined> {
  const query = tx
    .select(ideaColumns)
    .from(ideas)
    .leftJoin(measures, liveMeasureOfIdea)
    .where(
      and(
        eq(ideas.id, id),
        eq(ideas.municipalityId, municipalityId),
        opts.includeDeleted ? undefined : isNull(ideas.deletedAt),
      ),
    )
    .limit(1);
  const [row] = await (opts.forUpdate ? query.for('update', { of: ideas }) : query);
  return row;
}

export async function insertIdea(tx: Tx, values: IdeaValues): Promise<string> {
  const [row] = await tx.insert(ideas).values(values).returning({ id: ideas.id });
  return row!.id;
}

export async function updateIdea(tx: Tx, id: string, values: Partial<IdeaValues>): Promise<void> {
  await tx.update(ideas).set(values).where(eq(ideas.id, id));
}

/** +1 in one statement: the row lock serializes concurrent votes, so none is lost. */
export async function addVote(tx: Tx, municipalityId: string, id: string): Promise<number | undefined> {
  const [row] = await tx
    .update(ideas)
    .set({ votes: sql`${ideas.votes} + 1` })
    .where(and(eq(ideas.id, id), eq(ideas.municipalityId, municipalityId), isNull(ideas.deletedAt)))
    .returning({ votes: ideas.votes });
  return row?.votes;
}

/** -1 in one statement, under the idea's row lock like addVote. */
export async function removeVote(tx: Tx, municipalityId: string, id: string): Promise<number | undefined> {
  const [row] = await tx
    .update(ideas)
    .set({ votes: sql`${ideas.votes} - 1` })
    .where(and(eq(ideas.id, id), eq(ideas.municipalityId, municipalityId), isNull(ideas.deletedAt)))
    .returning({ votes: ideas.votes });
  return row?.votes;
}

/**
 * Serialises one person's votes in one municipality until the transaction ends, so counting their
 * dots and placing one are a single step: parallel votes cannot overspend the budget.
 */
export async function lockVoter(tx: Tx, municipalityId: string, userId: string): Promise<void> {
  const key = `werkstatt.dots:${municipalityId}:${userId}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export async function dotVotesPerField(tx: Tx, programId: string): Promise<number> {
  const [row] = await tx
    .select({ n: programs.dotVotesPerField })
    .from(programs)
    .where(eq(programs.id, programId));
  return row!.n;
}

const ideaOfVote = and(eq(ideas.id, ideaVotes.ideaId), eq(ideas.municipalityId, ideaVotes.municipalityId));
/** A person's dots in the municipality that count: those on ideas not deleted (join `ideaOfVote`). */
const liveDotsOf = (municipalityId: string, userId: string) =>
  and(eq(ideaVotes.municipalityId, municipalityId), eq(ideaVotes.userId, userId), isNull(ideas.deletedAt));

/** The dots a person has on live ideas of one action field of the municipality. */
export async function dotsUsed(
  tx: Tx,
  municipalityId: string,
  userId: string,
  actionFieldId: string,
): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(ideaVotes)
    .innerJoin(ideas, ideaOfVote)
    .where(and(liveDotsOf(municipalityId, userId), eq(ideas.actionFieldId, actionFieldId)));
  return row!.n;
}

export async function dotsOnIdea(tx: Tx, municipalityId: string, userId: string, ideaId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(ideaVotes)
    .where(
      and(
        eq(ideaVotes.municipalityId, municipalityId),
        eq(ideaVotes.userId, userId),
        eq(ideaVotes.ideaId, ideaId),
      ),
    );
  return row!.n;
}

export async function insertDot(tx: Tx, values: typeof ideaVotes.$inferInsert): Promise<void> {
  await tx.insert(ideaVotes).values(values);
}

/** Removes the person's latest dot on the idea; false when they have none there. */
export async function deleteLatestDot(
  tx: Tx,
  municipalityId: string,
  userId: string,
  ideaId: string,
): Promise<boolean> {
  const [latest] = await tx
    .select({ id: ideaVotes.id })
    .from(ideaVotes)
    .where(
      and(
        eq(ideaVotes.municipalityId, municipalityId),
        eq(ideaVotes.userId, userId),
        eq(ideaVotes.ideaId, ideaId),
      ),
    )
    .orderBy(desc(ideaVotes.id))
    .limit(1);
  if (!latest) return false;
  await tx.delete(ideaVotes).where(eq(ideaVotes.id, latest.id));
  return true;
}

/** Every live action field of the program, in catalog order, with the dots a person has on its ideas. */
export async function dotsUsedPerField(
  tx: Tx,
  municipalityId: string,
  userId: string,
  programId: string,
): Promise<{ actionFieldId: string; used: number }[]> {
  const used = tx
    .select({ actionFieldId: ideas.actionFieldId, n: sql<number>`count(*)::int`.as('n') })
    .from(ideaVotes)
    .innerJoin(ideas, ideaOfVote)
    .where(liveDotsOf(municipalityId, userId))
    .groupBy(ideas.actionFieldId)
    .as('used');
  return tx
    .select({ actionFieldId: actionFields.id, used: sql<number>`coalesce(${used.n}, 0)::int` })
    .from(actionFields)
    .leftJoin(used, eq(used.actionFieldId, actionFields.id))
    .where(and(eq(actionFields.programId, programId), isNull(actionFields.deletedAt)))
    .orderBy(asc(actionFields.sortOrder), asc(actionFields.id));
}

/**
 * The person's dots on each live idea of the municipality that has any, oldest idea first (idea ids
 * are UUIDv7, so their order is creation order).
 */
export async function dotsPerIdea(
  tx: Tx,
  municipalityId: string,
  userId: string,
): Promise<{ ideaId: string; dots: number }[]> {
  return tx
    .select({ ideaId: ideas.id, dots: sql<number>`count(*)::int` })
    .from(ideaVotes)
    .innerJoin(ideas, ideaOfVote)
    .where(liveDotsOf(municipalityId, userId))
    .groupBy(ideas.id)
    .orderBy(asc(ideas.id));
}
