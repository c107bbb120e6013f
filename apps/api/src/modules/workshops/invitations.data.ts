import { type Tx, workshopInvitations } from '@werkstatt/db';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { keyset, type PageQuery } from '../../lib/pagination.js';

export type InvitationRow = typeof workshopInvitations.$inferSelect;

export const insertInvitation = async (tx: Tx, values: typeof workshopInvitations.$inferInsert) =>
  (await tx.insert(workshopInvitations).values(values).returning())[0]!;

export function listInvitations(
  tx: Tx,
  workshopId: string,
  municipalityId: string | undefined,
  q: PageQuery,
) {
  const page = keyset(workshopInvitations, q);
  return tx
    .select()
    .from(workshopInvitations)
    .where(
      and(
        eq(workshopInvitations.workshopId, workshopId),
        municipalityId ? eq(workshopInvitations.municipalityId, municipalityId) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findInvitation(
  tx: Tx,
  workshopId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await tx
    .select()
    .from(workshopInvitations)
    .where(and(eq(workshopInvitations.id, id), eq(workshopInvitations.workshopId, workshopId)))
    .for('update');
  return row;
}

export const revokeInvitation = async (tx: Tx, id: string) =>
  (
    await tx
      .update(workshopInvitations)
      .set({ revokedAt: sql`now()` })
      .where(eq(workshopInvitations.id, id))
      .returning()
  )[0]!;

/** The link with this secret, if it is neither revoked nor expired. */
export async function findUsableInvitation(tx: Tx, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await tx
    .select()
    .from(workshopInvitations)
    .where(
      and(
        eq(workshopInvitations.tokenHash, tokenHash),
        isNull(workshopInvitations.revokedAt),
        or(isNull(workshopInvitations.expiresAt), sql`${workshopInvitations.expiresAt} > now()`),
      ),
    );
  return row;
}

export async function findInvitationById(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.select().from(workshopInvitations).where(eq(workshopInvitations.id, id));
  return row;
}

/** Counts one use, atomically against max_uses; false when the link is used up. */
export async function takeInvitationUse(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .update(workshopInvitations)
    .set({ useCount: sql`${workshopInvitations.useCount} + 1` })
    .where(
      and(
        eq(workshopInvitations.id, id),
        or(
          isNull(workshopInvitations.maxUses),
          sql`${workshopInvitations.useCount} < ${workshopInvitations.maxUses}`,
        ),
      ),
    )
    .returning({ id: workshopInvitations.id });
  return rows.length === 1;
}
