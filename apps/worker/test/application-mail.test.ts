import { programs, workshopApplications, workshops } from '@werkstatt/db';
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
  name: 'application.accepted' | 'application.declined' | 'application.submitted',
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
      'Die Anmeldung der Verbandsgemeinde Nassau für eine Werkstatt ist angenommen.',
    );
    expect(mail.text).not.toContain(' von Verbandsgemeinde');
    expect(mail.text).toContain('Werkstatt: Digital-Werkstatt Nassau');
    expect(mail.text).toContain('Datum: Samstag, 21. November 2026');
    expect(mail.text).toContain('Uhrzeit: 09:00–17:00 Uhr');
    expect(mail.text).toContain('Der Termin ist vorgemerkt.');
    // The program office's contact answers and signs.
    expect(mail.replyTo?.value).toEqual([
      { address: 'digital-werkstatt@agentur.example', name: 'Entwicklungsagentur Rheinland-Pfalz' },
    ]);
    expect(mail.text).toContain('Mit freundlichen Grüßen\nIhr Team der Digital-Werkstatt');
    expect(mail.text).toContain(
      '--\nFragen? Antworten Sie einfach auf diese E-Mail oder wenden Sie sich an:\nSabine Groß, Entwicklungsagentur Rheinland-Pfalz\nTelefon 06131 16-4242 · E-Mail digital-werkstatt@agentur.example',
    );
    expect(mail.text).not.toContain('Bitte antworten Sie nicht');
    expect(mail.html).toContain('Sabine Groß, Entwicklungsagentur Rheinland-Pfalz<br>Telefon 06131 16-4242');
  });

  it('gives the reason of a decline, and sends nothing when the status no longer fits', async () => {
    const { a, m } = await application({
      status: 'declined',
      declineReason: 'Alle Termine im Herbst sind vergeben.',
    });
    const jobId = await run('application.declined', a.id, m.id);
    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(mail.subject).toBe('Ihre Werkstatt-Anmeldung: Verbandsgemeinde Bad Ems-Nassau');
    expect(mail.text).toContain('leider können wir die Anmeldung der Verbandsgemeinde Bad Ems-Nassau');
    expect(mail.text).toContain('Grund: Alle Termine im Herbst sind vergeben.');

    const { a: pending, m: other } = await application({});
    const skipped = await run('application.accepted', pending.id, other.id);
    await expect(t.readMail(`${skipped}.eml`)).rejects.toThrow();
  });
});

describe('a new application', () => {
  it('gets a receipt for the municipality and a notice for each active program admin, once each', async () => {
    const partner = await t.municipality('Stadt Lahnstein');
    const admin = await t.user('program_admin', null, { name: 'Petra Programmbüro' });
    const away = await t.user('program_admin', null, { name: 'Karl Krank', disabled: true });
    await t.user('moderator', null);
    const { a, m } = await application({
      preferredDates: [
        { date: '2026-11-21', from: '09:00', to: '16:00' },
        { date: '2026-11-28', from: null, to: null },
      ],
      partnerMunicipalityIds: [partner.id],
      contactPhone: '02603 793-0',
      note: 'Gern in der Stadthalle.',
    });
    const jobId = await run('application.submitted', a.id, m.id);
    const payload = { applicationId: a.id, municipalityId: m.id };
    const handlers = createHandlers({ db: t.owner, mailer, config: t.config }).mail!;
    await handlers['application.submitted'](payload, { jobId, attempt: 2, log: silentLogger });
    const files = (await t.mails()).filter((f) => f.startsWith(jobId));
    expect(files.sort()).toEqual([`${jobId}-${admin.id}.eml`, `${jobId}.eml`].sort());
    expect(files).not.toContain(`${jobId}-${away.id}.eml`);

    const receipt = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(receipt.subject).toBe(
      'Eingangsbestätigung Ihrer Werkstatt-Anmeldung: Verbandsgemeinde Bad Ems-Nassau',
    );
    expect(receipt.to).toMatchObject({ value: [{ address: 'p.schaefer@vg-bem.de', name: 'Petra Schäfer' }] });
    expect(receipt.text).toContain(
      'vielen Dank! Die Anmeldung der Verbandsgemeinde Bad Ems-Nassau für eine Werkstatt ist bei uns eingegangen.',
    );
    expect(receipt.text).toContain('Wunschtermin 1: Samstag, 21. November 2026, 09:00–16:00 Uhr');
    expect(receipt.text).toContain('Wunschtermin 2: Samstag, 28. November 2026');
    expect(receipt.text).toContain('Partnerkommunen: Stadt Lahnstein');
    expect(receipt.text).toContain('Erwartete Teilnehmende: 25');
    expect(receipt.text).toContain('Anmerkung: Gern in der Stadthalle.');
    expect(receipt.text).toContain(
      'Das Programmbüro prüft Ihre Wunschtermine und stimmt sie mit den Partnerkommunen ab. Sobald es entschieden hat, erhalten Sie eine E-Mail',
    );
    expect(receipt.replyTo?.value[0]?.address).toBe('digital-werkstatt@agentur.example');

    const notice = await simpleParser(await t.readMail(`${jobId}-${admin.id}.eml`));
    expect(notice.subject).toBe('Neue Werkstatt-Anmeldung: Verbandsgemeinde Bad Ems-Nassau');
    expect(notice.to).toMatchObject({ value: [{ address: admin.email, name: 'Petra Programmbüro' }] });
    expect(notice.text).toContain(
      'die Anmeldung der Verbandsgemeinde Bad Ems-Nassau für eine Werkstatt ist eingegangen und wartet auf Ihre Entscheidung.',
    );
    expect(notice.text).toContain('Ansprechperson: Petra Schäfer, p.schaefer@vg-bem.de, 02603 793-0');
    // The office answers the municipality directly.
    expect(notice.replyTo?.value).toEqual([{ address: 'p.schaefer@vg-bem.de', name: 'Petra Schäfer' }]);
  });

  it('sends nothing once the application was withdrawn', async () => {
    const { a, m } = await application({});
    await t.owner
      .update(workshopApplications)
      .set({ status: 'withdrawn' })
      .where(eq(workshopApplications.id, a.id));
    const jobId = await run('application.submitted', a.id, m.id);
    expect((await t.mails()).filter((f) => f.startsWith(jobId))).toEqual([]);
  });
});
