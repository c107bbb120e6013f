import type { Database, MunicipalityKind, PreferredDate, workshops } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { findApplication, listProgramAdmins, partnerNames } from './applications.data.js';
import { municipalityGenitive } from './german.js';
import { type MailBlock, type RenderedMail, renderMail } from './layout.js';
import type { Mailer } from './mailer.js';
import { contactFooter, type ProgramContact, programContactOf, replyToOf, signOff } from './sender.js';
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
  municipalityKind: MunicipalityKind;
  declineReason: string | null;
  workshop: Pick<typeof workshops.$inferSelect, 'title' | 'startsAt' | 'endsAt' | 'days' | 'status'> | null;
  contact: ProgramContact | null;
}

export function renderApplicationMail(kind: ApplicationMailKind, input: ApplicationMailInput): RenderedMail {
  const who = input.municipalityName;
  const ofWho = municipalityGenitive(input.municipalityName, input.municipalityKind);
  let subject: string;
  let blocks: MailBlock[];
  if (kind === 'accepted') {
    const w = input.workshop;
    subject = `Ihre Werkstatt-Anmeldung ist angenommen: ${who}`;
    blocks = [
      {
        kind: 'paragraph',
        text: `wir freuen uns: Die Anmeldung ${ofWho} für eine Werkstatt ist angenommen.`,
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
        text: `leider können wir die Anmeldung ${ofWho} für eine Werkstatt nicht annehmen.`,
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
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
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
  const contact = programContactOf(row.program);
  const mail = renderApplicationMail(kind, {
    appName: deps.config.APP_NAME,
    contactName: row.a.contactName,
    municipalityName: row.municipalityName,
    municipalityKind: row.municipalityKind,
    declineReason: row.a.declineReason,
    workshop: row.workshop,
    contact,
  });
  const delivery = await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: row.a.contactName, address: row.a.contactEmail },
    about: { kind: 'application', id: payload.applicationId },
    ...replyToOf(contact),
    ...mail,
  });
  ctx.log.info(
    { jobId: ctx.jobId, applicationId: payload.applicationId, kind, delivery },
    'application mail',
  );
}

export interface SubmittedApplicationInput {
  appName: string;
  programName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  municipalityName: string;
  municipalityKind: MunicipalityKind;
  preferredDates: PreferredDate[];
  partnerNames: string[];
  expectedParticipants: number;
  note: string;
  contact: ProgramContact | null;
}

const dayOnly = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Samstag, 21. November 2026, 09:00–13:00 Uhr" (the wish as the municipality gave it, Berlin wall time). */
const wish = (d: PreferredDate): string =>
  `${dayOnly.format(new Date(`${d.date}T12:00:00Z`))}${
    d.from && d.to
      ? `, ${d.from}–${d.to} Uhr`
      : d.from
        ? `, ab ${d.from} Uhr`
        : d.to
          ? `, bis ${d.to} Uhr`
          : ''
  }`;

/** What the municipality asked for, as both the receipt and the office's notice list it. */
function requestFacts(input: SubmittedApplicationInput): MailBlock {
  return {
    kind: 'facts',
    items: [
      { label: 'Programm', value: input.programName },
      { label: 'Kommune', value: input.municipalityName },
      ...input.preferredDates.map((d, i) => ({ label: `Wunschtermin ${i + 1}`, value: wish(d) })),
      ...(input.partnerNames.length > 0
        ? [{ label: 'Partnerkommunen', value: input.partnerNames.join(', ') }]
        : []),
      { label: 'Erwartete Teilnehmende', value: String(input.expectedParticipants) },
      {
        label: 'Ansprechperson',
        value: [input.contactName, input.contactEmail, input.contactPhone].filter(Boolean).join(', '),
      },
      ...(input.note ? [{ label: 'Anmerkung', value: input.note }] : []),
    ],
  };
}

/** The receipt for the municipality's contact person: what was asked for and what happens next. */
export function renderApplicationReceipt(input: SubmittedApplicationInput): RenderedMail {
  const subject = `Eingangsbestätigung Ihrer Werkstatt-Anmeldung: ${input.municipalityName}`;
  return renderMail({
    subject,
    preheader: subject,
    greeting: `Guten Tag ${input.contactName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `vielen Dank! Die Anmeldung ${municipalityGenitive(input.municipalityName, input.municipalityKind)} für eine Werkstatt ist bei uns eingegangen.`,
      },
      requestFacts(input),
      {
        kind: 'paragraph',
        text: `Das Programmbüro prüft Ihre Wunschtermine${input.partnerNames.length > 0 ? ' und stimmt sie mit den Partnerkommunen ab' : ''}. Sobald es entschieden hat, erhalten Sie eine E-Mail mit dem Termin oder einer Begründung.`,
      },
    ],
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

/** The notice to the program office: a new application waits for a decision. */
export function renderApplicationNotice(input: SubmittedApplicationInput, adminName: string): RenderedMail {
  const subject = `Neue Werkstatt-Anmeldung: ${input.municipalityName}`;
  return renderMail({
    subject,
    preheader: subject,
    greeting: `Guten Tag ${adminName},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `die Anmeldung ${municipalityGenitive(input.municipalityName, input.municipalityKind)} für eine Werkstatt ist eingegangen und wartet auf Ihre Entscheidung.`,
      },
      requestFacts(input),
      {
        kind: 'paragraph',
        text: 'Sie können die Anmeldung annehmen und einem Termin zuordnen oder mit Begründung ablehnen. Die Kommune hat eine Eingangsbestätigung erhalten.',
      },
    ],
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

/**
 * A municipality applied: its contact person gets a receipt, every active program admin a notice.
 * Message ids derive from the job (and the admin), so a retried job sends only what is missing.
 * An application no longer pending (withdrawn or already decided) gets neither.
 */
export async function sendApplicationSubmittedMails(
  deps: ApplicationMailDeps,
  payload: JobPayload<'mail', 'application.submitted'>,
  ctx: JobContext,
): Promise<void> {
  const row = await jobScope(deps.db, payload.municipalityId).transaction((tx) =>
    findApplication(tx, payload.applicationId),
  );
  if (row?.a.status !== 'pending') {
    ctx.log.info({ jobId: ctx.jobId, applicationId: payload.applicationId }, 'application mails skipped');
    return;
  }
  // Partners and the office's accounts belong to nobody's municipality: read in platform scope.
  const office = await jobScope(deps.db, null).transaction(async (tx) => ({
    partners: await partnerNames(tx, row.a.partnerMunicipalityIds),
    admins: await listProgramAdmins(tx),
  }));
  const contact = programContactOf(row.program);
  const input: SubmittedApplicationInput = {
    appName: deps.config.APP_NAME,
    programName: row.program.name,
    contactName: row.a.contactName,
    contactEmail: row.a.contactEmail,
    contactPhone: row.a.contactPhone,
    municipalityName: row.municipalityName,
    municipalityKind: row.municipalityKind,
    preferredDates: row.a.preferredDates,
    partnerNames: office.partners,
    expectedParticipants: row.a.expectedParticipants,
    note: row.a.note,
    contact,
  };
  await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: row.a.contactName, address: row.a.contactEmail },
    about: { kind: 'application', id: row.a.id },
    ...replyToOf(contact),
    ...renderApplicationReceipt(input),
  });
  for (const admin of office.admins) {
    await deps.mailer.deliver({
      id: `${ctx.jobId}-${admin.id}`,
      to: { name: admin.name, address: admin.email },
      // The notice repeats the application's contact person: erasing the application removes it.
      about: { kind: 'application', id: row.a.id },
      // Answers go to the municipality's contact person.
      replyTo: { name: row.a.contactName, address: row.a.contactEmail },
      ...renderApplicationNotice(input, admin.name),
    });
  }
  ctx.log.info(
    { jobId: ctx.jobId, applicationId: row.a.id, admins: office.admins.length },
    'application submitted mails',
  );
}
