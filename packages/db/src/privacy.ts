/**
 * What an anonymised registration keeps (DSGVO): its status, role, municipality and dates, so counts
 * and statistics stay right, but no name, e-mail address, note or personal link. The API (erasing one
 * participant) and the worker (retention after the workshop) write exactly these values.
 */
export const ERASED_NAME = 'Gelöscht';

/** A unique, undeliverable address (the e-mail index is unique per workshop). */
export const erasedEmail = (registrationId: string): string =>
  `geloescht-${registrationId}@anonymisiert.invalid`;

export const anonymizedRegistration = (registrationId: string, now: Date) => ({
  firstName: ERASED_NAME,
  lastName: ERASED_NAME,
  email: erasedEmail(registrationId),
  note: '',
  confirmTokenHash: null,
  cancelTokenHash: null,
  anonymizedAt: now,
});

/** An invitee who does not confirm their e-mail address within this time loses the registration. */
export const PENDING_CONFIRMATION_HOURS = 48;

/** How an erased user is named wherever a user's name would appear (the row, the audit log). */
export const ERASED_USER_NAME = 'gelöschter Benutzer';

/**
 * What a deleted user's row keeps (DSGVO): id, role, municipality and dates, so tombstones and the
 * audit trail's actor ids stay meaningful, but no name or e-mail address. The address is unique and
 * undeliverable; the password hash is no argon2 hash at all, so nothing ever verifies against it.
 * Migration 0020 wrote the same values for users deleted before.
 */
export const erasedUser = (userId: string, now: Date) => ({
  email: `geloescht-${userId}@anonymisiert.invalid`,
  name: ERASED_USER_NAME,
  passwordHash: '!erased',
  disabled: true,
  deletedAt: now,
});
