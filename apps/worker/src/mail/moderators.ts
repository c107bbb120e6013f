import type { Database, workshops } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { type MailBlock, type RenderedMail, renderMail } from './layout.js';
import type { Mailer } from './mailer.js';
import { contactFooter, type ProgramContact, programContactOf, replyToOf, signOff } from './sender.js';
import { findWorkshop, listModerators, municipalityNames } from './workshops.data.js';
import { facts, workshopCalendar } from './workshops.js';

export interface ModeratorMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'MAIL_FROM'>;
}

type WorkshopRow = typeof workshops.$inferSelect;
export type ModeratorMailKind = 'assigned' | 'changed' | 'cancelled';

export interface ModeratorMailInput {
  appName: string;
  moderatorName: string;
  workshop: WorkshopRow;
  municipalityNames: string[];
  contact: ProgramContact | null;
}

/** What the moderator of a workshop reads: the day, who takes part, and what changed. */
export function renderModeratorMail(kind: ModeratorMailKind, input: ModeratorMailInput): RenderedMail {
  const w = input.workshop;
  const quoted = `„${w.title}“`;
  const day: MailBlock = facts(w, null);
  if (day.kind === 'facts' && input.municipalityNames.length > 0) {
    day.items.push({
      label: input.municipalityNames.length === 1 ? 'Kommune' : 'Kommunen',
      value: input.municipalityNames.join(', '),
    });
    day.items.push({ label: 'Anmeldungen', value: `${w.confirmedCount} von ${w.capacity} Plätzen belegt` });
  }
  const texts: Record<ModeratorMailKind, { subject: string; blocks: MailBlock[] }> = {
    assigned: {
      subject: `Ihre Moderation: ${w.title}`,
      blocks: [
        { kind: 'paragraph', text: `Sie moderieren die Werkstatt ${quoted}. Vielen Dank!` },
        day,
        {
          kind: 'paragraph',
          text:
            w.status === 'published'
              ? 'Den Termin für Ihren Kalender finden Sie im Anhang. Ändert sich etwas, erhalten Sie eine E-Mail.'
              : 'Der Termin ist noch nicht veröffentlicht; die Kommunen melden ihre Teilnehmenden erst danach an.',
        },
      ],
    },
    changed: {
      subject: `Geänderter Termin: ${w.title}`,
      blocks: [
        {
          kind: 'paragraph',
          text: `Termin oder Ort der Werkstatt ${quoted}, die Sie moderieren, haben sich geändert. Es gelten jetzt diese Angaben:`,
        },
        day,
        {
          kind: 'paragraph',
          text: 'Der Kalendereintrag im Anhang ersetzt den bisherigen. Die Teilnehmenden sind benachrichtigt.',
        },
      ],
    },
    cancelled: {
      subject: `Abgesagt: ${w.title}`,
      blocks: [
        { kind: 'paragraph', text: `die Werkstatt ${quoted}, die Sie moderieren, ist abgesagt.` },
        ...(w.cancellationReason
          ? [{ kind: 'paragraph' as const, text: `Grund: ${w.cancellationReason}` }]
          : []),
        day,
        {
          kind: 'paragraph',
          text: 'Die Teilnehmenden sind benachrichtigt. Mit dem Anhang entfernt Ihr Kalenderprogramm den Termin.',
        },
      ],
    },
  };
  const t = texts[kind];
  return renderMail({
    subject: t.subject,
    preheader: t.subject,
    greeting: `Guten Tag ${input.moderatorName},`,
    blocks: t.blocks,
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

/**
 * Tells the workshop's moderators of a change or cancellation (part of the workshop mail job; one
 * message per moderator, its id derived from the job and the user). Returns how many were mailed.
 */
export async function sendModeratorWorkshopMails(
  deps: ModeratorMailDeps,
  kind: 'changed' | 'cancelled',
  about: { w: WorkshopRow; contact: ProgramContact | null },
  ctx: JobContext,
): Promise<number> {
  const { w, contact } = about;
  const { moderators, names } = await jobScope(deps.db, null).transaction(async (tx) => ({
    moderators: await listModerators(tx, w.moderatorIds),
    names: await municipalityNames(tx, w.municipalityIds),
  }));
  for (const m of moderators) {
    const mail = renderModeratorMail(kind, {
      appName: deps.config.APP_NAME,
      moderatorName: m.name,
      workshop: w,
      municipalityNames: names,
      contact,
    });
    await deps.mailer.deliver({
      id: `${ctx.jobId}-${m.id}`,
      to: { name: m.name, address: m.email },
      about: { kind: 'user', id: m.id },
      ...replyToOf(contact),
      ...mail,
      // Moderators hold no registration: the workshop's own sequence, raised with every change.
      calendar: workshopCalendar(
        w,
        { status: kind === 'cancelled' ? 'CANCELLED' : 'CONFIRMED', sequence: w.calendarSequence },
        deps.config,
        { name: m.name, email: m.email },
      ),
    });
  }
  return moderators.length;
}

/**
 * Tells a moderator that the office assigned them to a workshop. Nothing is sent when they are no
 * longer assigned, the workshop was cancelled meanwhile, or the account is disabled or deleted.
 */
export async function sendModeratorAssignedMail(
  deps: ModeratorMailDeps,
  payload: JobPayload<'mail', 'workshop.moderatorAssigned'>,
  ctx: JobContext,
): Promise<void> {
  const found = await jobScope(deps.db, null).transaction(async (tx) => {
    const row = await findWorkshop(tx, payload.workshopId);
    if (!row || row.w.status === 'cancelled' || !row.w.moderatorIds.includes(payload.userId))
      return undefined;
    const [moderator] = await listModerators(tx, [payload.userId]);
    if (!moderator) return undefined;
    return { ...row, moderator, names: await municipalityNames(tx, row.w.municipalityIds) };
  });
  if (!found) {
    ctx.log.info({ jobId: ctx.jobId, workshopId: payload.workshopId }, 'moderator mail skipped');
    return;
  }
  const { w, moderator } = found;
  const contact = programContactOf(found.program);
  const mail = renderModeratorMail('assigned', {
    appName: deps.config.APP_NAME,
    moderatorName: moderator.name,
    workshop: w,
    municipalityNames: found.names,
    contact,
  });
  const delivery = await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: moderator.name, address: moderator.email },
    about: { kind: 'user', id: moderator.id },
    ...replyToOf(contact),
    ...mail,
    ...(w.status === 'published'
      ? {
          calendar: workshopCalendar(w, { status: 'CONFIRMED', sequence: w.calendarSequence }, deps.config, {
            name: moderator.name,
            email: moderator.email,
          }),
        }
      : {}),
  });
  ctx.log.info({ jobId: ctx.jobId, workshopId: w.id, userId: moderator.id, delivery }, 'moderator mail');
}
