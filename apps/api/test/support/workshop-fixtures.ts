import { programs } from '@werkstatt/db';
import type { Harness, TestUser } from './harness.js';

export interface WorkshopWorld {
  programId: string;
  admin: TestUser;
}

let programSeq = 0;

/** A program (3 municipalities, 30 participants, Verbandsgemeinden and Städte) and its admin. */
export async function workshopWorld(h: Harness): Promise<WorkshopWorld> {
  const [program] = await h.owner
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: `digital-werkstatt-${programSeq++}-${Date.now().toString(36)}`,
      startsOn: '2026-01-01',
      eligibleKinds: ['verbandsgemeinde', 'stadt'],
    })
    .returning();
  return { programId: program!.id, admin: await h.user('program_admin') };
}

let dayOffset = 0;

/** A day in the future no other fixture workshop uses, as [start, end] 09:00–17:00 Berlin (CET). */
export function freshDay(): { startsAt: string; endsAt: string } {
  const d = new Date(Date.UTC(2031, 0, 5 + dayOffset++));
  const day = d.toISOString().slice(0, 10);
  return { startsAt: `${day}T09:00:00+01:00`, endsAt: `${day}T17:00:00+01:00` };
}

export const venue = {
  name: 'Bürgerhaus Nassau',
  street: 'Bahnhofstraße 12',
  postalCode: '56377',
  city: 'Nassau',
};

export interface WorkshopBody {
  [key: string]: unknown;
}

/** Creates a workshop through the API as the program admin; published unless told otherwise. */
export async function createWorkshop(
  h: Harness,
  w: WorkshopWorld,
  municipalityIds: string[],
  overrides: WorkshopBody = {},
): Promise<{ id: string; [key: string]: unknown }> {
  const res = await h.request({
    method: 'POST',
    url: '/v1/workshops',
    token: w.admin.token,
    payload: {
      programId: w.programId,
      title: 'Digital-Werkstatt an der Lahn',
      format: 'onsite',
      ...freshDay(),
      venue,
      municipalities: municipalityIds.map((municipalityId) => ({ municipalityId })),
      status: 'published',
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`createWorkshop: ${res.statusCode} ${res.body}`);
  return res.json();
}

export const participant = (n: number, extra: Record<string, unknown> = {}) => ({
  firstName: `Teilnehmerin ${n}`,
  lastName: 'Müller',
  email: `teilnehmerin-${n}@example.org`,
  role: 'administration',
  ...extra,
});
