import { type Database, PENDING_CONFIRMATION_HOURS, scopedDatabase, type Tx } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import { type AuditChange, addPublicAudit, recordPublicAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { conflict, notFound } from '../../lib/errors.js';
import { hashSecret } from '../auth/index.js';
import * as invitations from './invitations.data.js';
import type { OptInMails } from './opt-in-mails.js';
import * as data from './public.data.js';
import type {
  PendingRegistrationDto,
  PublicRegistrationInput,
  PublicRegistrationStatusDto,
  PublicWorkshopDto,
} from './public.schemas.js';
import * as registrations from './registrations.data.js';
import {
  addRegistrationEvent,
  assertCancellable,
  auditViewOf,
  recordRegistrationEvent,
  toRegistrationDto,
} from './registrations.service.js';
import { admit, assertOpenForRegistration, release } from './seats.js';
import type { WorkshopRow } from './workshops.data.js';
import { berlinWallTime, dayDtos, hasSeat } from './workshops-fns.js';

/**
 * What invitees do without an account: open an invitation link, register (double opt-in), confirm
 * their e-mail address and cancel through their personal link. Nobody is signed in, so these run in
 * the program-office scope, but every look-up goes through a secret the caller holds (stored hashed)
 * and every answer is built from the workshop's public details only.
 */
export interface PublicDeps {
  db: Database;
  optInMails: OptInMails;
}

// Unknown, revoked and expired links are indistinguishable.
const linkNotFound = () => notFound('Link');

function registrationState(w: WorkshopRow, now: Date): PublicWorkshopDto['registration'] {
  if (w.status === 'cancelled' || w.status === 'held') return w.status;
  if (w.registrationOpensAt && now < w.registrationOpensAt) return 'not_open';
  if (now >= (w.registrationClosesAt ?? w.startsAt)) return 'closed';
  return 'open';
}

async function publicWorkshopOf(
  tx: Tx,
  w: WorkshopRow,
  municipalityId: string,
  now: Date,
): Promise<PublicWorkshopDto> {
  const part = await registrations.findPart(tx, w.id, municipalityId);
  return {
    title: w.title,
    format: w.format,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    timeZone: 'Europe/Berlin',
    startsAtLocal: berlinWallTime(w.startsAt),
    endsAtLocal: berlinWallTime(w.endsAt),
    days: dayDtos(w),
    venue:
      w.format === 'online'
        ? null
        : { name: w.venueName, street: w.venueStreet, postalCode: w.venuePostalCode, city: w.venueCity },
    municipalityName: await data.municipalityName(tx, municipalityId),
    seats: part && hasSeat(w, part) ? 'available' : 'waitlist',
    registration: registrationState(w, now),
    registrationClosesAt: (w.registrationClosesAt ?? w.startsAt).toISOString(),
  };
}

export function createPublicRegistrationService(deps: PublicDeps) {
  const platform = scopedDatabase(deps.db, { kind: 'platform' });
  const audit = (requestId: string) => (tx: Tx, change: AuditChange) =>
    recordPublicAudit(tx, requestId, change);

  /** The invitation and its workshop, when the link works and the workshop is published (or past it). */
  async function openInvitation(tx: Tx, token: string, opts: { lock: boolean }) {
    const invitation = await invitations.findUsableInvitation(tx, hashSecret(token));
    if (!invitation) throw linkNotFound();
    const w = opts.lock
      ? await registrations.lockWorkshop(tx, invitation.workshopId)
      : await registrations.findWorkshopRow(tx, invitation.workshopId);
    if (!w || w.status === 'draft') throw linkNotFound();
    return { invitation, w };
  }

  const pending = (): PendingRegistrationDto => ({
    status: 'pending',
    confirmWithinHours: PENDING_CONFIRMATION_HOURS,
  });

  /** The registration behind a personal link, with its workshop locked (seats may move). */
  async function followLink(tx: Tx, link: 'confirm' | 'cancel', token: string) {
    const found = await data.findByLinkHash(tx, link, hashSecret(token));
    if (!found) throw linkNotFound();
    const w = await registrations.lockWorkshop(tx, found.workshopId);
    const r = await registrations.findRegistration(tx, found.workshopId, found.id, { forUpdate: true });
    if (!w || !r || r.anonymizedAt) throw linkNotFound();
    return { w, r };
  }

  return {
    async getInvitation(token: string, now = new Date()): Promise<PublicWorkshopDto> {
      return platform.transaction(async (tx) => {
        const { invitation, w } = await openInvitation(tx, token, { lock: false });
        return publicWorkshopOf(tx, w, invitation.municipalityId, now);
      });
    },

    /**
     * Records a `pending` registration (no seat yet) and mails the confirmation link. The answer is
     * the same whether or not the address is already registered, so the link reveals nobody; an
     * address still waiting for its confirmation gets the link again, at most once per resend
     * interval. Over a mail limit nothing is written or sent, and the answer is still the same.
     */
    async register(
      token: string,
      input: PublicRegistrationInput,
      requestId: string,
      now = new Date(),
    ): Promise<PendingRegistrationDto> {
      try {
        return await platform.transaction(async (tx) => {
          const { invitation, w } = await openInvitation(tx, token, { lock: false });
          assertOpenForRegistration(w, now);
          const existing = await data.findLiveByEmail(tx, w.id, input.email);
          const stale = existing && data.isStalePending(existing, now);
          if (existing && !stale && existing.status !== 'pending') return pending();
          // Every path from here mails the link. One Redis round trip decides, before anything is
          // written, so a refused request leaves no trace; no row lock is held yet.
          if (!(await deps.optInMails.take(w.id, input.email, now))) return pending();
          if (existing && stale) {
            await data.expirePending(tx, existing.id);
          } else if (existing) {
            await enqueue(tx, {
              queue: 'mail',
              name: 'registration.optIn',
              payload: { registrationId: existing.id, municipalityId: existing.municipalityId },
            });
            return pending();
          }
          if (!(await invitations.takeInvitationUse(tx, invitation.id))) {
            throw conflict('invitation_used_up', 'This invitation link has been used as often as it may be.');
          }
          const row = await registrations.insertRegistration(tx, {
            workshopId: w.id,
            municipalityId: invitation.municipalityId,
            firstName: input.firstName,
            lastName: input.lastName,
            email: input.email,
            role: input.role,
            note: input.note,
            status: 'pending',
            invitationId: invitation.id,
          });
          await enqueue(tx, {
            queue: 'mail',
            name: 'registration.optIn',
            payload: { registrationId: row.id, municipalityId: row.municipalityId },
          });
          await recordPublicAudit(tx, requestId, {
            action: 'registration.requested',
            entityType: 'registration',
            entityId: row.id,
            municipalityId: row.municipalityId,
            after: { ...auditViewOf(toRegistrationDto(row)), invitationId: invitation.id },
          });
          await recordRegistrationEvent(tx, 'registration.created', row);
          return pending();
        });
      } catch (err) {
        // The same address registered at the same moment through another request.
        if (isUniqueViolation(err, 'registrations_workshop_email_key')) return pending();
        throw err;
      }
    },

    /**
     * Double opt-in: the invitee confirmed their address, so the registration is admitted like any
     * other (seats.admit under the workshop lock): confirmed while seats are left, else waitlisted.
     * Following the link again answers the current status.
     */
    async confirm(token: string, requestId: string, now = new Date()): Promise<PublicRegistrationStatusDto> {
      return platform.transaction(async (tx) => {
        const { w, r } = await followLink(tx, 'confirm', token);
        if (r.status === 'cancelled') throw linkNotFound();
        let current = r;
        if (r.status === 'pending') {
          if (data.isStalePending(r, now)) throw linkNotFound();
          const invitation = r.invitationId
            ? await invitations.findInvitationById(tx, r.invitationId)
            : undefined;
          if (invitation?.revokedAt) throw linkNotFound();
          assertOpenForRegistration(w, now);
          current = await admit(
            tx,
            w,
            r.municipalityId,
            { kind: 'pending', registrationId: r.id },
            (writes, admitted) => {
              addPublicAudit(writes, requestId, {
                action: 'registration.confirmed_by_invitee',
                entityType: 'registration',
                entityId: r.id,
                municipalityId: r.municipalityId,
                before: auditViewOf(toRegistrationDto(r)),
                after: auditViewOf(toRegistrationDto(admitted)),
              });
              addRegistrationEvent(writes, 'registration.updated', admitted);
            },
          );
        }
        return {
          status: current.status as PublicRegistrationStatusDto['status'],
          waitlistPosition: current.waitlistPosition,
          workshop: await publicWorkshopOf(tx, w, r.municipalityId, now),
        };
      });
    },

    /** The personal cancel link: frees the seat (promoting the next waitlisted person) or the waitlist place. */
    async cancel(token: string, requestId: string, now = new Date()): Promise<PublicRegistrationStatusDto> {
      return platform.transaction(async (tx) => {
        const { w, r } = await followLink(tx, 'cancel', token);
        let current = r;
        if (r.status !== 'cancelled') {
          assertCancellable(r);
          current = await release(tx, w, r, audit(requestId));
          await enqueue(tx, {
            queue: 'mail',
            name: 'registration.cancelled',
            payload: { registrationId: r.id, municipalityId: r.municipalityId },
          });
          await recordPublicAudit(tx, requestId, {
            action: 'registration.cancelled',
            entityType: 'registration',
            entityId: r.id,
            municipalityId: r.municipalityId,
            before: auditViewOf(toRegistrationDto(r)),
            after: auditViewOf(toRegistrationDto(current)),
          });
          await recordRegistrationEvent(tx, 'registration.cancelled', current);
        }
        return {
          status: current.status as PublicRegistrationStatusDto['status'],
          waitlistPosition: current.waitlistPosition,
          workshop: await publicWorkshopOf(tx, w, r.municipalityId, now),
        };
      });
    },
  };
}

export type PublicRegistrationService = ReturnType<typeof createPublicRegistrationService>;
