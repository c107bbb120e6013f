import { type AccountTokenPurpose, accountTokens, municipalities, type Tx, users } from '@werkstatt/db';
import { and, eq, isNull } from 'drizzle-orm';

export const insertAccountToken = async (
  tx: Tx,
  row: { userId: string; municipalityId: string | null; purpose: AccountTokenPurpose; expiresAt: Date },
) => (await tx.insert(accountTokens).values(row).returning({ id: accountTokens.id }))[0]!;

/** Voids every link of the user not used yet: only the newest link, and none after a password change, works. */
export const revokeOpenAccountTokens = (tx: Tx, userId: string) =>
  tx
    .update(accountTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt)),
    );

/**
 * The link with this secret's hash, locked so two requests with the same link cannot both use it,
 * with its user and whether the user's municipality was deleted.
 */
export async function findAccountTokenForUpdate(tx: Tx, tokenHash: string) {
  const [row] = await tx
    .select({ token: accountTokens, user: users, municipalityDeletedAt: municipalities.deletedAt })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(eq(accountTokens.tokenHash, tokenHash))
    .for('update', { of: accountTokens })
    .limit(1);
  return row;
}

export const markAccountTokenUsed = (tx: Tx, id: string) =>
  tx.update(accountTokens).set({ usedAt: new Date() }).where(eq(accountTokens.id, id));

export const setPasswordHash = async (tx: Tx, userId: string, passwordHash: string) =>
  (await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning())[0]!;
