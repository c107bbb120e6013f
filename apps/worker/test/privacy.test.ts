import { createHash } from 'node:crypto';
import {
  auditEvents,
  idempotencyKeys,
  outbox,
  programs,
  registrations,
  workshopMunicipalities,
  workshops,
} from '@werkstatt/db';
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { runRetentionScan } from '../src/privacy/retention.js';
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
      slug: 'dw-privacy',
      startsOn: '2026-01-01',
      eligibleKinds: ['stadt'],
    })
    .returning();
  programId = program!.id;
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

async function workshop(startsAt: Date, capacity = 30) {
  const m = await t.municipality('Stadt Bad Ems');
  const [w] = await t.owner
    .insert(workshops)
    .values({
      programId,
      municipalityId: m.id,
      municipalityIds: [m.id],
      title: 'Digital-Werkstatt Lahn',
      format: 'onsite',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * 3_600_000),
      venueName: 'Kurhaus',
      capacity,
      status: 'published',
    })
    .returning();
  await t.owner.insert(workshopMunicipalities).values({ workshopId: w!.id, municipalityId: m.id });
  return { w: w!, m };
}

async function person(
  workshopId: string,
  municipalityId: string,
  values: Partial<typeof registrations.$inferInsert>,
) {
  const [r] = await t.owner
    .insert(registrations)
    .values({
      workshopId,
      municipalityId,
      firstName: 'Käthe',
      lastName: 'Schröder',
      email: `kaethe-${Math.random().toString(36).slice(2)}@example.org`,
      role: 'citizen',
      status: 'confirmed',
      ...values,
    })
    .returning();
  return r!;
}

const handlers = () => createHandlers({ db: t.owner, mailer, config: t.config });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tokenIn = (text: string, path: string) => {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  return match?.[1];
};
const rowOf = async (id: string) =>
  (await t.owner.select().from(registrations).where(eq(registrations.id, id)))[0]!;

describe('personal links in e-mails', () => {
  it('mails an invitee the confirmation link in German and stores only its hash, the same on a retry', async () => {
    const { w, m } = await workshop(new Date('2031-03-01T08:00:00Z'));
    const r = await person(w.id, m.id, { status: 'pending', invitationId: w.id });
    const payload = { registrationId: r.id, municipalityId: m.id };
    const jobId = await t.enqueue({ queue: 'mail', name: 'registration.optIn', payload });
    await handlers().mail!['registration.optIn'](payload, { jobId, attempt: 1, log: silentLogger });
    const mail = await simpleParser(await t.readMail(`${jobId}.eml`));
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung: Digital-Werkstatt Lahn');
    expect(mail.text).toContain('Guten Tag Käthe Schröder,');
    expect(mail.text).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse innerhalb von 48 Stunden');
    const token = tokenIn(mail.text ?? '', 'anmeldung/bestaetigen');
    expect(token).toBeDefined();
    const stored = (await rowOf(r.id)).confirmTokenHash;
    expect(stored).toBe(sha256(token!));

    await handlers().mail!['registration.optIn'](payload, {
      jobId: `${jobId}-retry`,
      attempt: 2,
      log: silentLogger,
    });
    const retry = await simpleParser(await t.readMail(`${jobId}-retry.eml`));
    expect(tokenIn(retry.text ?? '', 'anmeldung/bestaetigen')).toBe(token);
    expect((await rowOf(r.id)).confirmTokenHash).toBe(stored);
  });

  it('gives every participant a personal cancel link in the confirmation, whoever registered them', async () => {
    const { w, m } = await workshop(new Date('2031-03-02T08:00:00Z'));
    const invitee = await person(w.id, m.id, { invitationId: w.id });
    const staffRegistered = await person(w.id, m.id, {});
    const mailOf = async (id: string) => {
      const payload = { registrationId: id, municipalityId: m.id };
      const jobId = await t.enqueue({ queue: 'mail', name: 'registration.confirmed', payload });
      await handlers().mail!['registration.confirmed'](payload, { jobId, attempt: 1, log: silentLogger });
      return simpleParser(await t.readMail(`${jobId}.eml`));
    };
    for (const r of [invitee, staffRegistered]) {
      const mail = await mailOf(r.id);
      const token = tokenIn(mail.text ?? '', 'anmeldung/absagen');
      expect(mail.text).toContain('sagen Sie bitte über Ihren persönlichen Link ab');
      expect((await rowOf(r.id)).cancelTokenHash).toBe(sha256(token!));
    }
  });

  it('writes no link secret to the log, at any level', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const { w, m } = await workshop(new Date('2031-03-04T08:00:00Z'));
    const r = await person(w.id, m.id, { status: 'pending', invitationId: w.id });
    const payload = { registrationId: r.id, municipalityId: m.id };
    const optIn = await t.enqueue({ queue: 'mail', name: 'registration.optIn', payload });
    await handlers().mail!['registration.optIn'](payload, { jobId: optIn, attempt: 1, log });
    await t.owner.update(registrations).set({ status: 'confirmed' }).where(eq(registrations.id, r.id));
    const confirmed = await t.enqueue({ queue: 'mail', name: 'registration.confirmed', payload });
    await handlers().mail!['registration.confirmed'](payload, { jobId: confirmed, attempt: 1, log });
    const confirmToken = tokenIn(
      (await simpleParser(await t.readMail(`${optIn}.eml`))).text ?? '',
      'anmeldung/bestaetigen',
    );
    const cancelToken = tokenIn(
      (await simpleParser(await t.readMail(`${confirmed}.eml`))).text ?? '',
      'anmeldung/absagen',
    );
    expect(confirmToken).toBeDefined();
    expect(cancelToken).toBeDefined();
    const text = lines.join('');
    expect(text).toContain('opt-in mail');
    expect(text).toContain('registration mail');
    expect(text).not.toContain(confirmToken!);
    expect(text).not.toContain(cancelToken!);
  });

  it('sends no opt-in mail once the registration is confirmed', async () => {
    const { w, m } = await workshop(new Date('2031-03-03T08:00:00Z'));
    const r = await person(w.id, m.id, { invitationId: w.id });
    const payload = { registrationId: r.id, municipalityId: m.id };
    const jobId = await t.enqueue({ queue: 'mail', name: 'registration.optIn', payload });
    await handlers().mail!['registration.optIn'](payload, { jobId, attempt: 1, log: silentLogger });
    await expect(t.readMail(`${jobId}.eml`)).rejects.toThrow();
    expect((await rowOf(r.id)).confirmTokenHash).toBeNull();
  });
});

describe('retention scan (DSGVO)', () => {
  it('anonymises registrations of workshops past the retention period, ends stale pending ones, and is idempotent', async () => {
    // The other tests' workshops lie in the future and their registrations are fresh: untouched here.
    const now = new Date();
    const old = await workshop(new Date(now.getTime() - 120 * 86_400_000), 1);
    const recent = await workshop(new Date(now.getTime() - 10 * 86_400_000));
    const oldConfirmed = await person(old.w.id, old.m.id, { note: 'vegetarisch', cancelTokenHash: 'abc' });
    const oldWaitlisted = await person(old.w.id, old.m.id, { status: 'waitlisted', waitlistPosition: 1 });
    await t.owner
      .update(workshops)
      .set({ confirmedCount: 1, waitlistCount: 1 })
      .where(eq(workshops.id, old.w.id));
    const recentConfirmed = await person(recent.w.id, recent.m.id, {});
    const stalePending = await person(recent.w.id, recent.m.id, {
      status: 'pending',
      createdAt: new Date(now.getTime() - 49 * 3_600_000),
    });
    const freshPending = await person(recent.w.id, recent.m.id, {
      status: 'pending',
      createdAt: new Date(now.getTime() - 3_600_000),
    });

    const first = await runRetentionScan(t.owner, 90, now);
    expect(first).toEqual({ anonymized: 2, expired: 1 });
    const a = await rowOf(oldConfirmed.id);
    expect(a).toMatchObject({
      firstName: 'Gelöscht',
      lastName: 'Gelöscht',
      email: `geloescht-${a.id}@anonymisiert.invalid`,
      note: '',
      cancelTokenHash: null,
      status: 'confirmed',
      anonymizedAt: now,
    });
    expect(await rowOf(oldWaitlisted.id)).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
      firstName: 'Gelöscht',
    });
    expect(await rowOf(stalePending.id)).toMatchObject({
      status: 'cancelled',
      firstName: 'Gelöscht',
      anonymizedAt: now,
    });
    expect(await rowOf(recentConfirmed.id)).toMatchObject({ firstName: 'Käthe', anonymizedAt: null });
    expect(await rowOf(freshPending.id)).toMatchObject({ status: 'pending', anonymizedAt: null });
    const [counts] = await t.owner.select().from(workshops).where(eq(workshops.id, old.w.id));
    expect(counts).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });

    const events = await t.owner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'registration'), eq(auditEvents.actorType, 'system')));
    expect(events.filter((e) => e.entityId === oldConfirmed.id)).toEqual([
      expect.objectContaining({
        action: 'registration.anonymized',
        after: { anonymized: true, status: 'confirmed' },
      }),
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Käthe|Schröder|vegetarisch/);

    expect(await runRetentionScan(t.owner, 90, now)).toEqual({ anonymized: 0, expired: 0 });
    // A shorter retention period reaches the recent workshop too.
    const shorter = await runRetentionScan(t.owner, 1, now);
    // The workshop is over, so its still-unconfirmed registration ends as well.
    expect(shorter).toEqual({ anonymized: 1, expired: 1 });
    const [{ left }] = (
      await t.owner.execute<{ left: number }>(
        sql`select count(*)::int as left from registrations where workshop_id = ${recent.w.id} and anonymized_at is null`,
      )
    ).rows as [{ left: number }];
    expect(left).toBe(0);
  });

  it('runs as the scheduled job with the configured retention', async () => {
    const { w, m } = await workshop(new Date('2020-01-01T08:00:00Z'));
    const r = await person(w.id, m.id, {});
    await handlers().reminders!['registrations.retentionScan'](
      { municipalityId: null },
      { jobId: 'retention-test', attempt: 1, log: silentLogger },
    );
    expect((await rowOf(r.id)).anonymizedAt).not.toBeNull();
  });
});

describe('erasure removes the mails the file transport wrote', () => {
  const run = (jobId: string) => ({ jobId, attempt: 1, log: silentLogger });

  it('an erased registration loses its mails, also when the retention scan erased it; others stay', async () => {
    const { w, m } = await workshop(new Date('2031-04-01T08:00:00Z'));
    const erased = await person(w.id, m.id, { status: 'pending', invitationId: w.id });
    const kept = await person(w.id, m.id, { status: 'pending', invitationId: w.id });
    const optIn = async (registrationId: string) => {
      const payload = { registrationId, municipalityId: m.id };
      const jobId = await t.enqueue({ queue: 'mail', name: 'registration.optIn', payload });
      await handlers().mail!['registration.optIn'](payload, run(jobId));
      return `${jobId}.eml`;
    };
    const erasedMail = await optIn(erased.id);
    const keptMail = await optIn(kept.id);
    expect(await t.mails()).toEqual(expect.arrayContaining([erasedMail, keptMail]));

    const payload = { registrationId: erased.id, municipalityId: m.id };
    await handlers().mail!['registration.erased'](payload, run('erase-registration'));
    expect(await t.mails()).not.toContain(erasedMail);
    expect(await t.mails()).toContain(keptMail);
    // Erasing again finds nothing left and succeeds.
    await handlers().mail!['registration.erased'](payload, run('erase-registration-again'));

    // The retention scan erases the other one and enqueues the same job for it.
    const old = await workshop(new Date('2020-02-01T08:00:00Z'));
    const expired = await person(old.w.id, old.m.id, {});
    await runRetentionScan(t.owner, 90, new Date('2020-06-01T00:00:00Z'));
    const jobs = await t.owner
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(
        sql`${outbox.jobName} = 'registration.erased' and ${outbox.payload}->>'registrationId' = ${expired.id}`,
      );
    expect(jobs).toEqual([{ payload: { registrationId: expired.id, municipalityId: old.m.id } }]);
  });

  it('a deleted user loses their mails and the stored responses holding their name or address', async () => {
    const m = await t.municipality('Stadt Nassau');
    const user = await t.user('municipality_editor', m.id);
    const other = await t.user('municipality_editor', m.id);
    const welcome = async (userId: string) => {
      const payload = { userId, municipalityId: m.id };
      const jobId = await t.enqueue({ queue: 'mail', name: 'user.welcome', payload });
      await handlers().mail!['user.welcome'](payload, run(jobId));
      return `${jobId}.eml`;
    };
    const userMail = await welcome(user.id);
    const otherMail = await welcome(other.id);
    const stored = (actorKey: string, location: string) => ({
      actorKey,
      key: Math.random().toString(36).slice(2),
      municipalityId: m.id,
      method: 'POST',
      path: '/v1/users',
      requestHash: 'h',
      state: 'completed' as const,
      responseStatus: 201,
      responseHeaders: { location },
      responseBody: '{}',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await t.owner
      .insert(idempotencyKeys)
      .values([
        stored('user:creator', `/v1/users/${user.id}`),
        stored(`user:${user.id}`, '/v1/ideas/x'),
        stored('user:creator', `/v1/users/${other.id}`),
      ]);

    await handlers().mail!['user.erased']({ userId: user.id, municipalityId: m.id }, run('erase-user'));

    expect(await t.mails()).not.toContain(userMail);
    expect(await t.mails()).toContain(otherMail);
    const left = await t.owner.select({ location: idempotencyKeys.responseHeaders }).from(idempotencyKeys);
    expect(left).toEqual([{ location: { location: `/v1/users/${other.id}` } }]);
  });
});
