import { municipalities, type Tx, users, webhookDeliveryAttempts, webhookSubscriptions } from '@werkstatt/db';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';

/** The subscription with its municipality's name (null for a program-wide one). */
export async function findSubscription(tx: Tx, subscriptionId: string) {
  const [row] = await tx
    .select({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      description: webhookSubscriptions.description,
      status: webhookSubscriptions.status,
      deletedAt: webhookSubscriptions.deletedAt,
      disabledAt: webhookSubscriptions.disabledAt,
      disabledReason: webhookSubscriptions.disabledReason,
      consecutiveFailures: webhookSubscriptions.consecutiveFailures,
      createdBy: webhookSubscriptions.createdBy,
      municipalityId: webhookSubscriptions.municipalityId,
      municipalityName: municipalities.name,
    })
    .from(webhookSubscriptions)
    .leftJoin(municipalities, eq(municipalities.id, webhookSubscriptions.municipalityId))
    .where(eq(webhookSubscriptions.id, subscriptionId));
  return row;
}

/** The subscription's latest attempts, newest first. */
export function listLatestAttempts(tx: Tx, subscriptionId: string, limit: number) {
  return tx
    .select({
      startedAt: webhookDeliveryAttempts.startedAt,
      statusCode: webhookDeliveryAttempts.statusCode,
      error: webhookDeliveryAttempts.error,
    })
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveryAttempts.id))
    .limit(limit);
}

const activeUser = and(eq(users.disabled, false), isNull(users.deletedAt));
const recipientColumns = { id: users.id, name: users.name, email: users.email };

/** The subscription's creator while their account is active. */
export async function findActiveUser(tx: Tx, userId: string) {
  const [user] = await tx
    .select(recipientColumns)
    .from(users)
    .where(and(eq(users.id, userId), activeUser));
  return user;
}

/** Who answers for a subscription whose creator is gone: its municipality's admins, or the program admins. */
export function listAdmins(tx: Tx, municipalityId: string | null) {
  return tx
    .select(recipientColumns)
    .from(users)
    .where(
      and(
        municipalityId === null
          ? and(isNull(users.municipalityId), eq(users.role, 'program_admin'))
          : and(eq(users.municipalityId, municipalityId), eq(users.role, 'municipality_admin')),
        activeUser,
      ),
    )
    .orderBy(asc(users.id));
}
