import { type AccountTokenPurpose, accountTokens, municipalities, type Tx, users } from '@werkstatt/db';
import { and, eq, isNull, or } from 'drizzle-orm';

/**
 * The link's row with its user and the user's municipality, if it is the payload's municipality's
 * and of the job's purpose: a mismatched job sends nothing.
 */
export async function findAccountLinkRecipient(
  tx: Tx,
  tokenId: string,
  municipalityId: string | null,
  purpose: AccountTokenPurpose,
) {
  const [row] = await tx
    .select({
      expiresAt: accountTokens.expiresAt,
      usedAt: accountTokens.usedAt,
      revokedAt: accountTokens.revokedAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabled: users.disabled,
      deletedAt: users.deletedAt,
      municipalityName: municipalities.name,
    })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(
      and(
        eq(accountTokens.id, tokenId),
        eq(accountTokens.purpose, purpose),
        municipalityId === null
          ? isNull(accountTokens.municipalityId)
          : eq(accountTokens.municipalityId, municipalityId),
      ),
    );
  return row;
}

/**
 * Stores the hash of the link's secret on its row, unless the row already has another one (the
 * secret changed between two attempts): true when the row holds this hash and is still open.
 */
export async function storeAccountTokenHash(tx: Tx, tokenId: string, tokenHash: string): Promise<boolean> {
  const rows = await tx
    .update(accountTokens)
    .set({ tokenHash })
    .where(
      and(
        eq(accountTokens.id, tokenId),
        isNull(accountTokens.usedAt),
        isNull(accountTokens.revokedAt),
        or(isNull(accountTokens.tokenHash), eq(accountTokens.tokenHash, tokenHash)),
      ),
    )
    .returning({ id: accountTokens.id });
  return rows.length === 1;
}
