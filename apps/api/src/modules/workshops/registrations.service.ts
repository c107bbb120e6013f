import { workshopDays } from '@werkstatt/calendar';
import { anonymizedRegistration, type Tx, type Writes } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { isProgramAdmin } from '../../lib/actor.js';
import type { AuditChange } from '../../lib/audit.js';
import { addAudit, recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { germanCsv, germanDateTime } from '../../lib/csv.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { type Page, toPage } from '../../lib/pagination.js';
import { requirePersonalRead } from '../../lib/permissions.js';
import { iso } from '../../lib/schemas.js';
import { addWebhookEvent, recordWebhookEvent } from '../../lib/webhook-events.js';
import * as data from './registrations.data.js';
import type {
  CreateRegistrationInput,
  ListRegistrationsQuery,
  RegistrationDto,
} from './registrations.schemas.js';
import { admit, assertOpenForRegistration, lockAndAdmit, release } from './seats.js';
import { renderSignInSheet } from './sign-in-sheet.js';
import { loadVisibleWorkshop } from './workshops.service.js';
import {
  requireRegistrationWriter,
  requireWorkshopReader,
  requireWorkshopStaff,
  requireWorkshopVisible,
} from './workshops-access.js';
import { berlinDate } from './workshops-fns.js';

export const toRegistrationDto = (r: data.RegistrationRow): RegistrationDto => ({
  id: r.id,
  workshopId: r.workshopId,
  municipalityId: r.municipalityId,
  firstName: r.firstName,
  lastName: r.lastName,
  email: r.email,
  role: r.role,
  note: r.note,
  status: r.status,
  waitlistPosition: r.waitlistPosition,
  confirmedAt: iso(r.confirmedAt),
  cancelledAt: iso(r.cancelledAt),
  attendedAt: iso(r.attendedAt),
  anonymizedAt: iso(r.anonymizedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * What the audit trail keeps of a registration: ids, status and dates, never the person's name,
 * e-mail or note. Erasing a participant (DSGVO) then leaves no copy behind in the append-only trail.
 */
export const auditViewOf = (r: RegistrationDto) => ({
  id: r.id,
  workshopId: r.workshopId,
  municipalityId: r.municipalityId,
  role: r.role,
  status: r.status,
  waitlistPosition: r.waitlistPosition,
  confirmedAt: r.confirmedAt,
  cancelledAt: r.cancelledAt,
  attendedAt: r.attendedAt,
  anonymizedAt: r.anonymizedAt,
});

/**
 * A registration's webhook event, with the registration as GET returns it: personal data, which the
 * worker delivers only to subscriptions of its municipality that are allowed personal data.
 */
export const recordRegistrationEvent = (
  tx: Tx,
  type: 'registration.created' | 'registration.updated' | 'registration.cancelled',
  r: data.RegistrationRow,
): Promise<string> =>
  recordWebhookEvent(tx, { type, municipalityIds: [r.municipalityId], data: toRegistrationDto(r) });

/** Like recordRegistrationEvent(), as one of several writes sent together (Writes). */
export const addRegistrationEvent = (
  writes: Writes,
  type: 'registration.created' | 'registration.updated' | 'registration.cancelled',
  r: data.RegistrationRow,
): void => {
  addWebhookEvent(writes, { type, municipalityIds: [r.municipalityId], data: toRegistrationDto(r) });
};

export const alreadyRegistered = () =>
  conflict('already_registered', 'This e-mail address is already registered for the workshop.');

/** Maps the unique index on (workshop, e-mail) to a 409; the transaction has rolled back by then. */
export async function guardDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'registrations_workshop_email_key')) throw alreadyRegistered();
    throw err;
  }
}

const auditWith = (ctx: RequestContext) => (tx: Tx, change: AuditChange) => recordAudit(tx, ctx, change);

/**
 * Registers a participant: confirmed while seats (and the municipality's quota) are left, else
 * waitlisted with the next position. The workshop row is locked for the whole transaction, which
 * serialises registrations of one workshop and keeps counts and positions exact.
 */
export async function registerParticipant(
  ctx: RequestContext,
  workshopId: string,
  input: CreateRegistrationInput,
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  return guardDuplicate(() =>
    ctx.db.transaction(async (tx) => {
      const admission: data.Admission = {
        kind: 'new',
        values: {
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email,
          role: input.role,
          note: input.note,
        },
      };
      const known = input.municipalityId ?? ctx.actor.municipalityId;
      // Nearly always known up front: then the admission travels right behind the lock, and the
      // checks below run on the locked row before its outcome is looked at.
      const sent = known ? lockAndAdmit(tx, workshopId, known, admission) : undefined;
      const w = await (sent ? sent.locked : data.lockWorkshop(tx, workshopId));
      requireWorkshopVisible(ctx.actor, w);
      const municipalityId = known ?? (w.municipalityIds.length === 1 ? w.municipalityIds[0] : undefined);
      if (!municipalityId) {
        throw badRequest('Name the municipality the participant comes from.', [
          { path: 'body.municipalityId', message: 'required for a workshop of several municipalities' },
        ]);
      }
      requireRegistrationWriter(ctx.actor, w, municipalityId);
      if (!w.municipalityIds.includes(municipalityId)) {
        throw unprocessable(
          'municipality_not_participating',
          'The municipality does not take part in this workshop.',
          {
            errors: [{ path: 'body.municipalityId', message: 'not a participating municipality' }],
          },
        );
      }
      assertOpenForRegistration(w, new Date());
      const row = await admit(
        tx,
        w,
        municipalityId,
        admission,
        (writes, admitted) => {
          addAudit(writes, ctx, {
            action: 'registration.created',
            entityType: 'registration',
            entityId: admitted.id,
            municipalityId,
            after: auditViewOf(toRegistrationDto(admitted)),
          });
          addRegistrationEvent(writes, 'registration.created', admitted);
        },
        { admitted: sent?.admitted, last: true },
      );
      return toRegistrationDto(row);
    }),
  );
}

export async function listRegistrations(
  ctx: RequestContext,
  workshopId: string,
  q: ListRegistrationsQuery,
): Promise<Page<RegistrationDto>> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  const own = ctx.actor.municipalityId;
  return ctx.db.transaction(async (tx) => {
    await loadVisibleWorkshop(ctx, tx, workshopId);
    // Another municipality's participants are not listed, filter or not (RLS enforces it again).
    if (own && q.municipalityId && q.municipalityId !== own) throw notFound('Municipality');
    const municipalityId = own ?? q.municipalityId;
    const rows = await data.listRegistrations(tx, workshopId, { status: q.status, municipalityId }, q);
    const page = toPage(rows, q, toRegistrationDto);
    // Personal data: every read is on the audit trail (who, which list, how many people).
    await recordAudit(tx, ctx, {
      action: 'registrations.read',
      entityType: 'workshop',
      entityId: workshopId,
      municipalityId: municipalityId ?? null,
      after: { status: q.status ?? null, municipalityId: municipalityId ?? null, count: page.data.length },
    });
    return page;
  });
}

async function loadRegistration(
  ctx: RequestContext,
  tx: Tx,
  workshopId: string,
  registrationId: string,
  lock: boolean,
) {
  const w = lock ? await data.lockWorkshop(tx, workshopId) : await loadVisibleWorkshop(ctx, tx, workshopId);
  requireWorkshopVisible(ctx.actor, w);
  const r = await data.findRegistration(tx, workshopId, registrationId, { forUpdate: lock });
  if (!r || (ctx.actor.municipalityId && r.municipalityId !== ctx.actor.municipalityId)) {
    throw notFound('Registration');
  }
  return { w, r };
}

export async function getRegistration(
  ctx: RequestContext,
  workshopId: string,
  registrationId: string,
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { r } = await loadRegistration(ctx, tx, workshopId, registrationId, false);
    await recordAudit(tx, ctx, {
      action: 'registration.read',
      entityType: 'registration',
      entityId: r.id,
      municipalityId: r.municipalityId,
    });
    return toRegistrationDto(r);
  });
}

/** Cancels a registration; a freed seat goes to the first waitlisted person in the same transaction. */
export async function cancelRegistration(
  ctx: RequestContext,
  workshopId: string,
  registrationId: string,
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { w, r } = await loadRegistration(ctx, tx, workshopId, registrationId, true);
    requireRegistrationWriter(ctx.actor, w, r.municipalityId);
    assertCancellable(r);
    const after = await release(tx, w, r, auditWith(ctx));
    await enqueue(tx, {
      queue: 'mail',
      name: 'registration.cancelled',
      payload: { registrationId: r.id, municipalityId: r.municipalityId },
    });
    const dto = toRegistrationDto(after);
    await recordAudit(tx, ctx, {
      action: 'registration.cancelled',
      entityType: 'registration',
      entityId: r.id,
      municipalityId: r.municipalityId,
      before: auditViewOf(toRegistrationDto(r)),
      after: auditViewOf(dto),
    });
    await recordRegistrationEvent(tx, 'registration.cancelled', after);
    return dto;
  });
}

/**
 * Erases a participant's personal data (DSGVO): names, e-mail address, note and personal links are
 * replaced, status and counts stay. Program admins, and the admins of the participant's municipality.
 * The audit event records that it happened, never what was erased; earlier events of a registration
 * hold no personal data in the first place (auditViewOf). Erasing again changes nothing.
 */
export async function eraseRegistration(
  ctx: RequestContext,
  workshopId: string,
  registrationId: string,
  now = new Date(),
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { r } = await loadRegistration(ctx, tx, workshopId, registrationId, false);
    const a = ctx.actor;
    const municipalityAdmin =
      a.type === 'user' && a.role === 'municipality_admin' && a.municipalityId === r.municipalityId;
    if (!isProgramAdmin(a) && !municipalityAdmin) {
      throw forbidden(
        'Only program administrators and the municipality’s administrators may erase participants.',
      );
    }
    if (r.anonymizedAt) return toRegistrationDto(r);
    const after = await data.updateRegistration(tx, r.id, anonymizedRegistration(r.id, now));
    await recordAudit(tx, ctx, {
      action: 'registration.erased',
      entityType: 'registration',
      entityId: r.id,
      municipalityId: r.municipalityId,
      before: { anonymized: false },
      after: { anonymized: true },
    });
    // The mails written for the participant go too; the worker removes them after commit.
    await enqueue(tx, {
      queue: 'mail',
      name: 'registration.erased',
      payload: { registrationId: r.id, municipalityId: r.municipalityId },
    });
    // Mirrors learn of the erasure and drop the personal data they hold.
    await recordRegistrationEvent(tx, 'registration.updated', after);
    return toRegistrationDto(after);
  });
}

export function assertCancellable(r: data.RegistrationRow): void {
  if (r.status === 'cancelled')
    throw conflict('registration_cancelled', 'The registration is already cancelled.');
  if (r.status === 'attended') {
    throw conflict(
      'registration_attended',
      'The participant has attended; the registration cannot be cancelled.',
    );
  }
}

/** Check-in on the day (Europe/Berlin) by the program office: the participant attended. */
export async function checkIn(
  ctx: RequestContext,
  workshopId: string,
  registrationId: string,
  now = new Date(),
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { w, r } = await loadRegistration(ctx, tx, workshopId, registrationId, true);
    requireWorkshopStaff(ctx.actor, w);
    if (w.status === 'cancelled') throw conflict('workshop_cancelled', 'The workshop was cancelled.');
    const today = berlinDate(now);
    if (today < berlinDate(w.startsAt) || today > berlinDate(w.endsAt)) {
      throw conflict('check_in_not_today', 'Check-in is possible on the day of the workshop only.');
    }
    if (r.status === 'attended')
      throw conflict('already_checked_in', 'The participant is already checked in.');
    if (r.status !== 'confirmed') {
      throw conflict('registration_not_confirmed', 'Only confirmed participants can be checked in.');
    }
    const after = await data.updateRegistration(tx, r.id, { status: 'attended', attendedAt: now });
    const dto = toRegistrationDto(after);
    await recordAudit(tx, ctx, {
      action: 'registration.checked_in',
      entityType: 'registration',
      entityId: r.id,
      municipalityId: r.municipalityId,
      before: auditViewOf(toRegistrationDto(r)),
      after: auditViewOf(dto),
    });
    await recordRegistrationEvent(tx, 'registration.updated', after);
    return dto;
  });
}

/**
 * Undoes a check-in made by mistake, on the Berlin day it was made: the participant is confirmed
 * again and keeps the seat. From the next day on the attendance is a record and stays.
 */
export async function undoCheckIn(
  ctx: RequestContext,
  workshopId: string,
  registrationId: string,
  now = new Date(),
): Promise<RegistrationDto> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { w, r } = await loadRegistration(ctx, tx, workshopId, registrationId, true);
    requireWorkshopStaff(ctx.actor, w);
    if (r.status !== 'attended' || !r.attendedAt) {
      throw conflict('not_checked_in', 'The participant is not checked in.');
    }
    if (berlinDate(r.attendedAt) !== berlinDate(now)) {
      throw conflict(
        'check_in_final',
        'A check-in can be undone on the day it was made only (Europe/Berlin).',
        { attendedAt: r.attendedAt.toISOString() },
      );
    }
    // Attended and confirmed both hold a seat, so the seat counts stay as they are.
    const after = await data.updateRegistration(tx, r.id, { status: 'confirmed', attendedAt: null });
    const dto = toRegistrationDto(after);
    await recordAudit(tx, ctx, {
      action: 'registration.check_in_undone',
      entityType: 'registration',
      entityId: r.id,
      municipalityId: r.municipalityId,
      before: auditViewOf(toRegistrationDto(r)),
      after: auditViewOf(dto),
    });
    await recordRegistrationEvent(tx, 'registration.updated', after);
    return dto;
  });
}

const roleLabels: Record<data.RegistrationRow['role'], string> = {
  politics: 'Politik',
  administration: 'Verwaltung',
  citizen: 'Bürgerschaft',
  business: 'Wirtschaft',
  other: 'Sonstige',
};
const statusLabels: Record<data.RegistrationRow['status'], string> = {
  pending: 'Bestätigung ausstehend',
  confirmed: 'Bestätigt',
  waitlisted: 'Warteliste',
  cancelled: 'Storniert',
  attended: 'Teilgenommen',
};

/** The participant list as CSV for German Excel; an audited read like every participant list. */
export async function exportRegistrationsCsv(ctx: RequestContext, workshopId: string): Promise<string> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  const own = ctx.actor.municipalityId ?? undefined;
  return ctx.db.transaction(async (tx) => {
    await loadVisibleWorkshop(ctx, tx, workshopId);
    const rows = await data.allRegistrations(tx, workshopId, own);
    await recordAudit(tx, ctx, {
      action: 'registrations.exported',
      entityType: 'workshop',
      entityId: workshopId,
      municipalityId: own ?? null,
      after: { format: 'csv', count: rows.length },
    });
    const names = await data.municipalityNames(tx, [...new Set(rows.map((r) => r.municipalityId))]);
    const nameOf = new Map(names.map((m) => [m.id, m.name]));
    return germanCsv(
      [
        'Nachname',
        'Vorname',
        'E-Mail',
        'Kommune',
        'Rolle',
        'Status',
        'Wartelistenplatz',
        'Anmerkung',
        'Angemeldet am',
      ],
      rows.map((r) => [
        r.lastName,
        r.firstName,
        r.email,
        nameOf.get(r.municipalityId) ?? '',
        roleLabels[r.role],
        statusLabels[r.status],
        r.waitlistPosition === null ? '' : String(r.waitlistPosition),
        r.note,
        germanDateTime(r.createdAt),
      ]),
    );
  });
}

const longDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const clock = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  hour: '2-digit',
  minute: '2-digit',
});
// "Fr., 09.01." over a day's signature column.
const shortDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
});

/**
 * The printable sign-in sheet of confirmed participants, by municipality and last name; a
 * municipality gets its own participants only. An audited read like every participant list.
 */
export async function exportSignInSheet(ctx: RequestContext, workshopId: string): Promise<Buffer> {
  requireWorkshopReader(ctx.actor);
  requirePersonalRead(ctx.actor);
  const own = ctx.actor.municipalityId ?? undefined;
  const { w, rows, names } = await ctx.db.transaction(async (tx) => {
    const w = await loadVisibleWorkshop(ctx, tx, workshopId);
    const rows = (await data.allRegistrations(tx, workshopId, own)).filter(
      (r) => (r.status === 'confirmed' || r.status === 'attended') && !r.anonymizedAt,
    );
    const names = await data.municipalityNames(tx, [...new Set(rows.map((r) => r.municipalityId))]);
    await recordAudit(tx, ctx, {
      action: 'registrations.exported',
      entityType: 'workshop',
      entityId: workshopId,
      municipalityId: own ?? null,
      after: { format: 'sign-in-sheet', count: rows.length },
    });
    return { w, rows, names };
  });
  const nameOf = new Map(names.map((m) => [m.id, m.name]));
  const sheet = rows
    .map((r) => ({
      lastName: r.lastName,
      firstName: r.firstName,
      municipality: nameOf.get(r.municipalityId) ?? '',
      role: roleLabels[r.role],
    }))
    .sort(
      (a, b) =>
        a.municipality.localeCompare(b.municipality, 'de') ||
        a.lastName.localeCompare(b.lastName, 'de') ||
        a.firstName.localeCompare(b.firstName, 'de'),
    );
  return renderSignInSheet({
    title: w.title,
    days: workshopDays(w).map((d) => ({
      date: longDate.format(d.start),
      time: `${clock.format(d.start)}–${clock.format(d.end)} Uhr`,
      short: shortDate.format(d.start),
    })),
    place:
      w.format === 'online'
        ? `Online: ${w.onlineUrl ?? ''}`
        : [w.venueName, w.venueStreet, [w.venuePostalCode, w.venueCity].filter(Boolean).join(' ')]
            .filter(Boolean)
            .join(', '),
    rows: sheet,
  });
}
