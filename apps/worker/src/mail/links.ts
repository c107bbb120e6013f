import { createHash, createHmac } from 'node:crypto';

/**
 * Personal links in e-mails: confirm an invitee's address (double opt-in) and cancel a registration.
 * The secret of a link is derived from LINK_SECRET and the registration, so every attempt of a mail
 * job (and every later mail to the same person) carries the same working link; the database keeps
 * only its SHA-256, which is what the API compares against. Nothing secret goes through the outbox.
 */
export type PersonalLink = 'confirm' | 'cancel';

export const linkToken = (secret: string, link: PersonalLink, registrationId: string): string =>
  createHmac('sha256', secret).update(`${link}:${registrationId}`).digest('base64url');

/** The same hash the API stores and compares (hex SHA-256 of the secret). */
export const linkTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

const paths: Record<PersonalLink, string> = {
  confirm: 'anmeldung/bestaetigen',
  cancel: 'anmeldung/absagen',
};

/** The page of the app that posts the token to the public API. */
export function linkUrl(appUrl: string, link: PersonalLink, token: string): string {
  const base = appUrl.endsWith('/') ? appUrl : `${appUrl}/`;
  const url = new URL(paths[link], base);
  url.searchParams.set('token', token);
  return url.toString();
}
