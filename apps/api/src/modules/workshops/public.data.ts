import { municipalities, PENDING_CONFIRMATION_HOURS, registrations, type Tx } from '@werkstatt/db';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { RegistrationRow } from './registrations.data.js';

export async function municipalityName(tx: Tx, id: string): Promise<string> {
  const [row] = await tx
    .select({ name: municipalities.name })
    .from(municipalities)
    .where(eq(municipalities.id, id));
  return row?.name ?? '';
}

export async function findByLinkHash(
  tx: Tx,
  link: 'confirm' | 'cancel',
  tokenHash: string,
): Promise<RegistrationRow | undefined> {
  const column = link === 'confirm' ? registrations.confirmTokenHash : registrations.cancelTokenHash;
  const [row] = await tx.select().from(registrations).where(eq(column, tokenHash));
  return row;
}

/** The registration of this e-mail address in the workshop that is not cancelled, if any. */
export async function findLiveByEmail(
  tx: Tx,
  workshopId: string,
  email: string,
): Promise<RegistrationRow | undefined> {
  const [row] = await tx
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.workshopId, workshopId),
        sql`lower(${registrations.email}) = lower(${email})`,
        ne(registrations.status, 'cancelled'),
      ),
    );
  return row;
}

export const isStalePending = (r: RegistrationRow, now: Date): boolean =>
  r.status === 'pending' && now.getTime() - r.createdAt.getTime() >= PENDING_CONFIRMATION_HOURS * 3_600_000;

/** An unconfirmed registration past its time: it held no seat, so it just ends (and frees the address). */
export const expirePending = async (tx: Tx, id: string) =>
  (
    await tx
      .update(registrations)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, confirmTokenHash: null })
      .where(and(eq(registrations.id, id), eq(registrations.status, 'pending')))
      .returning()
  )[0];
