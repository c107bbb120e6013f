import { anonymizedRegistration, auditEvents, registrations, type Tx, workshops } from '@werkstatt/db';
import { and, eq, isNull, lt } from 'drizzle-orm';

export interface DueRegistration {
  id: string;
  municipalityId: string;
  status: (typeof registrations.$inferSelect)['status'];
}

const dueColumns = {
  id: registrations.id,
  municipalityId: registrations.municipalityId,
  status: registrations.status,
};

/** Registrations of workshops that ended before the cutoff, not yet anonymised; locked, skipping ones another run holds. */
export function registrationsPastRetention(tx: Tx, cutoff: Date, limit: number): Promise<DueRegistration[]> {
  return tx
    .select(dueColumns)
    .from(registrations)
    .innerJoin(workshops, eq(workshops.id, registrations.workshopId))
    .where(and(isNull(registrations.anonymizedAt), lt(workshops.endsAt, cutoff)))
    .orderBy(registrations.id)
    .limit(limit)
    .for('update', { of: registrations, skipLocked: true });
}

/** `pending` registrations created before `staleBefore`: their confirmation window has passed. */
export function unconfirmedRegistrations(
  tx: Tx,
  staleBefore: Date,
  limit: number,
): Promise<DueRegistration[]> {
  return tx
    .select(dueColumns)
    .from(registrations)
    .where(
      and(
        isNull(registrations.anonymizedAt),
        eq(registrations.status, 'pending'),
        lt(registrations.createdAt, staleBefore),
      ),
    )
    .orderBy(registrations.id)
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Anonymises the rows (a pending one also ends as cancelled) and records one audit event each, ids only. */
export async function anonymizeRegistrations(tx: Tx, rows: DueRegistration[], now: Date): Promise<void> {
  for (const r of rows) {
    await tx
      .update(registrations)
      .set({
        ...anonymizedRegistration(r.id, now),
        ...(r.status === 'pending' ? { status: 'cancelled' as const, cancelledAt: now } : {}),
      })
      .where(eq(registrations.id, r.id));
  }
  await tx.insert(auditEvents).values(
    rows.map((r) => ({
      actorType: 'system',
      actorId: null,
      actorLabel: 'Aufbewahrungsfrist',
      municipalityId: r.municipalityId,
      action: r.status === 'pending' ? 'registration.expired' : 'registration.anonymized',
      entityType: 'registration',
      entityId: r.id,
      before: { anonymized: false, status: r.status },
      after: { anonymized: true, status: r.status === 'pending' ? 'cancelled' : r.status },
    })),
  );
}
