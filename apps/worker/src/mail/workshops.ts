import {
  buildCalendar,
  type EventStatus,
  type Organizer,
  workshopDays,
  workshopEvents,
} from '@werkstatt/calendar';
import type { Database, MunicipalityKind, registrations, Tx, workshops } from '@werkstatt/db';
import type { JobPayload } from '@werkstatt/jobs';
import type { Config } from '../config.js';
import type { JobContext } from '../handlers.js';
import { jobScope } from '../scope.js';
import { municipalityGenitive } from './german.js';
import { type MailBlock, type RenderedMail, renderMail } from './layout.js';
import { linkToken, linkTokenHash, linkUrl, type PersonalLink } from './links.js';
import type { Mailer } from './mailer.js';
import { sendModeratorWorkshopMails } from './moderators.js';
import { contactFooter, type ProgramContact, programContactOf, replyToOf, signOff } from './sender.js';
import {
  findRegistration,
  findWorkshop,
  listWorkshopRecipients,
  raiseCalendarSequence,
  storeLinkHash,
} from './workshops.data.js';

export interface WorkshopMailDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'APP_NAME' | 'APP_URL' | 'MAIL_FROM' | 'LINK_SECRET'>;
}

type WorkshopRow = typeof workshops.$inferSelect;
type RegistrationRow = typeof registrations.$inferSelect;

export type RegistrationMailKind = 'confirmed' | 'waitlisted' | 'promoted' | 'cancelled';
export type WorkshopMailKind = 'changed' | 'cancelled';

const TIME_ZONE = 'Europe/Berlin';
const longDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const clock = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

// "A, B und C"
const listed = (items: string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} und ${items.at(-1)}` : (items[0] ?? '');

/**
 * "Samstag, 21. November 2026" and "09:00–17:00 Uhr", as people in Germany read them; each day of
 * a multi-day workshop: "Freitag, 20. November 2026 und Samstag, 21. November 2026" and
 * "09:00–17:00 Uhr und 09:00–15:00 Uhr".
 */
export function germanSchedule(w: Pick<WorkshopRow, 'startsAt' | 'endsAt' | 'days'>): {
  date: string;
  time: string;
} {
  const days = workshopDays(w);
  return {
    date: listed(days.map((d) => longDate.format(d.start))),
    time: `${listed(days.map((d) => `${clock.format(d.start)}–${clock.format(d.end)}`))} Uhr`,
  };
}

export const placeOf = (w: WorkshopRow): string =>
  w.format === 'online'
    ? `Online: ${w.onlineUrl ?? ''}`
    : [w.venueName, w.venueStreet, [w.venuePostalCode, w.venueCity].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ');

export function facts(w: WorkshopRow, municipalityName: string | null): MailBlock {
  const { date, time } = germanSchedule(w);
  return {
    kind: 'facts',
    items: [
      { label: 'Werkstatt', value: w.title },
      { label: 'Datum', value: date },
      { label: 'Uhrzeit', value: time },
      { label: w.format === 'online' ? 'Teilnahme' : 'Ort', value: placeOf(w) },
      ...(municipalityName ? [{ label: 'Kommune', value: municipalityName }] : []),
    ],
  };
}

/** The sender of the mails, "Name <address>" or an address, as the ORGANIZER of the entries. */
export function organizerOf(mailFrom: string, appName: string): Organizer {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  return named ? { name: named[1] || appName, email: named[2]! } : { name: appName, email: mailFrom.trim() };
}

/**
 * The workshop as calendar entries for one participant: confirmed, tentative while on the waitlist,
 * or a cancellation. `sequence` is the workshop's plus the registration's, so each attachment a
 * person gets outranks the one before (RFC 5546), and the ORGANIZER lets Outlook apply a CANCEL.
 */
export function workshopCalendar(
  w: WorkshopRow,
  entry: { status: EventStatus; sequence: number },
  config: Pick<Config, 'APP_NAME' | 'MAIL_FROM'>,
  recipient: Organizer,
) {
  const method = entry.status === 'CANCELLED' ? 'CANCEL' : 'PUBLISH';
  const organizer = organizerOf(config.MAIL_FROM, config.APP_NAME);
  return {
    method,
    filename: 'werkstatt.ics',
    // The same UIDs and SUMMARY as the API's calendar files and feeds, so a change replaces the entry.
    content: buildCalendar(
      workshopEvents(
        {
          id: w.id,
          title: w.title,
          days: workshopDays(w),
          url: w.format === 'online' && w.onlineUrl ? w.onlineUrl : undefined,
          location: placeOf(w),
        },
        entry,
      ),
      method === 'CANCEL' ? { method, organizer, attendee: recipient } : { method, organizer },
    ),
  } as const;
}

/**
 * Why someone is on the waitlist: every seat of the workshop is taken, or only the seats set aside for
 * their municipality (a quota) while others are still free.
 */
export type WaitlistReason =
  | { kind: 'workshop_full'; capacity: number }
  | { kind: 'municipality_full'; seats: number }
  | { kind: 'none_free' };

export interface MailInput {
  appName: string;
  firstName: string;
  lastName: string;
  workshop: WorkshopRow;
  municipalityName: string | null;
  municipalityKind?: MunicipalityKind;
  /** The program office's contact: Reply-To and footer. */
  contact: ProgramContact | null;
  waitlistPosition?: number | null;
  waitlistReason?: WaitlistReason;
  /** The participant's personal cancel link. */
  cancelUrl?: string;
}

function waitlistText(input: MailInput, quoted: string): string {
  const place = `Sie stehen auf Platz ${input.waitlistPosition ?? '–'} der Warteliste.`;
  const reason = input.waitlistReason ?? { kind: 'none_free' };
  const whose =
    input.municipalityName && input.municipalityKind
      ? municipalityGenitive(input.municipalityName, input.municipalityKind)
      : 'Ihrer Kommune';
  switch (reason.kind) {
    case 'workshop_full':
      return `Die Werkstatt ${quoted} ist ausgebucht: Alle ${reason.capacity} Plätze sind vergeben. ${place}`;
    case 'municipality_full':
      return `${
        reason.seats === 1
          ? `Der Platz ${whose} in der Werkstatt ${quoted} ist vergeben`
          : `Alle ${reason.seats} Plätze ${whose} in der Werkstatt ${quoted} sind vergeben`
      }; die übrigen Plätze sind den anderen teilnehmenden Kommunen vorbehalten. ${place}`;
    case 'none_free':
      return `Für die Werkstatt ${quoted} ist derzeit kein Platz frei. ${place}`;
  }
}

/** The one sentence about cancelling, with the link: said once per mail. */
function cancelBlocks(kind: RegistrationMailKind | 'changed', cancelUrl: string | undefined): MailBlock[] {
  if (!cancelUrl || kind === 'cancelled') return [];
  const text: Record<Exclude<RegistrationMailKind, 'cancelled'> | 'changed', string> = {
    confirmed:
      'Falls Sie nicht teilnehmen können, sagen Sie bitte über Ihren persönlichen Link ab – dann rückt jemand von der Warteliste nach:',
    promoted:
      'Falls Sie nicht teilnehmen können, sagen Sie bitte über Ihren persönlichen Link ab – dann rückt jemand von der Warteliste nach:',
    waitlisted:
      'Wenn Sie nicht mehr teilnehmen möchten, geben Sie Ihren Platz auf der Warteliste über Ihren persönlichen Link frei:',
    changed: 'Falls Ihnen der neue Termin nicht passt, sagen Sie bitte über Ihren persönlichen Link ab:',
  };
  return [
    { kind: 'paragraph', text: text[kind] },
    { kind: 'action', label: 'Teilnahme absagen', url: cancelUrl },
  ];
}

export function renderRegistrationMail(kind: RegistrationMailKind, input: MailInput): RenderedMail {
  const w = input.workshop;
  const greeting = `Guten Tag ${input.firstName} ${input.lastName},`;
  const quoted = `„${w.title}“`;
  const texts: Record<RegistrationMailKind, { subject: string; blocks: MailBlock[] }> = {
    confirmed: {
      subject: `Anmeldung bestätigt: ${w.title}`,
      blocks: [
        {
          kind: 'paragraph',
          text: `Ihre Anmeldung zur Werkstatt ${quoted} ist bestätigt. Wir freuen uns auf Sie!`,
        },
        facts(w, input.municipalityName),
        { kind: 'paragraph', text: 'Den Termin für Ihren Kalender finden Sie im Anhang.' },
      ],
    },
    waitlisted: {
      subject: `Warteliste: ${w.title}`,
      blocks: [
        { kind: 'paragraph', text: waitlistText(input, quoted) },
        facts(w, input.municipalityName),
        {
          kind: 'paragraph',
          text: 'Sobald ein Platz frei wird, rücken Sie automatisch nach und erhalten eine Bestätigung per E-Mail. Den Termin können Sie sich mit dem Anhang schon vormerken.',
        },
      ],
    },
    promoted: {
      subject: `Sie sind nachgerückt: ${w.title}`,
      blocks: [
        {
          kind: 'paragraph',
          text: `Gute Nachricht: Ein Platz ist frei geworden. Ihre Anmeldung zur Werkstatt ${quoted} ist jetzt bestätigt.`,
        },
        facts(w, input.municipalityName),
        { kind: 'paragraph', text: 'Den Termin für Ihren Kalender finden Sie im Anhang.' },
      ],
    },
    cancelled: {
      subject: `Abmeldung bestätigt: ${w.title}`,
      blocks: [
        { kind: 'paragraph', text: `Ihre Anmeldung zur Werkstatt ${quoted} wurde storniert.` },
        facts(w, input.municipalityName),
        {
          kind: 'paragraph',
          text: 'Mit dem Anhang entfernt Ihr Kalenderprogramm den Termin. Schade, dass Sie nicht dabei sein können.',
        },
      ],
    },
  };
  const t = texts[kind];
  return renderMail({
    subject: t.subject,
    preheader: t.subject,
    greeting,
    blocks: [...t.blocks, ...cancelBlocks(kind, input.cancelUrl)],
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

export function renderWorkshopMail(kind: WorkshopMailKind, input: MailInput): RenderedMail {
  const w = input.workshop;
  const quoted = `„${w.title}“`;
  const blocks: MailBlock[] =
    kind === 'changed'
      ? [
          {
            kind: 'paragraph',
            text: `Termin oder Ort der Werkstatt ${quoted} haben sich geändert. Es gelten jetzt diese Angaben:`,
          },
          facts(w, input.municipalityName),
          { kind: 'paragraph', text: 'Der Kalendereintrag im Anhang ersetzt den bisherigen.' },
          ...cancelBlocks('changed', input.cancelUrl),
        ]
      : [
          { kind: 'paragraph', text: `leider müssen wir die Werkstatt ${quoted} absagen.` },
          ...(w.cancellationReason
            ? [{ kind: 'paragraph' as const, text: `Grund: ${w.cancellationReason}` }]
            : []),
          facts(w, input.municipalityName),
          {
            kind: 'paragraph',
            text: 'Mit dem Anhang entfernt Ihr Kalenderprogramm den Termin. Wir bitten um Verständnis.',
          },
        ];
  const subject = kind === 'changed' ? `Geänderter Termin: ${w.title}` : `Abgesagt: ${w.title}`;
  return renderMail({
    subject,
    preheader: subject,
    greeting: `Guten Tag ${input.firstName} ${input.lastName},`,
    blocks,
    closing: signOff(input.appName),
    footer: contactFooter(input.contact),
  });
}

// A place on the waitlist is a tentative entry, never a confirmed one.
const calendarStatus: Record<RegistrationMailKind, EventStatus> = {
  confirmed: 'CONFIRMED',
  promoted: 'CONFIRMED',
  waitlisted: 'TENTATIVE',
  cancelled: 'CANCELLED',
};

// Which current status a registration mail still fits; a mail that no longer does is not sent.
const fits: Record<RegistrationMailKind, RegistrationRow['status'][]> = {
  confirmed: ['confirmed', 'attended'],
  promoted: ['confirmed', 'attended'],
  waitlisted: ['waitlisted'],
  cancelled: ['cancelled'],
};

/**
 * Mints the personal link of a registration and stores its hash (the same on every attempt, so this
 * is idempotent). Returns the URL, or undefined when the registration can no longer use it.
 */
export async function personalLink(
  deps: WorkshopMailDeps,
  tx: Tx,
  link: PersonalLink,
  registrationId: string,
): Promise<string | undefined> {
  const token = linkToken(deps.config.LINK_SECRET, link, registrationId);
  return (await storeLinkHash(tx, registrationId, link, linkTokenHash(token)))
    ? linkUrl(deps.config.APP_URL, link, token)
    : undefined;
}

/** Read when the mail is written: the seats as they are now, which is what the reader can act on. */
function waitlistReasonOf(row: {
  w: WorkshopRow;
  seats: number | null;
  municipalityConfirmed: number | null;
}): WaitlistReason {
  if (row.w.confirmedCount >= row.w.capacity) return { kind: 'workshop_full', capacity: row.w.capacity };
  if (row.seats !== null && (row.municipalityConfirmed ?? 0) >= row.seats) {
    return { kind: 'municipality_full', seats: row.seats };
  }
  return { kind: 'none_free' };
}

/**
 * Reads the registration as it is now (in its municipality's scope) and sends the mail of `kind`
 * with the workshop as a calendar entry. Anonymised registrations, and ones whose status moved on
 * since the job was written, get no mail: retrying would not change that.
 */
export async function sendRegistrationMail(
  deps: WorkshopMailDeps,
  kind: RegistrationMailKind,
  payload: JobPayload<'mail', 'registration.confirmed'>,
  ctx: JobContext,
): Promise<void> {
  const { row, cancelUrl, sequence } = await jobScope(deps.db, payload.municipalityId).transaction(
    async (tx) => {
      const row = await findRegistration(tx, payload.registrationId, payload.municipalityId);
      if (!row || row.r.anonymizedAt || !fits[kind].includes(row.r.status)) return { row };
      // Everyone gets a personal cancel link, whoever registered them: participants have no account.
      const cancelUrl = kind !== 'cancelled' ? await personalLink(deps, tx, 'cancel', row.r.id) : undefined;
      // A retried job raises it again: harmless, a SEQUENCE only has to grow.
      const sequence = row.w.calendarSequence + (await raiseCalendarSequence(tx, row.r.id));
      return { row, cancelUrl, sequence };
    },
  );
  if (!row || sequence === undefined) {
    ctx.log.info(
      { jobId: ctx.jobId, registrationId: payload.registrationId, kind },
      'registration mail skipped',
    );
    return;
  }
  const contact = programContactOf(row.program);
  const mail = renderRegistrationMail(kind, {
    appName: deps.config.APP_NAME,
    firstName: row.r.firstName,
    lastName: row.r.lastName,
    workshop: row.w,
    municipalityName: row.municipalityName,
    municipalityKind: row.municipalityKind,
    contact,
    waitlistPosition: row.r.waitlistPosition,
    waitlistReason: waitlistReasonOf(row),
    ...(cancelUrl ? { cancelUrl } : {}),
  });
  const delivery = await deps.mailer.deliver({
    id: ctx.jobId,
    to: { name: `${row.r.firstName} ${row.r.lastName}`, address: row.r.email },
    about: { kind: 'registration', id: row.r.id },
    ...replyToOf(contact),
    ...mail,
    calendar: workshopCalendar(row.w, { status: calendarStatus[kind], sequence }, deps.config, {
      name: `${row.r.firstName} ${row.r.lastName}`,
      email: row.r.email,
    }),
  });
  ctx.log.info(
    { jobId: ctx.jobId, registrationId: payload.registrationId, kind, delivery },
    'registration mail',
  );
}

/**
 * Tells every registered participant (confirmed or waitlisted) and the assigned moderators of a
 * change or cancellation. One message per person, with an id derived from the job and the
 * registration or user, so a retried job sends only what is missing. After a change each participant
 * also gets their personal cancel link.
 */
export async function sendWorkshopMail(
  deps: WorkshopMailDeps,
  kind: WorkshopMailKind,
  payload: JobPayload<'mail', 'workshop.changed'>,
  ctx: JobContext,
): Promise<void> {
  // The workshop is the program office's and spans its municipalities (platform scope); each
  // municipality's participants are read in that municipality's scope.
  const found = await jobScope(deps.db, null).transaction((tx) => findWorkshop(tx, payload.workshopId));
  if (!found || (kind === 'cancelled') !== (found.w.status === 'cancelled')) {
    ctx.log.info({ jobId: ctx.jobId, workshopId: payload.workshopId, kind }, 'workshop mail skipped');
    return;
  }
  const w = found.w;
  const contact = programContactOf(found.program);
  const people: (Awaited<ReturnType<typeof listWorkshopRecipients>>[number] & { cancelUrl?: string })[] = [];
  for (const municipalityId of w.municipalityIds) {
    const theirs = await jobScope(deps.db, municipalityId).transaction(async (tx) => {
      const rows = await listWorkshopRecipients(tx, w.id, municipalityId);
      if (kind === 'cancelled') return rows;
      const withLinks = [];
      for (const p of rows)
        withLinks.push({ ...p, cancelUrl: await personalLink(deps, tx, 'cancel', p.r.id) });
      return withLinks;
    });
    people.push(...theirs);
  }
  for (const p of people) {
    const calendar = workshopCalendar(
      w,
      {
        status: kind === 'cancelled' ? 'CANCELLED' : p.r.status === 'waitlisted' ? 'TENTATIVE' : 'CONFIRMED',
        // The workshop's sequence was raised with the change, so this outranks what the person had.
        sequence: w.calendarSequence + p.r.calendarSequence,
      },
      deps.config,
      { name: `${p.r.firstName} ${p.r.lastName}`, email: p.r.email },
    );
    const mail = renderWorkshopMail(kind, {
      appName: deps.config.APP_NAME,
      firstName: p.r.firstName,
      lastName: p.r.lastName,
      workshop: w,
      municipalityName: p.municipalityName,
      contact,
      ...(p.cancelUrl ? { cancelUrl: p.cancelUrl } : {}),
    });
    await deps.mailer.deliver({
      id: `${ctx.jobId}-${p.r.id}`,
      to: { name: `${p.r.firstName} ${p.r.lastName}`, address: p.r.email },
      about: { kind: 'registration', id: p.r.id },
      ...replyToOf(contact),
      ...mail,
      calendar,
    });
  }
  const moderators = await sendModeratorWorkshopMails(deps, kind, { w, contact }, ctx);
  ctx.log.info(
    { jobId: ctx.jobId, workshopId: w.id, kind, recipients: people.length, moderators },
    'workshop mail',
  );
}
