import type { Database, workshops } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { findApplication } from './applications.data.js';
import { type MailBlock, type RenderedMail, renderMail } from './layout.js';
import type { Mailer } from './mailer.js';
import { germanSchedule } from './workshops.js';

export interface ApplicationMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL' | 'MAIL_FROM'>;
}

export type ApplicationMailKind = 'accepted' | 'declined';

export interface ApplicationMailInput {
  appName: string;
  contactName: string;
  municipalityName: string;
  declineReason: string | null;
  workshop: Pick<typeof workshops.$inferSelect, 'title' | 'startsAt' | 'endsAt' | 'days' | 'status'> | null;
}

const footer = 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht auf diese Nachricht.';

export function renderApplicationMail(kind: ApplicationMailKind, input: ApplicationMailInput): RenderedMail {
  const who = input.municipalityName;
  let subject: string;
  let blocks: MailBlock[];
  if (kind === 'accepted') {
    const w = input.workshop;
    subject = `Ihre Werkstatt-Anmeldung ist angenommen: ${who}`;
    blocks = [
      {
        kind: 'paragraph',
        text: `wir freuen uns: Die Anmeldung von ${who} für eine Digital-Werkstatt ist angenommen.`,
      },
      ...(w
        ? [
            {
              kind: 'facts' as const,
              items: [
                { label: 'Werkstatt', value: w.title },
                { label: 'Datum', value: germanSchedule(w).date },
                { label: 'Uhrzeit', value: germanSchedule(w).time },
              ],
            },
          ]
        : []),
      {
        kind: 'paragraph',
        text:
          w?.status === 'draft'
            ? 'Der Termin ist vorgemerkt. Sobald wir ihn veröffentlicht haben, können Sie Ihre Teilnehmenden anmelden.'
            : 'Sie können Ihre Teilnehmenden jetzt anmelden.',
      },
    ];
  } else {
    subject = `Ihre Werkstatt-Anmeldung: ${who}`;
    blocks = [
      {
        kind: 'paragraph',
        text: `leider können wir die Anmeldung von ${who} für eine Digital-Werkstatt nicht annehmen.`,
      },
      ...(input.declineReason ? [{ kind: 'paragraph' as const, text: `Grund: ${input.declineReason}` }] : []),
      {
        kind: 'paragraph',
        text: 'Gern können Sie sich mit anderen Terminen oder Partnerkommunen erneut anmelden.',
      },
    ];
  }
  return renderMail({
    subject,
    preheader: subject,
    greeting: `Guten Tag ${input.contactName},`,
    blocks,
    closing: ['Mit freundlichen Grüßen', `Ihr Team von ${input.appName}`],
    footer,
  });
}

/**
 * Tells the application's contact person how the program office decided. Read in the applying
 * municipality's scope; an application whose status no longer fits the mail gets none.
 */
export async function sendApplicationMail(
  deps: ApplicationMailDeps,
  kind: ApplicationMailKind,
  payload: JobPayload<'mail', 'application.accepted'>,
  ctx: JobContext,
): Promise<void> {
  const row = await jobScope(deps.db, payload.municipalityId).transaction((tx) =>
    findApplication(tx, payload.applicationId),
  );
  if (!row || row.a.status !== kind) {
    ctx.log.info(
      { jobId: ctx.jobId, applicationId: payload.applicationId, kind },
      'application mail skipped',
    );
    return;
  }
  const mail = renderApplicationMail(kind, {
    appName: deps.config.APP_NAME,
    contactName: row.a.contactName,
    municipalityName: row.municipalityName,
    declineReason: row.a.declineReason,
    workshop: row.workshop,
  });
  const delivery = await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: row.a.contactName, address: row.a.contactEmail },
    about: { kind: 'application', id: payload.applicationId },
    ...mail,
  });
  ctx.log.info(
    { jobId: ctx.jobId, applicationId: payload.applicationId, kind, delivery },
    'application mail',
  );
}
