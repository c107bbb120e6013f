import { documents, registrations, workshopMunicipalities, workshops } from '@werkstatt/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRender } from '../src/documents/render-document.data.js';
import { silentLogger } from '../src/logger.js';
import { createMailer, createMemorySentMailLog, type Mailer } from '../src/mail/mailer.js';
import { listActiveAdmins } from '../src/mail/review-reminder.data.js';
import { findWelcomeRecipient } from '../src/mail/welcome.data.js';
import { findRegistration, storeLinkHash } from '../src/mail/workshops.data.js';
import { createHandlers } from '../src/registry.js';
import { jobScope } from '../src/scope.js';
import { seedDocument, seedStrategyVersion } from '../src/testing/index.js';
import { createWorkerTestContext, type WorkerTestContext } from './support/harness.js';

// A job for one municipality runs in its tenant scope: even a query that names another
// municipality's rows outright (no filter of its own to stop it) reads and changes nothing of them.

let t: WorkerTestContext;
let mailer: Mailer;
let a: string;
let b: string;
let adminOfB: string;
let registrationOfB: string;
let documentOfB: string;
let workshopId: string;
let registrationOfA: string;

beforeAll(async () => {
  t = await createWorkerTestContext();
  mailer = createMailer(t.config, createMemorySentMailLog());
  a = (await t.municipality('Ortsgemeinde Ahornweiler')).id;
  const version = await seedStrategyVersion(t.owner, { municipalityName: 'Ortsgemeinde Birkenbach' });
  b = version.municipalityId;
  documentOfB = await seedDocument(t.owner, version);
  adminOfB = (await t.user('municipality_admin', b)).id;
  const [w] = await t.owner
    .insert(workshops)
    .values({
      programId: version.program.id,
      municipalityId: b,
      municipalityIds: [b, a],
      title: 'Digital-Werkstatt Birkenbach',
      format: 'online',
      onlineUrl: 'https://meet.example/werkstatt',
      startsAt: new Date('2026-11-21T08:00:00Z'),
      endsAt: new Date('2026-11-21T16:00:00Z'),
      capacity: 30,
      status: 'published',
    })
    .returning();
  workshopId = w!.id;
  // A workshop B hosts and A takes part in: each has its own participant.
  await t.owner.insert(workshopMunicipalities).values([
    { workshopId, municipalityId: b },
    { workshopId, municipalityId: a },
  ]);
  const participant = async (municipalityId: string, firstName: string, mailbox: string) => {
    const [r] = await t.owner
      .insert(registrations)
      .values({
        workshopId,
        municipalityId,
        firstName,
        lastName: 'Weißmüller',
        email: `${mailbox}@example.org`,
        role: 'politics',
        status: 'confirmed',
      })
      .returning();
    return r!.id;
  };
  registrationOfB = await participant(b, 'Jürgen', 'juergen');
  registrationOfA = await participant(a, 'Ilse', 'ilse');
});

afterAll(async () => {
  await mailer.close();
  await t.close();
});

describe('a job in one municipality’s tenant scope', () => {
  it('reads none of another municipality’s rows, even asked for them by id and municipality', async () => {
    const read = (municipalityId: string) =>
      jobScope(t.owner, municipalityId).transaction(async (tx) => ({
        user: await findWelcomeRecipient(tx, adminOfB, b),
        admins: await listActiveAdmins(tx, b),
        registration: await findRegistration(tx, registrationOfB, b),
      }));
    const inA = await read(a);
    expect(inA).toEqual({ user: undefined, admins: [], registration: undefined });
    // The same reads in B's own scope find the rows: it is the scope that hid them.
    const inB = await read(b);
    expect(inB.user?.municipalityName).toBe('Ortsgemeinde Birkenbach');
    expect(inB.admins.map((u) => u.id)).toEqual([adminOfB]);
    expect(inB.registration?.r.id).toBe(registrationOfB);
  });

  it('changes none of another municipality’s rows', async () => {
    const tookLink = await jobScope(t.owner, a).transaction((tx) =>
      storeLinkHash(tx, registrationOfB, 'cancel', 'hash-from-the-wrong-scope'),
    );
    expect(tookLink).toBe(false);
    const rendering = await jobScope(t.owner, a).transaction((tx) => startRender(tx, documentOfB, b));
    expect(rendering).toBeNull();
    const [r] = await t.owner.select().from(registrations).where(eq(registrations.id, registrationOfB));
    expect(r!.cancelTokenHash).toBeNull();
    const [d] = await t.owner.select().from(documents).where(eq(documents.id, documentOfB));
    expect(d!.status).toBe('queued');
  });

  it('a handler given another municipality’s ids sends and renders nothing', async () => {
    const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
    const log = silentLogger;
    const mailPayload = { registrationId: registrationOfB, municipalityId: a };
    const mailJob = await t.enqueue({ queue: 'mail', name: 'registration.confirmed', payload: mailPayload });
    await handlers.mail!['registration.confirmed'](mailPayload, { jobId: mailJob, attempt: 1, log });
    const welcome = { userId: adminOfB, municipalityId: a };
    const welcomeJob = await t.enqueue({ queue: 'mail', name: 'user.welcome', payload: welcome });
    await handlers.mail!['user.welcome'](welcome, { jobId: welcomeJob, attempt: 1, log });
    expect(await t.mails()).toEqual([]);
    const render = { documentId: documentOfB, municipalityId: a };
    const renderJob = await t.enqueue({ queue: 'documents', name: 'document.render', payload: render });
    await handlers.documents!['document.render'](render, { jobId: renderJob, attempt: 1, log });
    const [d] = await t.owner.select().from(documents).where(eq(documents.id, documentOfB));
    expect(d!.status).toBe('queued');
  });

  it('a workshop mail reaches the participants of every municipality, each read in its own scope', async () => {
    const handlers = createHandlers({ db: t.owner, mailer, config: t.config });
    const payload = { workshopId, municipalityId: null };
    const jobId = await t.enqueue({ queue: 'mail', name: 'workshop.changed', payload });
    await handlers.mail!['workshop.changed'](payload, { jobId, attempt: 1, log: silentLogger });
    expect((await t.mails()).sort()).toEqual(
      [`${jobId}-${registrationOfA}.eml`, `${jobId}-${registrationOfB}.eml`].sort(),
    );
    const toA = (await t.readMail(`${jobId}-${registrationOfA}.eml`)).toString('utf8');
    expect(toA).toContain('Ortsgemeinde Ahornweiler');
    expect(toA).toContain('ilse@example.org');
    expect(toA).not.toContain('juergen@example.org');
  });
});
