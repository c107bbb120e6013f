import { programs, workshopApplications, workshops } from '@werkstatt/db';
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

async function application(values: Partial<typeof workshopApplications.$inferInsert>) {
  const m = await t.municipality('Verbandsgemeinde Bad Ems-Nassau');
  const [a] = await t.owner
    .insert(workshopApplications)
    .values({
      municipalityId: m.id,
      programId,
      preferredDates: [{ date: '2026-11-21', from: null, to: null }],
      expectedParticipants: 25,
      contactName: 'Petra Schäfer',
      contactEmail: 'p.schaefer@vg-bem.de',
      ...values,
    })
    .returning();
  return { a: a!, m };
}

async function run(
  name: 'application.accepted' | 'application.declined',
  applicationId: string,
  municipalityId: string,
) {
  const payload = { applicationId, municipalityId };
  const jobId = await t.enqueue({ queue: 'mail', name, payload });
  const handlers = createHandlers({ db: t.owner, mailer, config: t.config }).mail!;
  await handlers[name](payload, { jobId, attempt: 1, log: silentLogger });
  return jobId;
}

describe('application mails', () => {
  it('tells the contact person of an accepted application the date of the planned workshop', async () => {
    const m = await t.municipality('Verbandsgemeinde Nassau');
    const [w] = await t.owner
      .insert(workshops)
      .values({
        programId,
        municipalityId: m.id,
        municipalityIds: [m.id],
        title: 'Digital-Werkstatt Nassau',
        format: 'online',
        onlineUrl: 'https://meet.example.org/nassau',
        startsAt: new Date('2026-11-21T08:00:00Z'),
        endsAt: new Date('2026-11-21T16:00:00Z'),
        capacity: 30,
        status: 'draft',
      })
      .returning();
    const [a] = await t.owner
      .insert(workshopApplications)
      .values({
        municipalityId: m.id,
        programId,
        preferredDates: [{ date: '2026-11-21', from: null, to: null }],
        expectedParticipants: 25,
        contactName: 'Petra Schäfer',
        contactEmail: 'p.schaefer@vg-nassau.de',
        status: 'accepted',
        workshopId: w!.id,
      })
      .returning();
    const jobId = await run('application.accepted', a!.id, m.id);
    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(mail.subject).toBe('Ihre Werkstatt-Anmeldung ist angenommen: Verbandsgemeinde Nassau');
    expect(mail.to).toMatchObject({ value: [{ address: 'p.schaefer@vg-nassau.de', name: 'Petra Schäfer' }] });
    expect(mail.text).toContain('Guten Tag Petra Schäfer,');
    expect(mail.text).toContain(
      'Die Anmeldung von Verbandsgemeinde Nassau für eine Digital-Werkstatt ist angenommen.',
    );
    expect(mail.text).toContain('Werkstatt: Digital-Werkstatt Nassau');
    expect(mail.text).toContain('Datum: Samstag, 21. November 2026');
    expect(mail.text).toContain('Uhrzeit: 09:00–17:00 Uhr');
    expect(mail.text).toContain('Der Termin ist vorgemerkt.');
  });

  it('gives the reason of a decline, and sends nothing when the status no longer fits', async () => {
    const { a, m } = await application({
      status: 'declined',
      declineReason: 'Alle Termine im Herbst sind vergeben.',
    });
    const jobId = await run('application.declined', a.id, m.id);
    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(mail.subject).toBe('Ihre Werkstatt-Anmeldung: Verbandsgemeinde Bad Ems-Nassau');
    expect(mail.text).toContain('leider können wir die Anmeldung von Verbandsgemeinde Bad Ems-Nassau');
    expect(mail.text).toContain('Grund: Alle Termine im Herbst sind vergeben.');

    const { a: pending, m: other } = await application({});
    const skipped = await run('application.accepted', pending.id, other.id);
    await expect(t.readMail(`${skipped}.eml`)).rejects.toThrow();
  });
});
