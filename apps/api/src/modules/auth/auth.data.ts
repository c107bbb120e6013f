import { apiKeys, municipalities, refreshTokens, type Tx, users } from '@werkstatt/db';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';

/**
 * The live account that may sign in: a deleted one may have had the same address, and the users of a
 * deleted municipality are treated as unknown.
 */
export const findUserByEmail = async (tx: Tx, email: string) =>
  (
    await tx
      .select({ user: users })
      .from(users)
      .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
      .where(
        and(
          sql`lower(${users.email}) = lower(${email})`,
          isNull(users.deletedAt),
          isNull(municipalities.deletedAt),
        ),
      )
      .limit(1)
  )[0]?.user;

/** A user, and whether their municipality was deleted (which ends its users' access). */
export const findUserById = async (tx: Tx, id: string) => {
  const [row] = await tx
    .select({ user: users, municipalityDeletedAt: municipalities.deletedAt })
    .from(users)
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(eq(users.id, id))
    .limit(1);
  return row && { ...row.user, municipalityDeleted: row.municipalityDeletedAt !== null };
};

/** True when any token of the family was revoked: the session has ended for good. */
export const isFamilyRevoked = async (tx: Tx, familyId: string) =>
  (
    await tx
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, familyId), isNotNull(refreshTokens.revokedAt)))
      .limit(1)
  ).length > 0;

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

/** A key by its hash, and whether its municipality was deleted (which ends the key's use). */
export const findApiKeyByHash = async (tx: Tx, keyHash: string) => {
  const [row] = await tx
    .select({ key: apiKeys, municipalityDeletedAt: municipalities.deletedAt })
    .from(apiKeys)
    .leftJoin(municipalities, eq(municipalities.id, apiKeys.municipalityId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return row && { ...row.key, municipalityDeleted: row.municipalityDeletedAt !== null };
};

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
