import { programs, registrations, type users, workshopMunicipalities, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { linkTokenHash } from '../src/mail/links.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { createHandlers } from '../src/registry.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
let mailer: Mailer;
let programId: string;

beforeAll(async () => {
  t = await createWorkerTestContext();
  mailer = createMailer(t.config, createMemorySentMailLog());
  const [program] = await t.owner
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: 'dw',
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
      contactName: 'Sabine Groß',
      contactEmail: 'digital-werkstatt@agentur.example',
      contactPhone: '06131 16-4242',
      contactOrganisation: 'Entwicklungsagentur Rheinland-Pfalz',
    })
    .returning();
  programId = program!.id;
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

/** A workshop on Saturday, 21 November 2026, 09:00–17:00 in Berlin, with one municipality. */
async function workshop(
  overrides: Partial<typeof workshops.$inferInsert> = {},
  part: Partial<typeof workshopMunicipalities.$inferInsert> = {},
) {
  const m = await t.municipality('Verbandsgemeinde Südliche Weinstraße');
  const [w] = await t.owner
    .insert(workshops)
    .values({
      programId,
      municipalityId: m.id,
      municipalityIds: [m.id],
      title: 'Digital-Werkstatt Südpfalz',
      format: 'onsite',
      startsAt: new Date('2026-11-21T08:00:00Z'),
      endsAt: new Date('2026-11-21T16:00:00Z'),
      venueName: 'Bürgerhaus Maikammer',
      venueStreet: 'Weinstraße Süd 7',
      venuePostalCode: '67487',
      venueCity: 'Maikammer',
      capacity: 30,
      status: 'published',
      ...overrides,
    })
    .returning();
  await t.owner.insert(workshopMunicipalities).values({ workshopId: w!.id, municipalityId: m.id, ...part });
  return { w: w!, m };
}

async function participant(
  w: typeof workshops.$inferSelect,
  municipalityId: string,
  values: Partial<typeof registrations.$inferInsert> = {},
) {
  const [r] = await t.owner
    .insert(registrations)
    .values({
      workshopId: w.id,
      municipalityId,
      firstName: 'Jürgen',
      lastName: 'Weißmüller',
      email: `juergen-${Math.random().toString(36).slice(2)}@example.org`,
      role: 'politics',
      status: 'confirmed',
      ...values,
    })
    .returning();
  return r!;
}

const handlers = () => createHandlers({ db: t.owner, mailer, config: t.config }).mail!;

async function run(
  name:
    | 'registration.confirmed'
    | 'registration.waitlisted'
    | 'registration.promoted'
    | 'registration.cancelled',
  registrationId: string,
  municipalityId: string,
) {
  const payload = { registrationId, municipalityId };
  const jobId = await t.enqueue({ queue: 'mail', name, payload });
  await handlers()[name](payload, { jobId, attempt: 1, log: silentLogger });
  return jobId;
}

const read = async (file: string) => simpleParser(await t.readMail(file));

/** The personal cancel link in a mail's text, checked to be the one the API will accept. */
async function cancelLinkIn(text: string, registrationId: string): Promise<string> {
  const links = text.match(
    /https:\/\/werkstatt\.example\/anmelden\/anmeldung\/absagen\?token=[A-Za-z0-9_-]+/g,
  );
  expect(links).toHaveLength(1);
  const token = new URL(links![0]!).searchParams.get('token')!;
  // The API cancels the registration whose stored hash matches the token of the link.
  const [row] = await t.owner.select().from(registrations).where(eq(registrations.id, registrationId));
  expect(row!.cancelTokenHash).toBe(linkTokenHash(token));
  return links![0]!;
}

async function runWorkshopJob(name: 'workshop.changed' | 'workshop.cancelled', workshopId: string) {
  const payload = { workshopId, municipalityId: null };
  const jobId = await t.enqueue({ queue: 'mail', name, payload });
  await handlers()[name](payload, { jobId, attempt: 1, log: silentLogger });
  return jobId;
}

describe('registration mails', () => {
  it('confirms in German with the date, place and the workshop as a calendar entry', async () => {
    const { w, m } = await workshop();
    const r = await participant(w, m.id);
    const jobId = await run('registration.confirmed', r.id, m.id);
    const mail = await read(`${jobId}.eml`);
    expect(mail.subject).toBe('Anmeldung bestätigt: Digital-Werkstatt Südpfalz');
    expect(mail.to).toMatchObject({ value: [{ address: r.email, name: 'Jürgen Weißmüller' }] });
    expect(mail.text).toContain('Guten Tag Jürgen Weißmüller,');
    expect(mail.text).toContain('Ihre Anmeldung zur Werkstatt „Digital-Werkstatt Südpfalz“ ist bestätigt.');
    expect(mail.text).toContain('Datum: Samstag, 21. November 2026');
    expect(mail.text).toContain('Uhrzeit: 09:00–17:00 Uhr');
    expect(mail.text).toContain('Ort: Bürgerhaus Maikammer, Weinstraße Süd 7, 67487 Maikammer');
    expect(mail.text).toContain('Kommune: Verbandsgemeinde Südliche Weinstraße');
    expect(mail.text).toContain('Mit freundlichen Grüßen');
    expect(mail.html).toContain('Bürgerhaus Maikammer');
    const ics = mail.attachments.find((a) => a.filename === 'werkstatt.ics');
    expect(ics?.contentType).toBe('application/ics');
    const calendar = ics!.content.toString('utf8');
    expect(calendar).toContain('METHOD:PUBLISH');
    expect(calendar).toContain(`UID:workshop-${w.id}@werkstatt`);
    expect(calendar).toContain('DTSTART;TZID=Europe/Berlin:20261121T090000');
    expect(calendar).toContain('SUMMARY:Digital-Werkstatt Südpfalz');
    expect(calendar).toContain('LOCATION:Bürgerhaus Maikammer\\, Weinstraße Süd 7\\, 67487 Maikammer');
  });

  it('tells waitlisted people their place, and promoted people that they moved up', async () => {
    const { w, m } = await workshop({
      format: 'online',
      onlineUrl: 'https://meet.example.org/suedpfalz',
      venueName: null,
    });
    const r = await participant(w, m.id, { status: 'waitlisted', waitlistPosition: 3 });
    const waitlisted = await read(`${await run('registration.waitlisted', r.id, m.id)}.eml`);
    expect(waitlisted.subject).toBe('Warteliste: Digital-Werkstatt Südpfalz');
    expect(waitlisted.text).toContain('Sie stehen auf Platz 3 der Warteliste.');
    expect(waitlisted.text).toContain('Teilnahme: Online: https://meet.example.org/suedpfalz');

    await t.owner
      .update(registrations)
      .set({ status: 'confirmed', waitlistPosition: null })
      .where(eq(registrations.id, r.id));
    const promoted = await read(`${await run('registration.promoted', r.id, m.id)}.eml`);
    expect(promoted.subject).toBe('Sie sind nachgerückt: Digital-Werkstatt Südpfalz');
    expect(promoted.text).toContain('Gute Nachricht: Ein Platz ist frei geworden.');
  });

  it('cancels with a calendar cancellation, and sends nothing that no longer fits', async () => {
    const { w, m } = await workshop();
    const r = await participant(w, m.id, { status: 'cancelled' });
    const cancelled = await read(`${await run('registration.cancelled', r.id, m.id)}.eml`);
    expect(cancelled.subject).toBe('Abmeldung bestätigt: Digital-Werkstatt Südpfalz');
    const calendar = cancelled.attachments.find((a) => a.filename === 'werkstatt.ics')!.content.toString();
    expect(calendar).toContain('METHOD:CANCEL');
    expect(calendar).toContain('STATUS:CANCELLED');

    // The confirmation of a registration cancelled meanwhile, or one for the wrong municipality: no mail.
    const stale = await run('registration.confirmed', r.id, m.id);
    const other = await t.municipality();
    const wrong = await run('registration.cancelled', r.id, other.id);
    const files = await t.mails();
    expect(files).not.toContain(`${stale}.eml`);
    expect(files).not.toContain(`${wrong}.eml`);
  });
});

describe('workshop mails', () => {
  it('tells every registered participant about a cancellation, once each, with the reason', async () => {
    const { w, m } = await workshop({ status: 'cancelled', cancellationReason: 'Erkrankung der Moderation' });
    const a = await participant(w, m.id, { firstName: 'Änne', lastName: 'Groß' });
    const b = await participant(w, m.id, { status: 'waitlisted', waitlistPosition: 1 });
    await participant(w, m.id, { status: 'cancelled' });
    const payload = { workshopId: w.id, municipalityId: null };
    const jobId = await t.enqueue({ queue: 'mail', name: 'workshop.cancelled', payload });
    await handlers()['workshop.cancelled'](payload, { jobId, attempt: 1, log: silentLogger });
    await handlers()['workshop.cancelled'](payload, { jobId, attempt: 2, log: silentLogger });
    const files = (await t.mails()).filter((f) => f.startsWith(jobId));
    expect(files.sort()).toEqual([`${jobId}-${a.id}.eml`, `${jobId}-${b.id}.eml`].sort());
    const mail = await read(`${jobId}-${a.id}.eml`);
    expect(mail.subject).toBe('Abgesagt: Digital-Werkstatt Südpfalz');
    expect(mail.text).toContain('Guten Tag Änne Groß,');
    expect(mail.text).toContain('leider müssen wir die Werkstatt „Digital-Werkstatt Südpfalz“ absagen.');
    expect(mail.text).toContain('Grund: Erkrankung der Moderation');
    expect(mail.attachments.find((x) => x.filename === 'werkstatt.ics')!.content.toString()).toContain(
      'METHOD:CANCEL',
    );
  });

  it('sends the changed date with a calendar update that replaces the old entry', async () => {
    const { w, m } = await workshop({
      calendarSequence: 2,
      startsAt: new Date('2026-11-28T09:00:00Z'),
      endsAt: new Date('2026-11-28T15:30:00Z'),
    });
    const a = await participant(w, m.id);
    const payload = { workshopId: w.id, municipalityId: null };
    const jobId = await t.enqueue({ queue: 'mail', name: 'workshop.changed', payload });
    await handlers()['workshop.changed'](payload, { jobId, attempt: 1, log: silentLogger });
    const mail = await read(`${jobId}-${a.id}.eml`);
    expect(mail.subject).toBe('Geänderter Termin: Digital-Werkstatt Südpfalz');
    expect(mail.text).toContain('Datum: Samstag, 28. November 2026');
    expect(mail.text).toContain('Uhrzeit: 10:00–16:30 Uhr');
    const calendar = mail.attachments.find((x) => x.filename === 'werkstatt.ics')!.content.toString();
    expect(calendar).toContain('SEQUENCE:2');
    expect(calendar).toContain(`UID:workshop-${w.id}@werkstatt`);
  });
});

describe('what every participant mail answers', () => {
  it('carries a personal cancel link, said once, also for people the office or their municipality registered', async () => {
    const { w, m } = await workshop();
    // Registered by the office: no invitation, no account.
    const r = await participant(w, m.id);
    const confirmed = await read(`${await run('registration.confirmed', r.id, m.id)}.eml`);
    await cancelLinkIn(confirmed.text!, r.id);
    // Said once: one sentence about cancelling, one link.
    expect(confirmed.text!.match(/persönlichen Link|sagen Sie bitte ab/g)).toHaveLength(1);
    expect(confirmed.text).toContain(
      'Falls Sie nicht teilnehmen können, sagen Sie bitte über Ihren persönlichen Link ab – dann rückt jemand von der Warteliste nach:',
    );
    expect(confirmed.html).toContain('>Teilnahme absagen</a>');

    const promoted = await read(`${await run('registration.promoted', r.id, m.id)}.eml`);
    await cancelLinkIn(promoted.text!, r.id);

    const changed = await read(`${await runWorkshopJob('workshop.changed', w.id)}-${r.id}.eml`);
    expect(changed.text).toContain(
      'Falls Ihnen der neue Termin nicht passt, sagen Sie bitte über Ihren persönlichen Link ab:',
    );
    await cancelLinkIn(changed.text!, r.id);

    const waiting = await participant(w, m.id, { status: 'waitlisted', waitlistPosition: 1 });
    const waitlisted = await read(`${await run('registration.waitlisted', waiting.id, m.id)}.eml`);
    expect(waitlisted.text).toContain(
      'geben Sie Ihren Platz auf der Warteliste über Ihren persönlichen Link frei:',
    );
    await cancelLinkIn(waitlisted.text!, waiting.id);

    // Who is already out gets no link to cancel.
    const gone = await participant(w, m.id, { status: 'cancelled' });
    const cancelled = await read(`${await run('registration.cancelled', gone.id, m.id)}.eml`);
    expect(cancelled.text).not.toContain('anmeldung/absagen');
  });

  it('answers to the program office: Reply-To, the contact in the footer, signed by the team', async () => {
    const { w, m } = await workshop();
    const r = await participant(w, m.id);
    const mail = await read(`${await run('registration.confirmed', r.id, m.id)}.eml`);
    expect(mail.replyTo?.value).toEqual([
      { address: 'digital-werkstatt@agentur.example', name: 'Entwicklungsagentur Rheinland-Pfalz' },
    ]);
    expect(mail.text).toContain('Mit freundlichen Grüßen\nIhr Team der Digital-Werkstatt\n\n--\n');
    expect(mail.text).toContain(
      'Fragen? Antworten Sie einfach auf diese E-Mail oder wenden Sie sich an:\nSabine Groß, Entwicklungsagentur Rheinland-Pfalz\nTelefon 06131 16-4242 · E-Mail digital-werkstatt@agentur.example',
    );
    expect(mail.text).not.toMatch(/Team von|Bitte antworten Sie nicht/);
    expect(mail.html).toContain('Mit freundlichen Grüßen<br>Ihr Team der Digital-Werkstatt');

    // Workshop-wide mails too.
    const changed = await read(`${await runWorkshopJob('workshop.changed', w.id)}-${r.id}.eml`);
    expect(changed.replyTo?.value[0]?.address).toBe('digital-werkstatt@agentur.example');
    expect(changed.text).toContain('Sabine Groß, Entwicklungsagentur Rheinland-Pfalz');
  });

  it('without a program contact, says not to reply and sets no Reply-To', async () => {
    const [bare] = await t.owner
      .insert(programs)
      .values({
        name: 'Ohne Kontakt',
        slug: 'ohne-kontakt',
        startsOn: '2026-01-01',
        eligibleKinds: ['stadt'],
      })
      .returning();
    const { w, m } = await workshop({ programId: bare!.id });
    const r = await participant(w, m.id);
    const mail = await read(`${await run('registration.confirmed', r.id, m.id)}.eml`);
    expect(mail.replyTo).toBeUndefined();
    expect(mail.text).toContain('Bitte antworten Sie nicht auf diese Nachricht.');
  });

  it('tells waitlisted people whether the whole workshop or their municipality’s seats are taken', async () => {
    const full = await workshop({ capacity: 2, confirmedCount: 2 });
    const a = await participant(full.w, full.m.id, { status: 'waitlisted', waitlistPosition: 1 });
    const workshopFull = await read(`${await run('registration.waitlisted', a.id, full.m.id)}.eml`);
    expect(workshopFull.text).toContain(
      'Die Werkstatt „Digital-Werkstatt Südpfalz“ ist ausgebucht: Alle 2 Plätze sind vergeben. Sie stehen auf Platz 1 der Warteliste.',
    );

    const quota = await workshop({ capacity: 30, confirmedCount: 5 }, { seats: 5, confirmedCount: 5 });
    const b = await participant(quota.w, quota.m.id, { status: 'waitlisted', waitlistPosition: 2 });
    const quotaFull = await read(`${await run('registration.waitlisted', b.id, quota.m.id)}.eml`);
    expect(quotaFull.text).toContain(
      'Alle 5 Plätze der Verbandsgemeinde Südliche Weinstraße in der Werkstatt „Digital-Werkstatt Südpfalz“ sind vergeben; die übrigen Plätze sind den anderen teilnehmenden Kommunen vorbehalten. Sie stehen auf Platz 2 der Warteliste.',
    );
    expect(quotaFull.text).not.toContain('ausgebucht');

    const single = await workshop({ capacity: 30, confirmedCount: 1 }, { seats: 1, confirmedCount: 1 });
    const c = await participant(single.w, single.m.id, { status: 'waitlisted', waitlistPosition: 1 });
    const one = await read(`${await run('registration.waitlisted', c.id, single.m.id)}.eml`);
    expect(one.text).toContain('Der Platz der Verbandsgemeinde Südliche Weinstraße in der Werkstatt');
  });
});

describe('moderator mails', () => {
  async function moderator(values: Partial<typeof users.$inferInsert> = {}) {
    return t.user('moderator', null, { name: 'Moritz Moderation', ...values });
  }

  it('tells a moderator of the assignment with the day, the municipalities and a calendar entry', async () => {
    const mod = await moderator();
    const { w, m } = await workshop({ moderatorIds: [mod.id], confirmedCount: 12 });
    const payload = { workshopId: w.id, userId: mod.id, municipalityId: null };
    const jobId = await t.enqueue({ queue: 'mail', name: 'workshop.moderatorAssigned', payload });
    await handlers()['workshop.moderatorAssigned'](payload, { jobId, attempt: 1, log: silentLogger });
    const mail = await read(`${jobId}.eml`);
    expect(mail.subject).toBe('Ihre Moderation: Digital-Werkstatt Südpfalz');
    expect(mail.to).toMatchObject({ value: [{ address: mod.email, name: 'Moritz Moderation' }] });
    expect(mail.text).toContain('Guten Tag Moritz Moderation,');
    expect(mail.text).toContain('Sie moderieren die Werkstatt „Digital-Werkstatt Südpfalz“.');
    expect(mail.text).toContain('Datum: Samstag, 21. November 2026');
    expect(mail.text).toContain(`Kommune: ${m.name}`);
    expect(mail.text).toContain('Anmeldungen: 12 von 30 Plätzen belegt');
    expect(mail.replyTo?.value[0]?.address).toBe('digital-werkstatt@agentur.example');
    expect(mail.attachments.find((a) => a.filename === 'werkstatt.ics')).toBeDefined();

    // No longer assigned, or the account is disabled: nothing.
    const other = await moderator();
    const stale = { workshopId: w.id, userId: other.id, municipalityId: null };
    const staleJob = await t.enqueue({ queue: 'mail', name: 'workshop.moderatorAssigned', payload: stale });
    await handlers()['workshop.moderatorAssigned'](stale, { jobId: staleJob, attempt: 1, log: silentLogger });
    expect(await t.mails()).not.toContain(`${staleJob}.eml`);
  });

  it('tells the moderators of a change and of the cancellation, next to the participants', async () => {
    const mod = await moderator();
    const off = await moderator({ disabled: true });
    const { w, m } = await workshop({ moderatorIds: [mod.id, off.id] });
    const r = await participant(w, m.id);
    const changedJob = await runWorkshopJob('workshop.changed', w.id);
    const files = (await t.mails()).filter((f) => f.startsWith(changedJob));
    expect(files.sort()).toEqual([`${changedJob}-${mod.id}.eml`, `${changedJob}-${r.id}.eml`].sort());
    const changed = await read(`${changedJob}-${mod.id}.eml`);
    expect(changed.subject).toBe('Geänderter Termin: Digital-Werkstatt Südpfalz');
    expect(changed.text).toContain(
      'Termin oder Ort der Werkstatt „Digital-Werkstatt Südpfalz“, die Sie moderieren, haben sich geändert.',
    );
    expect(changed.text).not.toContain('anmeldung/absagen');

    await t.owner
      .update(workshops)
      .set({ status: 'cancelled', cancellationReason: 'Zu wenige Anmeldungen' })
      .where(eq(workshops.id, w.id));
    const cancelledJob = await runWorkshopJob('workshop.cancelled', w.id);
    const cancelled = await read(`${cancelledJob}-${mod.id}.eml`);
    expect(cancelled.subject).toBe('Abgesagt: Digital-Werkstatt Südpfalz');
    expect(cancelled.text).toContain(
      'die Werkstatt „Digital-Werkstatt Südpfalz“, die Sie moderieren, ist abgesagt.',
    );
    expect(cancelled.text).toContain('Grund: Zu wenige Anmeldungen');
    expect(cancelled.attachments.find((a) => a.filename === 'werkstatt.ics')!.content.toString()).toContain(
      'METHOD:CANCEL',
    );
  });
});
