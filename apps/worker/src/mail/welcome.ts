import type { Database, UserRole } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { type RenderedMail, renderMail } from './layout.js';
import type { Mailer } from './mailer.js';
import { signOff } from './sender.js';
import { findWelcomeRecipient } from './welcome.data.js';

/** How a role is named to its holder, and what it lets them do. */
export const roles: Record<UserRole, { label: string; can: string }> = {
  program_admin: {
    label: 'Programmadministration',
    can: 'Programme, Handlungsfelder, Werkstätten und Zugänge verwalten',
  },
  moderator: {
    label: 'Moderation',
    can: 'Werkstätten vorbereiten, moderieren und die Kommunen danach begleiten',
  },
  municipality_admin: {
    label: 'Administration der Kommune',
    can: 'die Zugänge Ihrer Kommune verwalten, Teilnehmende anmelden und die Digitalstrategie pflegen',
  },
  municipality_editor: {
    label: 'Bearbeitung',
    can: 'Teilnehmende anmelden und die Digitalstrategie Ihrer Kommune pflegen',
  },
  municipality_viewer: {
    label: 'Lesezugriff',
    can: 'die Digitalstrategie Ihrer Kommune und den Stand der Maßnahmen einsehen',
  },
};

export interface WelcomeMailInput {
  name: string;
  email: string;
  role: UserRole;
  municipalityName: string | null;
  appName: string;
  loginUrl: string;
}

export function renderWelcomeMail(input: WelcomeMailInput): RenderedMail {
  const role = roles[input.role];
  return renderMail({
    subject: `Ihr Zugang zur ${input.appName}`,
    preheader: `Sie können sich jetzt bei der ${input.appName} anmelden.`,
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
      { kind: 'action', label: 'Zur Anmeldung', url: input.loginUrl },
      {
        kind: 'paragraph',
        text: 'Ihr Passwort legen Sie selbst fest: Wählen Sie bei der Anmeldung „Passwort vergessen“, dann erhalten Sie einen Link dafür. Aus Sicherheitsgründen steht ein Passwort nie in einer E-Mail.',
      },
      {
        kind: 'paragraph',
        text: 'Falls Sie keinen Zugang erwartet haben, können Sie diese E-Mail ignorieren.',
      },
    ],
    closing: signOff(input.appName),
    footer: 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht auf diese Nachricht.',
  });
}

export interface WelcomeMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL'>;
}

/**
 * Loads the user as it is now (not as it was when the job was written), in the user's municipality's
 * scope (platform for the program office), and sends the welcome mail.
 * A user that is gone or disabled gets no mail; that is not an error, retrying would not change it.
 */
export async function sendWelcomeMail(
  { db, mailer, config }: WelcomeMailDeps,
  payload: JobPayload<'mail', 'user.welcome'>,
  ctx: JobContext,
): Promise<void> {
  const user = await jobScope(db, payload.municipalityId).transaction((tx) =>
    findWelcomeRecipient(tx, payload.userId, payload.municipalityId),
  );
  if (!user || user.disabled || user.deletedAt) {
    ctx.log.info({ jobId: ctx.jobId, userId: payload.userId }, 'welcome mail skipped: no active user');
    return;
  }
  const mail = renderWelcomeMail({
    name: user.name,
    email: user.email,
    role: user.role,
    municipalityName: user.municipalityName,
    appName: config.APP_NAME,
    loginUrl: config.APP_URL,
  });
  const delivery = await mailer.deliver({
    id: ctx.jobId,
    to: { name: user.name, address: user.email },
    about: { kind: 'user', id: payload.userId },
    ...mail,
  });
  ctx.log.info({ jobId: ctx.jobId, userId: payload.userId, delivery }, 'welcome mail');
}
