import { PENDING_CONFIRMATION_HOURS } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { municipalityGenitive } from './german.js';
import { type RenderedMail, renderMail } from './layout.js';
import { contactFooter, programContactOf, replyToOf, signOff } from './sender.js';
import { findRegistration } from './workshops.data.js';
import { facts, type MailInput, personalLink, type WorkshopMailDeps } from './workshops.js';

/** Double opt-in: the mail with the link that confirms an invitee's address. */
export function renderOptInMail(input: MailInput & { confirmUrl: string }): RenderedMail {
  const w = input.workshop;
  const subject = `Bitte bestätigen Sie Ihre Anmeldung: ${w.title}`;
  return renderMail({
    subject,
    preheader: subject,
    greeting: `Guten Tag ${input.firstName} ${input.lastName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Sie haben sich über eine Einladung${input.municipalityName && input.municipalityKind ? ` ${municipalityGenitive(input.municipalityName, input.municipalityKind)}` : ''} zur Werkstatt „${w.title}“ angemeldet. Bitte bestätigen Sie Ihre E-Mail-Adresse innerhalb von ${PENDING_CONFIRMATION_HOURS} Stunden – erst dann gilt Ihre Anmeldung und Sie erhalten einen Platz oder einen Platz auf der Warteliste.`,
      },
      { kind: 'action', label: 'Anmeldung bestätigen', url: input.confirmUrl },
      facts(w, input.municipalityName),
      {
        kind: 'paragraph',
        text: 'Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach. Ohne Bestätigung verfällt die Anmeldung, und Ihre Angaben werden gelöscht.',
      },
    ],
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

/**
 * Double opt-in: mails an invitee the link that confirms their address. Skipped once the
 * registration is no longer waiting for it (confirmed, cancelled, expired or anonymised).
 */
export async function sendOptInMail(
  deps: WorkshopMailDeps,
  payload: JobPayload<'mail', 'registration.optIn'>,
  ctx: JobContext,
): Promise<void> {
  const found = await jobScope(deps.db, payload.municipalityId).transaction(async (tx) => {
    const row = await findRegistration(tx, payload.registrationId, payload.municipalityId);
    if (row?.r.status !== 'pending' || row.r.anonymizedAt) return undefined;
    if (Date.now() - row.r.createdAt.getTime() >= PENDING_CONFIRMATION_HOURS * 3_600_000) return undefined;
    const confirmUrl = await personalLink(deps, tx, 'confirm', row.r.id);
    return confirmUrl ? { row, confirmUrl } : undefined;
  });
  if (!found) {
    ctx.log.info({ jobId: ctx.jobId, registrationId: payload.registrationId }, 'opt-in mail skipped');
    return;
  }
  const { row, confirmUrl } = found;
  const contact = programContactOf(row.program);
  const mail = renderOptInMail({
    appName: deps.config.APP_NAME,
    firstName: row.r.firstName,
    lastName: row.r.lastName,
    workshop: row.w,
    municipalityName: row.municipalityName,
    municipalityKind: row.municipalityKind,
    contact,
    confirmUrl,
  });
  const delivery = await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: `${row.r.firstName} ${row.r.lastName}`, address: row.r.email },
    about: { kind: 'registration', id: row.r.id },
    ...replyToOf(contact),
    ...mail,
  });
  ctx.log.info({ jobId: ctx.jobId, registrationId: row.r.id, delivery }, 'opt-in mail');
}
