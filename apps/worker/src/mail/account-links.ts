import { createHmac } from 'node:crypto';
import type { AccountTokenPurpose, Database, UserRole } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { findAccountLinkRecipient, storeAccountTokenHash } from './account-links.data.js';
import { type RenderedMail, renderMail } from './layout.js';
import { linkTokenHash } from './links.js';
import type { Mailer } from './mailer.js';
import { signOff } from './sender.js';
import { roles } from './welcome.js';

/**
 * The secret of a set-password link, derived from LINK_SECRET and the account_tokens row, like the
 * registration links: every attempt of the mail job mails the same working link, the database keeps
 * only its SHA-256 (which the API compares), and no secret passes through the outbox or the job.
 * The row id is random and new for every link, so a re-sent invitation has a new secret.
 */
export const accountLinkToken = (secret: string, tokenId: string): string =>
  createHmac('sha256', secret).update(`account:${tokenId}`).digest('base64url');

const paths: Record<AccountTokenPurpose, string> = {
  invitation: 'passwort-setzen',
  password_reset: 'passwort-zuruecksetzen',
};

/** The page of the app that asks for the new password and posts it with the token to the API. */
export function accountLinkUrl(appUrl: string, purpose: AccountTokenPurpose, token: string): string {
  const base = appUrl.endsWith('/') ? appUrl : `${appUrl}/`;
  return new URL(`${paths[purpose]}/${token}`, base).toString();
}

const until = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "12. Dezember 2026 um 10:15 Uhr", in German time. */
export const germanDeadline = (at: Date): string => `${until.format(at)} Uhr`;

const FOOTER = 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht auf diese Nachricht.';

export interface InvitationMailInput {
  name: string;
  email: string;
  role: UserRole;
  municipalityName: string | null;
  appName: string;
  url: string;
  expiresAt: Date;
}

/** The invitation of a new account: who they are there, and the link to choose their password. */
export function renderInvitationMail(input: InvitationMailInput): RenderedMail {
  const role = roles[input.role];
  return renderMail({
    subject: `Ihr Zugang zur ${input.appName}: bitte Passwort festlegen`,
    preheader: `Legen Sie Ihr Passwort fest, dann können Sie sich bei der ${input.appName} anmelden.`,
    greeting: `Guten Tag ${input.name},`,
    blocks: [
      { kind: 'paragraph', text: `für Sie wurde ein Benutzerkonto bei der ${input.appName} eingerichtet.` },
      {
        kind: 'facts',
        items: [
          { label: 'Anmeldung mit', value: input.email },
          { label: 'Rolle', value: role.label },
          ...(input.municipalityName ? [{ label: 'Kommune', value: input.municipalityName }] : []),
        ],
      },
      { kind: 'paragraph', text: `Mit der Rolle „${role.label}“ können Sie ${role.can}.` },
      {
        kind: 'paragraph',
        text: 'Ihr Passwort legen Sie selbst fest. Niemand sonst kennt es, auch nicht die Person, die Ihren Zugang eingerichtet hat.',
      },
      { kind: 'action', label: 'Passwort festlegen', url: input.url },
      {
        kind: 'paragraph',
        text: `Der Link gilt bis ${germanDeadline(input.expiresAt)} und nur einmal. Ist er abgelaufen, wählen Sie bei der Anmeldung „Passwort vergessen“ oder bitten Sie um eine neue Einladung.`,
      },
      {
        kind: 'paragraph',
        text: 'Falls Sie keinen Zugang erwartet haben, können Sie diese E-Mail ignorieren.',
      },
    ],
    closing: signOff(input.appName),
    footer: FOOTER,
  });
}

export interface PasswordResetMailInput {
  name: string;
  email: string;
  appName: string;
  url: string;
  expiresAt: Date;
}

/** The answer to "Passwort vergessen": the link to choose a new password, and what to do if it was not them. */
export function renderPasswordResetMail(input: PasswordResetMailInput): RenderedMail {
  return renderMail({
    subject: `Neues Passwort für die ${input.appName}`,
    preheader: 'Mit diesem Link legen Sie ein neues Passwort fest.',
    greeting: `Guten Tag ${input.name},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `für Ihren Zugang zur ${input.appName} (${input.email}) wurde ein neues Passwort angefordert.`,
      },
      { kind: 'action', label: 'Neues Passwort festlegen', url: input.url },
      {
        kind: 'paragraph',
        text: `Der Link gilt bis ${germanDeadline(input.expiresAt)} und nur einmal. Sobald das neue Passwort gilt, werden Sie auf allen Geräten abgemeldet.`,
      },
      {
        kind: 'paragraph',
        text: 'Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.',
      },
    ],
    closing: signOff(input.appName),
    footer: FOOTER,
  });
}

export interface AccountLinkMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL' | 'LINK_SECRET'>;
}

type AccountLinkPayload = JobPayload<'mail', 'user.invitation'> | JobPayload<'mail', 'user.passwordReset'>;

/**
 * Mails the link of one account_tokens row, in the user's municipality's scope (platform for the
 * program office). A link that was used, voided by a newer one or has expired, and a user who is
 * gone or disabled get no mail; that is not an error, retrying would not change it.
 */
export async function sendAccountLinkMail(
  { db, mailer, config }: AccountLinkMailDeps,
  purpose: AccountTokenPurpose,
  payload: AccountLinkPayload,
  ctx: JobContext,
): Promise<void> {
  const token = accountLinkToken(config.LINK_SECRET, payload.tokenId);
  const recipient = await jobScope(db, payload.municipalityId).transaction(async (tx) => {
    const row = await findAccountLinkRecipient(tx, payload.tokenId, payload.municipalityId, purpose);
    if (!row || row.usedAt || row.revokedAt || row.expiresAt <= new Date()) return undefined;
    if (row.disabled || row.deletedAt) return undefined;
    return (await storeAccountTokenHash(tx, payload.tokenId, linkTokenHash(token))) ? row : undefined;
  });
  if (!recipient) {
    ctx.log.info({ jobId: ctx.jobId, tokenId: payload.tokenId, purpose }, 'account link mail skipped');
    return;
  }
  const url = accountLinkUrl(config.APP_URL, purpose, token);
  const mail =
    purpose === 'invitation'
      ? renderInvitationMail({ ...recipient, appName: config.APP_NAME, url })
      : renderPasswordResetMail({ ...recipient, appName: config.APP_NAME, url });
  const delivery = await mailer.deliver({
    id: ctx.jobId,
    to: { name: recipient.name, address: recipient.email },
    about: { kind: 'user', id: recipient.userId },
    ...mail,
  });
  ctx.log.info({ jobId: ctx.jobId, userId: recipient.userId, purpose, delivery }, 'account link mail');
}
