import { programs, registrations, workshopMunicipalities, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
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
    })
    .returning();
  programId = program!.id;
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

/** A workshop on Saturday, 21 November 2026, 09:00–17:00 in Berlin, with one municipality. */
async function workshop(overrides: Partial<typeof workshops.$inferInsert> = {}) {
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
  await t.owner.insert(workshopMunicipalities).values({ workshopId: w!.id, municipalityId: m.id });
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
