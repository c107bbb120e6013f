import {
  actionFields,
  createDatabase,
  createPool,
  measureSteps,
  measures,
  outbox,
  programs,
  reviewReminders,
  strategies,
} from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessRunner } from '../src/in-process.js';
import { silentLogger } from '../src/logger.js';
import { relativeDue, reviewReminderMailId } from '../src/mail/review-reminder.js';
import { closeQueues, createProducerConnection, createQueues } from '../src/queues.js';
import { addDays, scanReviewReminders, todayInGermany } from '../src/reminders/scan.js';
import { registerJobSchedulers } from '../src/schedules.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

let t: WorkerTestContext;
let pool: pg.Pool;
const today = todayInGermany();
let programId = '';
let fieldId = '';

beforeAll(async () => {
  t = await createWorkerTestContext({ OUTBOX_POLL_MS: '50' });
  pool = createPool({ connectionString: t.config.DATABASE_URL, max: 1 });
  const [p] = await t.owner
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: 'dw',
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  programId = p!.id;
  const [f] = await t.owner
    .insert(actionFields)
    .values({ programId, key: 'digitale-infrastruktur', title: 'Digitale Infrastruktur' })
    .returning();
  fieldId = f!.id;
});

afterAll(async () => {
  await pool.end();
  await t.close();
});

async function strategyFor(municipalityId: string, nextReviewOn: string | null) {
  await t.owner.insert(strategies).values({
    municipalityId,
    programId,
    title: 'Digitalstrategie 2030 – gemeinsam für Bürgerinnen und Bürger',
    nextReviewOn,
  });
}

async function measureWithSteps(
  municipalityId: string,
  title: string,
  status: 'planned' | 'in_progress' | 'done' | 'dropped',
  steps: { title: string; dueOn: string | null; done?: boolean }[],
) {
  const [m] = await t.owner
    .insert(measures)
    .values({ municipalityId, actionFieldId: fieldId, rank: 1, title, status })
    .returning();
  await t.owner.insert(measureSteps).values(
    steps.map((s, i) => ({
      municipalityId,
      measureId: m!.id,
      title: s.title,
      dueOn: s.dueOn,
      doneAt: s.done ? new Date() : null,
      position: i + 1,
    })),
  );
}

/** Runs every due outbox job in process, as dev mode does. */
async function drainOutbox() {
  const runner = createInProcessRunner({ db: createDatabase(pool), config: t.config, log: silentLogger });
  try {
    while ((await runner.runOnce()) > 0) {}
  } finally {
    await runner.stop();
  }
}

const mailsFor = async (municipalityId: string) =>
  (await t.mails()).filter((f) => f.startsWith(`reminder-${municipalityId}-${today}-`));

describe('review reminders', () => {
  it('words due dates in German', () => {
    expect(relativeDue('2027-03-10', '2027-03-10')).toBe('heute fällig');
    expect(relativeDue('2027-03-10', '2027-03-11')).toBe('morgen fällig');
    expect(relativeDue('2027-03-10', '2027-03-15')).toBe('fällig in 5 Tagen');
    expect(relativeDue('2027-03-10', '2027-03-09')).toBe('seit gestern überfällig');
    expect(relativeDue('2027-03-10', '2027-03-01')).toBe('seit 9 Tagen überfällig');
  });

  it('mails each admin one German digest of the coming review and the due steps, once per day', async () => {
    const m = await t.municipality('Verbandsgemeinde Südliche Weinstraße');
    await strategyFor(m.id, addDays(today, 10));
    await measureWithSteps(m.id, 'Freies WLAN im Bürgerhaus', 'in_progress', [
      { title: 'Angebote für Access Points einholen', dueOn: addDays(today, -2) },
      { title: 'Förderantrag stellen', dueOn: addDays(today, 3) },
      { title: 'Einweihung mit dem Gemeinderat', dueOn: addDays(today, 30) },
      { title: 'Bedarf ermitteln', dueOn: addDays(today, -20), done: true },
    ]);
    await measureWithSteps(m.id, 'Dorf-App (verworfen)', 'dropped', [
      { title: 'Anbieter vergleichen', dueOn: addDays(today, 1) },
    ]);
    const anneliese = await t.user('municipality_admin', m.id, {
      name: 'Anneliese Schäfer',
      email: 'anneliese.schaefer@suew.example',
    });
    const joerg = await t.user('municipality_admin', m.id, { name: 'Jörg Weißmüller' });
    await t.user('municipality_admin', m.id, { name: 'Gesperrt', disabled: true });
    await t.user('municipality_editor', m.id, { name: 'Nur Bearbeitung' });
    // Nothing due: a review far ahead and a step beyond the 7 days.
    const calm = await t.municipality('Ortsgemeinde Ruhetal');
    await strategyFor(calm.id, addDays(today, 60));
    await measureWithSteps(calm.id, 'Digitale Dorfzeitung', 'planned', [
      { title: 'Redaktion finden', dueOn: addDays(today, 8) },
    ]);
    await t.user('municipality_admin', calm.id);

    expect(await scanReviewReminders(t.owner, today)).toEqual({ due: 1, enqueued: 1 });
    // The same day again — a retried job, a second worker, dev polling — enqueues nothing more.
    expect(await scanReviewReminders(t.owner, today)).toEqual({ due: 1, enqueued: 0 });
    const rows = await t.owner.select().from(reviewReminders).where(eq(reviewReminders.municipalityId, m.id));
    expect(rows).toEqual([expect.objectContaining({ remindOn: today })]);
    await drainOutbox();

    expect(await mailsFor(m.id)).toEqual(
      [anneliese.id, joerg.id].map((id) => `${reviewReminderMailId(m.id, today, id)}.eml`).sort(),
    );
    expect(await mailsFor(calm.id)).toEqual([]);

    const mail = await simpleParser(
      await t.readMail(`${reviewReminderMailId(m.id, today, anneliese.id)}.eml`),
    );
    expect(mail.subject).toBe(
      'Erinnerung: Fortschreibung und fällige Schritte – Verbandsgemeinde Südliche Weinstraße',
    );
    expect(mail.to).toMatchObject({
      value: [{ address: 'anneliese.schaefer@suew.example', name: 'Anneliese Schäfer' }],
    });
    const text = mail.text ?? '';
    const de = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
    expect(text).toContain('Guten Tag Anneliese Schäfer,');
    expect(text).toContain(
      `Die Überprüfung der Digitalstrategie „Digitalstrategie 2030 – gemeinsam für Bürgerinnen und Bürger“ ist für den ${de(addDays(today, 10))} vorgesehen (fällig in 10 Tagen).`,
    );
    expect(text).toContain('Diese 2 Umsetzungsschritte sind bald fällig oder überfällig:');
    expect(text).toContain(
      `${de(addDays(today, -2))} (seit 2 Tagen überfällig): Freies WLAN im Bürgerhaus: Angebote für Access Points einholen`,
    );
    expect(text).toContain(
      `${de(addDays(today, 3))} (fällig in 3 Tagen): Freies WLAN im Bürgerhaus: Förderantrag stellen`,
    );
    expect(text).not.toContain('Einweihung');
    expect(text).not.toContain('Bedarf ermitteln');
    expect(text).not.toContain('Anbieter vergleichen');
    expect(text).toContain('Mit freundlichen Grüßen');
    expect(mail.html).toContain('Guten Tag Anneliese Schäfer,');

    // A second scan and run on the same day sends nothing new.
    const before = await t.mails();
    await scanReviewReminders(t.owner, today);
    await drainOutbox();
    expect(await t.mails()).toEqual(before);
    const reminderJobs = await t.owner.select().from(outbox).where(eq(outbox.municipalityId, m.id));
    expect(reminderJobs).toHaveLength(1);
  });

  it('reminds of an overdue review alone, and sends nothing when all was done in between', async () => {
    const overdue = await t.municipality('Stadt Überfällig');
    await strategyFor(overdue.id, addDays(today, -3));
    await t.user('municipality_admin', overdue.id, { name: 'Björn Groß' });
    const finished = await t.municipality('Ortsgemeinde Fleißig');
    await measureWithSteps(finished.id, 'Online-Terminvergabe', 'planned', [
      { title: 'Software auswählen', dueOn: today },
    ]);
    await t.user('municipality_admin', finished.id);

    const result = await scanReviewReminders(t.owner, today);
    expect(result.enqueued).toBe(2);
    // The step is ticked off before the mail job runs: the digest is read fresh and not sent.
    await t.owner
      .update(measureSteps)
      .set({ doneAt: new Date() })
      .where(eq(measureSteps.municipalityId, finished.id));
    await drainOutbox();

    const [file] = await mailsFor(overdue.id);
    const mail = await simpleParser(await t.readMail(file!));
    expect(mail.subject).toBe('Erinnerung: Fortschreibung – Stadt Überfällig');
    expect(mail.text).toContain('(seit 3 Tagen überfällig)');
    expect(mail.text).not.toContain('Umsetzungsschritt');
    expect(await mailsFor(finished.id)).toEqual([]);
  });

  it('registers the daily scan as one BullMQ job scheduler in Europe/Berlin time', async () => {
    const redis = createProducerConnection(t.config.REDIS_URL!, silentLogger);
    const queues = createQueues(redis, t.config.QUEUE_PREFIX, silentLogger);
    try {
      for (let i = 0; i < 2; i++) {
        const schedulers = registerJobSchedulers(queues, {}, silentLogger);
        await schedulers.ready;
      }
      const registered = await queues.reminders.getJobSchedulers();
      expect(registered.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        expect.objectContaining({
          key: 'registration-retention',
          name: 'registrations.retentionScan',
          pattern: '0 3 * * *',
          tz: 'Europe/Berlin',
        }),
        expect.objectContaining({
          key: 'strategy-review-reminders',
          name: 'strategy.reviewScan',
          pattern: '0 7 * * *',
          tz: 'Europe/Berlin',
        }),
        expect.objectContaining({
          key: 'webhook-retention',
          name: 'webhooks.retentionScan',
          pattern: '30 3 * * *',
          tz: 'Europe/Berlin',
        }),
      ]);
    } finally {
      await closeQueues(queues);
      await redis.quit();
    }
  });
});
