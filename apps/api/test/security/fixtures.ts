import { createHash } from 'node:crypto';
import {
  actionFields,
  auditEvents,
  documentContents,
  documents,
  programs,
  strategies,
  webhookDeliveries,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { shieldPng } from '@werkstatt/strategy-pdf/fixtures';
import { eq } from 'drizzle-orm';
import type { Harness, TestKey, TestUser } from '../support/harness.js';

/**
 * Actors the matrix runs every route with. "a_*" belong to municipality A; B is the foreign tenant.
 * One API key per kind of scope set: public:read; municipality:read; municipality:read with
 * personal:read; municipality:read and municipality:write (bound to A), and unbound keys of the
 * program office with municipality:read, without and with personal:read.
 */
export const actorNames = [
  'program_admin',
  'moderator',
  'a_admin',
  'a_editor',
  'a_viewer',
  'key_public',
  'key_a_read',
  'key_a_personal',
  'key_a_write',
  'key_platform_read',
  'key_platform_personal',
] as const;
export type ActorName = (typeof actorNames)[number];

export const municipalityAActors: ActorName[] = [
  'a_admin',
  'a_editor',
  'a_viewer',
  'key_a_read',
  'key_a_personal',
  'key_a_write',
];

export interface TenantResources {
  municipality: { id: string; name: string; slug: string };
  admin: TestUser;
  key: TestKey;
  auditEventId: string;
  /** The municipality's strategy and one of each of its parts, made through the API. */
  strategy: { ideaId: string; measureId: string; stepId: string; versionId: string; documentId: string };
  /** A published workshop of this municipality alone (the matrix moderator assigned) and one participant. */
  workshop: { id: string; registrationId: string; invitationId: string };
  /** A pending workshop application of this municipality, made by its admin. */
  application: { id: string };
  /** A webhook subscription of this municipality with one delivery, written as the owner. */
  webhook: { id: string; deliveryId: string };
}

export interface MatrixFixtures {
  tokens: Record<ActorName, string>;
  a: TenantResources;
  b: TenantResources;
  /** A third municipality with a strategy, deleted by the program admin: out of use. */
  deleted: TenantResources;
  program: { id: string };
  actionField: { id: string };
}

async function tenant(
  h: Harness,
  name: string,
): Promise<TenantResources & { editor: TestUser; viewer: TestUser }> {
  const m = await h.municipality({ name });
  const admin = await h.user('municipality_admin', m.id, { name: `Admin ${name}` });
  const editor = await h.user('municipality_editor', m.id);
  const viewer = await h.user('municipality_viewer', m.id);
  const key = await h.apiKey(['municipality:read', 'municipality:write'], m.id);
  const [event] = await h.owner
    .insert(auditEvents)
    .values({
      actorType: 'user',
      actorId: admin.id,
      municipalityId: m.id,
      action: 'fixture.created',
      entityType: 'user',
      entityId: admin.id,
    })
    .returning();
  const [subscription] = await h.owner
    .insert(webhookSubscriptions)
    .values({
      municipalityId: m.id,
      url: 'https://93.184.215.14/hooks/matrix',
      events: ['measure.updated'],
      secretCiphertext: 'v1.fixture.fixture.fixture',
    })
    .returning();
  const [webhookEvent] = await h.owner
    .insert(webhookEvents)
    .values({
      type: 'measure.updated',
      municipalityIds: [m.id],
      payload: { type: 'measure.updated', timestamp: new Date().toISOString(), data: {} },
    })
    .returning();
  const [delivery] = await h.owner
    .insert(webhookDeliveries)
    .values({
      eventId: webhookEvent!.id,
      subscriptionId: subscription!.id,
      municipalityId: m.id,
      status: 'failed',
    })
    .returning();
  return {
    municipality: m,
    admin,
    editor,
    viewer,
    key,
    auditEventId: event!.id,
    strategy: { ideaId: '', measureId: '', stepId: '', versionId: '', documentId: '' },
    workshop: { id: '', registrationId: '', invitationId: '' },
    application: { id: '' },
    webhook: { id: subscription!.id, deliveryId: delivery!.id },
  };
}

/** A pending application of the municipality, made by its admin through the API. */
async function buildApplication(h: Harness, t: TenantResources, programId: string) {
  const res = await h.request({
    method: 'POST',
    url: '/v1/workshop-applications',
    token: t.admin.token,
    payload: {
      programId,
      preferredDates: [{ date: '2031-06-02' }],
      expectedParticipants: 20,
      contact: { name: `Kontakt ${t.municipality.name}`, email: `kontakt-${t.municipality.id}@example.org` },
    },
  });
  if (res.statusCode !== 201) throw new Error(`POST application: ${res.statusCode} ${res.body}`);
  t.application = { id: (res.json() as { id: string }).id };
}

/** A workshop for one municipality with one registered participant, through the API. */
async function buildWorkshop(
  h: Harness,
  token: string,
  t: TenantResources,
  programId: string,
  moderatorId: string,
  day: string,
) {
  const post = async (url: string, payload: object) => {
    const res = await h.request({ method: 'POST', url, token, payload });
    if (res.statusCode >= 300) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  const workshop = await post('/v1/workshops', {
    programId,
    title: `Werkstatt ${t.municipality.name}`,
    format: 'online',
    onlineUrl: 'https://meet.example.org/matrix',
    startsAt: `${day}T09:00:00+01:00`,
    endsAt: `${day}T17:00:00+01:00`,
    municipalities: [{ municipalityId: t.municipality.id }],
    moderatorIds: [moderatorId],
    status: 'published',
  });
  const registration = await post(`/v1/workshops/${workshop.id}/registrations`, {
    firstName: 'Hildegard',
    lastName: `Schäfer ${t.municipality.name}`,
    email: `teilnahme-${t.municipality.id}@example.org`,
    role: 'politics',
  });
  const invitation = await post(`/v1/workshops/${workshop.id}/invitations`, {
    municipalityId: t.municipality.id,
  });
  t.workshop = { id: workshop.id, registrationId: registration.id, invitationId: invitation.id };
}

/** Builds a small strategy for a municipality through the API, as the program admin. */
async function buildStrategy(
  h: Harness,
  token: string,
  t: TenantResources,
  programId: string,
  fieldId: string,
) {
  const base = `/v1/municipalities/${t.municipality.id}`;
  const post = async (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') => {
    const res = await h.request({ method, url: `${base}${url}`, token, payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  await post(
    '/strategy',
    {
      programId,
      title: `Digitalstrategie ${t.municipality.name}`,
      fields: [
        { actionFieldId: fieldId, goal: 'Glasfaser für alle Ortsteile', maturityNow: 1, maturityTarget: 3 },
      ],
    },
    'PUT',
  );
  const idea = await post('/ideas', { title: `Idee von ${t.municipality.name}`, actionFieldId: fieldId });
  const measure = await post('/measures', {
    title: `Maßnahme von ${t.municipality.name}`,
    actionFieldId: fieldId,
  });
  const step = await post(`/measures/${measure.id}/steps`, { title: 'Angebote einholen' });
  const logo = await h.request({
    method: 'PUT',
    url: `${base}/strategy/logo`,
    token,
    headers: { 'content-type': 'image/png' },
    payload: Buffer.from(shieldPng()),
  });
  if (logo.statusCode !== 200) throw new Error(`PUT /strategy/logo: ${logo.statusCode} ${logo.body}`);
  const version = await post('/strategy/versions', { label: 'Ergebnis der Werkstatt' });
  const document = await post(`/strategy/versions/${version.id}/documents`, {});
  // Rendered as the worker would store it, so the content route has something to serve.
  const pdf = Buffer.from('%PDF-1.7 matrix fixture');
  await h.owner
    .insert(documentContents)
    .values({ documentId: document.id, municipalityId: t.municipality.id, content: pdf });
  await h.owner
    .update(documents)
    .set({
      status: 'ready',
      progress: 100,
      pageCount: 1,
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
    .where(eq(documents.id, document.id));
  t.strategy = {
    ideaId: idea.id,
    measureId: measure.id,
    stepId: step.id,
    versionId: version.id,
    documentId: document.id,
  };
}

export async function createMatrixFixtures(h: Harness): Promise<MatrixFixtures> {
  const a = await tenant(h, 'Verbandsgemeinde Alpha-Tal');
  const b = await tenant(h, 'Verbandsgemeinde Beta-Höhe');
  const deleted = await tenant(h, 'Verbandsgemeinde Gamma-Grund');
  const [program] = await h.owner
    .insert(programs)
    .values({
      name: 'Matrix-Programm',
      slug: 'matrix-programm',
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  const [field] = await h.owner
    .insert(actionFields)
    .values({ programId: program!.id, key: 'digitale-infrastruktur', title: 'Digitale Infrastruktur' })
    .returning();
  const programAdmin = await h.user('program_admin');
  for (const t of [a, b, deleted]) await buildStrategy(h, programAdmin.token, t, program!.id, field!.id);
  // A published its strategy (public:read keys read it), B keeps its own private.
  await h.owner
    .update(strategies)
    .set({ visibility: 'public' })
    .where(eq(strategies.municipalityId, a.municipality.id));
  const removal = await h.request({
    method: 'DELETE',
    url: `/v1/municipalities/${deleted.municipality.id}`,
    token: programAdmin.token,
  });
  if (removal.statusCode !== 204)
    throw new Error(`DELETE municipality: ${removal.statusCode} ${removal.body}`);
  const moderator = await h.user('moderator');
  await buildWorkshop(h, programAdmin.token, a, program!.id, moderator.id, '2031-03-03');
  await buildWorkshop(h, programAdmin.token, b, program!.id, moderator.id, '2031-03-04');
  for (const t of [a, b]) await buildApplication(h, t, program!.id);
  const keyAReadOnly = await h.apiKey(['municipality:read'], a.municipality.id);
  const keyPublic = await h.apiKey(['public:read']);
  const keyPlatformRead = await h.apiKey(['municipality:read']);
  const keyAPersonal = await h.apiKey(['municipality:read', 'personal:read'], a.municipality.id);
  const keyPlatformPersonal = await h.apiKey(['municipality:read', 'personal:read']);
  return {
    tokens: {
      program_admin: programAdmin.token,
      moderator: moderator.token,
      a_admin: a.admin.token,
      a_editor: a.editor.token,
      a_viewer: a.viewer.token,
      key_public: keyPublic.key,
      key_a_read: keyAReadOnly.key,
      key_a_personal: keyAPersonal.key,
      key_a_write: a.key.key,
      key_platform_read: keyPlatformRead.key,
      key_platform_personal: keyPlatformPersonal.key,
    },
    a,
    b,
    deleted,
    program: { id: program!.id },
    actionField: { id: field!.id },
  };
}
