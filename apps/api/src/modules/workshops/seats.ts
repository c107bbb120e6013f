import { sendInOrder, type Tx, Writes } from '@werkstatt/db';
import { addJob, enqueue } from '@werkstatt/jobs';
import { sql } from 'drizzle-orm';
import type { AuditChange } from '../../lib/audit.js';
import { conflict } from '../../lib/errors.js';
import * as data from './registrations.data.js';
// A cycle, on purpose: the event carries the registration as GET shows it (used at call time only).
import { recordRegistrationEvent } from './registrations.service.js';
import type { WorkshopRow } from './workshops.data.js';

/**
 * The seat pool of one workshop. Every function here runs while the caller holds the workshop row
 * locked FOR UPDATE (data.lockWorkshop), so counts, quotas and waitlist positions are exact under
 * any concurrency: registrations of one workshop are serialised, other workshops are not touched.
 */

export type Audit = (tx: Tx, change: AuditChange) => Promise<void>;

/**
 * The waitlist is shared by all municipalities of a workshop, so promoting the next person or closing
 * a gap touches other municipalities' rows. That is done in the program-office scope inside the
 * caller's transaction and only here; the caller's scope is restored afterwards, and nothing read in
 * this scope is returned to the caller.
 */
async function asSeatPool<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const { rows } = await tx.execute<{ scope: string; mid: string }>(
    sql`select current_setting('app.scope', true) as scope, current_setting('app.municipality_id', true) as mid`,
  );
  const previous = rows[0]!;
  if (previous.scope === 'platform') return fn();
  await tx.execute(
    sql`select set_config('app.scope', 'platform', true), set_config('app.municipality_id', '', true)`,
  );
  const result = await fn();
  await tx.execute(
    sql`select set_config('app.scope', ${previous.scope}, true), set_config('app.municipality_id', ${previous.mid}, true)`,
  );
  return result;
}

/** 409s with their own codes: the workshop does not take registrations now. */
export function assertOpenForRegistration(w: WorkshopRow, now: Date): void {
  if (w.status === 'cancelled') throw conflict('workshop_cancelled', 'The workshop was cancelled.');
  if (w.status === 'held') throw conflict('workshop_held', 'The workshop has already taken place.');
  if (w.status === 'draft') {
    throw conflict('workshop_not_published', 'The workshop is not yet open for registrations.');
  }
  if (w.registrationOpensAt && now < w.registrationOpensAt) {
    throw conflict('registration_not_open', 'Registration for this workshop has not opened yet.', {
      opensAt: w.registrationOpensAt.toISOString(),
    });
  }
  const closesAt = w.registrationClosesAt ?? w.startsAt;
  if (now >= closesAt) {
    throw conflict('registration_closed', 'Registration for this workshop has closed.', {
      closedAt: closesAt.toISOString(),
    });
  }
}

/**
 * Locks the workshop and sends the admission statement right behind the lock, without waiting for
 * the lock's answer: Postgres admits the moment the lock is granted, with no round trip through the
 * API while the registrations queued behind it wait. The caller checks the locked row before it
 * awaits the admission (admit()); a check that throws rolls the transaction back, admission and all.
 */
export function lockAndAdmit(
  tx: Tx,
  workshopId: string,
  municipalityId: string,
  admission: data.Admission,
): { locked: Promise<WorkshopRow | undefined>; admitted: Promise<data.RegistrationRow> } {
  const [locked, admitted] = sendInOrder(
    tx,
    () => data.lockWorkshop(tx, workshopId),
    () => data.admitRegistration(tx, workshopId, municipalityId, admission),
  );
  return { locked, admitted };
}

/**
 * Gives a participant a seat when the workshop and the municipality's quota have one left, else the
 * next place on the waitlist (the waitlist length is the counter on the workshop row). A new
 * participant is inserted; an invitee's confirmed `pending` registration is admitted in place.
 * Deciding, writing and counting is one statement, sent here or already by lockAndAdmit(); the mail
 * job and the caller's records are a second. With `last`, COMMIT follows that second statement in
 * the same write: the workshop lock is held for as few round trips as possible, which is what bounds
 * registrations per second on one workshop.
 */
export async function admit(
  tx: Tx,
  w: WorkshopRow,
  municipalityId: string,
  admission: data.Admission,
  /** The caller's own writes about the admitted row (audit, webhook event), sent with the mail job. */
  record: (writes: Writes, row: data.RegistrationRow) => void = () => {},
  options: { admitted?: Promise<data.RegistrationRow>; last?: boolean } = {},
): Promise<data.RegistrationRow> {
  const row = await (options.admitted ?? data.admitRegistration(tx, w.id, municipalityId, admission));
  const confirmed = row.status === 'confirmed';
  w.confirmedCount += confirmed ? 1 : 0;
  w.waitlistCount += confirmed ? 0 : 1;
  // One statement for everything that follows: the workshop stays locked until COMMIT.
  const writes = new Writes(tx);
  addJob(writes, {
    queue: 'mail',
    name: confirmed ? 'registration.confirmed' : 'registration.waitlisted',
    payload: { registrationId: row.id, municipalityId },
  });
  record(writes, row);
  await writes.run({ last: options.last });
  return row;
}

/**
 * Fills free seats from the waitlist in order, skipping people whose municipality's quota is used
 * up; each promoted person is told by e-mail. Returns the ids promoted.
 */
export async function fillFreeSeats(tx: Tx, w: WorkshopRow, audit: Audit): Promise<string[]> {
  if (w.status !== 'published' || w.waitlistCount === 0 || w.confirmedCount >= w.capacity) return [];
  return asSeatPool(tx, async () => {
    const promoted: string[] = [];
    while (w.confirmedCount < w.capacity) {
      const next = await data.firstPromotable(tx, w.id);
      if (!next) break;
      const after = await data.updateRegistration(tx, next.id, {
        status: 'confirmed',
        waitlistPosition: null,
        confirmedAt: new Date(),
      });
      await data.adjustCounts(tx, w.id, next.municipalityId, { confirmed: 1, waitlisted: -1 });
      await data.closeWaitlistGap(tx, w.id, next.waitlistPosition!);
      w.confirmedCount += 1;
      w.waitlistCount -= 1;
      await enqueue(tx, {
        queue: 'mail',
        name: 'registration.promoted',
        payload: { registrationId: next.id, municipalityId: next.municipalityId },
      });
      await audit(tx, {
        action: 'registration.promoted',
        entityType: 'registration',
        entityId: next.id,
        municipalityId: next.municipalityId,
        before: { status: 'waitlisted', waitlistPosition: next.waitlistPosition },
        after: { status: after.status, waitlistPosition: null },
      });
      await recordRegistrationEvent(tx, 'registration.updated', after);
      promoted.push(next.id);
    }
    return promoted;
  });
}

/**
 * Cancels a registration: frees its seat (and promotes the next waitlisted person, in this same
 * transaction) or its waitlist place (and moves everyone behind it forward).
 */
export async function release(
  tx: Tx,
  w: WorkshopRow,
  r: data.RegistrationRow,
  audit: Audit,
): Promise<data.RegistrationRow> {
  const after = await data.updateRegistration(tx, r.id, {
    status: 'cancelled',
    waitlistPosition: null,
    cancelledAt: new Date(),
  });
  if (r.status === 'confirmed') {
    await data.adjustCounts(tx, w.id, r.municipalityId, { confirmed: -1, waitlisted: 0 });
    w.confirmedCount -= 1;
    await fillFreeSeats(tx, w, audit);
  } else if (r.status === 'waitlisted') {
    await data.adjustCounts(tx, w.id, r.municipalityId, { confirmed: 0, waitlisted: -1 });
    w.waitlistCount -= 1;
    await asSeatPool(tx, () => data.closeWaitlistGap(tx, w.id, r.waitlistPosition!));
  }
  return after;
}
