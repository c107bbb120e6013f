import { programs, registrations, workshopMunicipalities, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { organizerOf } from '../src/mail/workshops.js';
import { createHandlers } from '../src/registry.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';
import { readCalendar } from './support/ical.js';

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

async function workshop(overrides: Partial<typeof workshops.$inferInsert> = {}) {
  const m = await t.municipality('Verbandsgemeinde Wonnegau');
  const [w] = await t.owner
    .insert(workshops)
    .values({
      programId,
      municipalityId: m.id,
      municipalityIds: [m.id],
      title: 'Netzwerktreffen Rheinhessen',
      format: 'onsite',
      startsAt: new Date('2026-11-20T08:00:00Z'),
      endsAt: new Date('2026-11-20T16:00:00Z'),
      venueName: 'Rathaus Osthofen',
      venueStreet: 'Ludwig-Schwamb-Straße 1',
      venuePostalCode: '67574',
      venueCity: 'Osthofen',
      capacity: 30,
      status: 'published',
      calendarSequence: 1,
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
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      email: `ayse-${Math.random().toString(36).slice(2)}@example.org`,
      role: 'administration',
      status: 'confirmed',
      ...values,
    })
    .returning();
  return r!;
}

const handlers = () => createHandlers({ db: t.owner, mailer, config: t.config }).mail!;

type RegistrationJob =
  | 'registration.confirmed'
  | 'registration.waitlisted'
  | 'registration.promoted'
  | 'registration.cancelled';

/** Runs the mail job and returns the attached calendar as ical.js reads it. */
async function attachment(name: RegistrationJob, registrationId: string, municipalityId: string) {
  const payload = { registrationId, municipalityId };
  const jobId = await t.enqueue({ queue: 'mail', name, payload });
  await handlers()[name](payload, { jobId, attempt: 1, log: silentLogger });
  const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
  return {
    text: mail.text ?? '',
    ...readCalendar(mail.attachments.find((a) => a.filename === 'werkstatt.ics')!.content.toString('utf8')),
  };
}

async function workshopAttachments(name: 'workshop.changed' | 'workshop.cancelled', workshopId: string) {
  const payload = { workshopId, municipalityId: null };
  const jobId = await t.enqueue({ queue: 'mail', name, payload });
  await handlers()[name](payload, { jobId, attempt: 1, log: silentLogger });
  return async (registrationId: string) => {
    const mail = await simpleParser(await t.readMail(`${jobId}-${registrationId}.eml`));
    return readCalendar(
      mail.attachments.find((a) => a.filename === 'werkstatt.ics')!.content.toString('utf8'),
    );
  };
}

const setStatus = (id: string, status: 'confirmed' | 'cancelled') =>
  t.owner.update(registrations).set({ status, waitlistPosition: null }).where(eq(registrations.id, id));

describe('calendar attachments of the participant mails', () => {
  it('waitlist is tentative, promotion confirms, a cancellation has ORGANIZER and a higher SEQUENCE', async () => {
    const { w, m } = await workshop();
    const r = await participant(w, m.id, { status: 'waitlisted', waitlistPosition: 1 });

    const waitlisted = await attachment('registration.waitlisted', r.id, m.id);
    expect(waitlisted.method).toBe('PUBLISH');
    expect(waitlisted.events).toHaveLength(1);
    expect(waitlisted.events[0]).toMatchObject({
      attendees: [],
      uid: `workshop-${w.id}@werkstatt`,
      status: 'TENTATIVE',
      summary: 'Netzwerktreffen Rheinhessen (vorläufig)',
      organizer: 'mailto:no-reply@werkstatt.example',
      start: '2026-11-20T08:00:00.000Z',
    });

    await setStatus(r.id, 'confirmed');
    const promoted = await attachment('registration.promoted', r.id, m.id);
    expect(promoted.events[0]).toMatchObject({ status: 'CONFIRMED', summary: 'Netzwerktreffen Rheinhessen' });
    expect(promoted.events[0]!.sequence).toBeGreaterThan(waitlisted.events[0]!.sequence);

    await setStatus(r.id, 'cancelled');
    const cancelled = await attachment('registration.cancelled', r.id, m.id);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.events[0]).toMatchObject({
      uid: `workshop-${w.id}@werkstatt`,
      status: 'CANCELLED',
      organizer: 'mailto:no-reply@werkstatt.example',
      attendees: [`mailto:${r.email}`],
      summary: 'Abgesagt: Netzwerktreffen Rheinhessen',
    });
    expect(cancelled.events[0]!.sequence).toBeGreaterThan(promoted.events[0]!.sequence);

    // Registering again with the same address: the new entry outranks the cancellation.
    const again = await participant(w, m.id, { email: r.email });
    const confirmed = await attachment('registration.confirmed', again.id, m.id);
    expect(confirmed.events[0]).toMatchObject({ status: 'CONFIRMED' });
    expect(confirmed.events[0]!.sequence).toBeGreaterThan(cancelled.events[0]!.sequence);
  });

  it('a change keeps the waitlisted tentative and outranks every earlier entry; so does the cancellation', async () => {
    const { w, m } = await workshop();
    const seated = await participant(w, m.id);
    const waiting = await participant(w, m.id, { status: 'waitlisted', waitlistPosition: 1 });
    const before = {
      seated: (await attachment('registration.confirmed', seated.id, m.id)).events[0]!.sequence,
      waiting: (await attachment('registration.waitlisted', waiting.id, m.id)).events[0]!.sequence,
    };

    await t.owner
      .update(workshops)
      .set({ calendarSequence: w.calendarSequence + 1, startsAt: new Date('2026-11-20T07:00:00Z') })
      .where(eq(workshops.id, w.id));
    const changed = await workshopAttachments('workshop.changed', w.id);
    const seatedChange = await changed(seated.id);
    const waitingChange = await changed(waiting.id);
    expect(seatedChange.events[0]).toMatchObject({ status: 'CONFIRMED', start: '2026-11-20T07:00:00.000Z' });
    expect(waitingChange.events[0]).toMatchObject({ status: 'TENTATIVE' });
    expect(seatedChange.events[0]!.sequence).toBeGreaterThan(before.seated);
    expect(waitingChange.events[0]!.sequence).toBeGreaterThan(before.waiting);

    await t.owner
      .update(workshops)
      .set({
        status: 'cancelled',
        cancellationReason: 'Hochwasser',
        calendarSequence: w.calendarSequence + 2,
      })
      .where(eq(workshops.id, w.id));
    const cancelled = await workshopAttachments('workshop.cancelled', w.id);
    for (const [id, previous] of [
      [seated.id, seatedChange],
      [waiting.id, waitingChange],
    ] as const) {
      const c = await cancelled(id);
      expect(c.method).toBe('CANCEL');
      expect(c.events[0]).toMatchObject({
        status: 'CANCELLED',
        organizer: 'mailto:no-reply@werkstatt.example',
      });
      expect(c.events[0]!.sequence).toBeGreaterThan(previous.events[0]!.sequence);
    }
  });

  it('a multi-day workshop is one event per day, in the confirmation and in the cancellation', async () => {
    const { w, m } = await workshop({
      startsAt: new Date('2026-11-20T08:00:00Z'),
      endsAt: new Date('2026-11-21T14:00:00Z'),
      days: [
        { startsAt: '2026-11-20T08:00:00.000Z', endsAt: '2026-11-20T16:00:00.000Z' },
        { startsAt: '2026-11-21T08:00:00.000Z', endsAt: '2026-11-21T14:00:00.000Z' },
      ],
    });
    const r = await participant(w, m.id);
    const confirmed = await attachment('registration.confirmed', r.id, m.id);
    expect(confirmed.text).toContain('Datum: Freitag, 20. November 2026 und Samstag, 21. November 2026');
    expect(confirmed.text).toContain('Uhrzeit: 09:00–17:00 und 09:00–15:00 Uhr');
    expect(confirmed.events.map((e) => [e.uid, e.summary, e.start, e.end])).toEqual([
      [
        `workshop-${w.id}@werkstatt`,
        'Netzwerktreffen Rheinhessen (Tag 1 von 2)',
        '2026-11-20T08:00:00.000Z',
        '2026-11-20T16:00:00.000Z',
      ],
      [
        `workshop-${w.id}-day2@werkstatt`,
        'Netzwerktreffen Rheinhessen (Tag 2 von 2)',
        '2026-11-21T08:00:00.000Z',
        '2026-11-21T14:00:00.000Z',
      ],
    ]);
    await setStatus(r.id, 'cancelled');
    const cancelled = await attachment('registration.cancelled', r.id, m.id);
    expect(cancelled.events.map((e) => [e.uid, e.status])).toEqual([
      [`workshop-${w.id}@werkstatt`, 'CANCELLED'],
      [`workshop-${w.id}-day2@werkstatt`, 'CANCELLED'],
    ]);
  });

  it('the organizer is the sender of the mails', () => {
    expect(organizerOf('Digital-Werkstatt <werkstatt@example.org>', 'X')).toEqual({
      name: 'Digital-Werkstatt',
      email: 'werkstatt@example.org',
    });
    expect(organizerOf('"Team Süd" <sued@example.org>', 'X')).toEqual({
      name: 'Team Süd',
      email: 'sued@example.org',
    });
    expect(organizerOf('werkstatt@example.org', 'Digital-Werkstatt')).toEqual({
      name: 'Digital-Werkstatt',
      email: 'werkstatt@example.org',
    });
  });
});
