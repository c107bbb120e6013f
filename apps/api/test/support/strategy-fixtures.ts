import { randomBytes } from 'node:crypto';
import { actionFields, programs } from '@werkstatt/db';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Harness, TestKey, TestUser } from './harness.js';

export interface TestProgram {
  id: string;
  fields: { id: string; key: string; title: string }[];
}

const fieldTitles = [
  'Digitale Infrastruktur',
  'Bildung und Jugend',
  'Kommunale Wirtschaft',
  'Tourismus',
  'Silberne Gesellschaft',
  'Arbeit und Soziales',
  'Kommunale Verwaltung',
  'Dorf- und Stadtentwicklung',
  'Alltagsleben',
];

/** A program with its action-field catalog, written as the owner. */
export async function createProgram(h: Harness, fieldCount = 4): Promise<TestProgram> {
  const suffix = randomBytes(4).toString('hex');
  const [program] = await h.owner
    .insert(programs)
    .values({
      name: `Digital-Werkstatt ${suffix}`,
      slug: `dw-${suffix}`,
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  const fields = await h.owner
    .insert(actionFields)
    .values(
      fieldTitles.slice(0, fieldCount).map((title, i) => ({
        programId: program!.id,
        key: `feld-${i + 1}`,
        title,
        sortOrder: i + 1,
      })),
    )
    .returning();
  return { id: program!.id, fields: fields.map((f) => ({ id: f.id, key: f.key, title: f.title })) };
}

/** Everyone who may knock on a municipality's door: the program office, its users, keys, and outsiders. */
export interface Actors {
  programAdmin: TestUser;
  moderator: TestUser;
  admin: TestUser;
  editor: TestUser;
  viewer: TestUser;
  readKey: TestKey;
  writeKey: TestKey;
  publicKey: TestKey;
  platformReadKey: TestKey;
  foreignAdmin: TestUser;
  foreignWriteKey: TestKey;
}

export async function createActors(h: Harness, municipalityId: string, foreignId: string): Promise<Actors> {
  return {
    programAdmin: await h.user('program_admin'),
    moderator: await h.user('moderator'),
    admin: await h.user('municipality_admin', municipalityId),
    editor: await h.user('municipality_editor', municipalityId),
    viewer: await h.user('municipality_viewer', municipalityId),
    readKey: await h.apiKey(['municipality:read'], municipalityId),
    writeKey: await h.apiKey(['municipality:write'], municipalityId),
    publicKey: await h.apiKey(['public:read'], municipalityId),
    platformReadKey: await h.apiKey(['municipality:read'], null),
    foreignAdmin: await h.user('municipality_admin', foreignId),
    foreignWriteKey: await h.apiKey(['municipality:write'], foreignId),
  };
}

export const tokenOf = (a: TestUser | TestKey): string => ('token' in a ? a.token : a.key);

/** A 404 problem that tells nothing about the resource asked for. */
export function expectOpaqueNotFound(res: LightMyRequestResponse, ...secrets: string[]): void {
  expect(res.statusCode).toBe(404);
  const body = res.json();
  expect(body.code).toBe('not_found');
  expect(body).not.toHaveProperty('current');
  for (const secret of secrets) expect(res.body).not.toContain(secret);
}

export const strategyBody = (programId: string, fieldIds: string[], extra: Record<string, unknown> = {}) => ({
  programId,
  title: 'Digitalstrategie Musterstadt',
  vision: '# Unsere Vision\n\nDie Gemeinde ist **digital** und bürgernah.',
  fields: fieldIds.map((actionFieldId, i) => ({
    actionFieldId,
    goal: `Ziel ${i + 1}: schneller, einfacher, näher`,
    maturityNow: 1,
    maturityTarget: 3,
  })),
  ...extra,
});

/** PUT of the strategy through the API, with If-Match when given. */
export async function putStrategy(
  h: Harness,
  token: string,
  municipalityId: string,
  body: Record<string, unknown>,
  ifMatch?: string,
): Promise<LightMyRequestResponse> {
  return h.request({
    method: 'PUT',
    url: `/v1/municipalities/${municipalityId}/strategy`,
    token,
    payload: body,
    ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
  });
}
