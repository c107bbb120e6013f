import { municipalities, type Tx, users } from '@werkstatt/db';
import { and, eq, isNull } from 'drizzle-orm';

/** The user of a welcome mail with their municipality's name, if the user is the payload's municipality's. */
export async function findWelcomeRecipient(tx: Tx, userId: string, municipalityId: string | null) {
  const [user] = await tx
    .select({
      name: users.name,
      email: users.email,
      role: users.role,
      disabled: users.disabled,
      deletedAt: users.deletedAt,
      municipalityName: municipalities.name,
    })
    .from(users)
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(
      and(
        eq(users.id, userId),
        // The payload's municipality must be the user's: a mismatched job sends nothing.
        municipalityId === null ? isNull(users.municipalityId) : eq(users.municipalityId, municipalityId),
      ),
    );
  return user;
}
