import { apiKeys, refreshTokens, type Tx, users } from '@werkstatt/db';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';

export const findUserByEmail = async (tx: Tx, email: string) =>
  // The live account: a deleted one may have had the same address.
  (
    await tx
      .select()
      .from(users)
      .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deletedAt)))
      .limit(1)
  )[0];

export const findUserById = async (tx: Tx, id: string) =>
  (await tx.select().from(users).where(eq(users.id, id)).limit(1))[0];

export const markLoggedIn = (tx: Tx, id: string) =>
  tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));

export const insertRefreshToken = (tx: Tx, row: typeof refreshTokens.$inferInsert) =>
  tx.insert(refreshTokens).values(row);

/** Locks the token row so two concurrent refreshes with the same token cannot both rotate it. */
export const findRefreshTokenForUpdate = async (tx: Tx, tokenHash: string) =>
  (
    await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update').limit(1)
  )[0];

export const markRefreshTokenUsed = (tx: Tx, id: string) =>
  tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, id));

export const revokeFamily = (tx: Tx, familyId: string) =>
  tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));

export const revokeAllOfUser = (tx: Tx, userId: string) =>
  tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));

export const findApiKeyByHash = async (tx: Tx, keyHash: string) =>
  (await tx.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1))[0];

/** last_used_at is written at most once a minute per key (the condition guards concurrent requests). */
export const touchApiKey = (tx: Tx, id: string) =>
  tx
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
