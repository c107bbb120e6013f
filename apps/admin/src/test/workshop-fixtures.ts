import type { Schema } from '@werkstatt/api-client';

/** Test data shaped like the API's answers for a workshop and its participants. */
export const WORKSHOP_ID = '0190f1c2-7a1b-7cde-8f00-000000000001';
export const WONNEGAU = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
export const EICH = '0190f1c2-7a1b-7cde-8f00-0000000000a2';

let next = 1;

export function registration(overrides: Partial<Schema<'Registration'>> = {}): Schema<'Registration'> {
  const n = next++;
  return {
    id: `0190f1c2-7a1b-7cde-8f00-1000000000${String(n).padStart(2, '0')}`,
    workshopId: WORKSHOP_ID,
    municipalityId: WONNEGAU,
    firstName: 'Anna',
    lastName: `Person ${n}`,
    email: `person${n}@example.de`,
    role: 'administration',
    note: '',
    status: 'confirmed',
    waitlistPosition: null,
    confirmedAt: '2026-11-01T10:00:00.000Z',
    cancelledAt: null,
    attendedAt: null,
    anonymizedAt: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

export function workshop(overrides: Partial<Schema<'Workshop'>> = {}): Schema<'Workshop'> {
  return {
    id: WORKSHOP_ID,
    programId: '0190f1c2-7a1b-7cde-8f00-0000000000f1',
    title: 'Digital-Werkstatt Wonnegau',
    format: 'onsite',
    startsAt: '2026-12-05T08:00:00.000Z',
    endsAt: '2026-12-05T16:00:00.000Z',
    timeZone: 'Europe/Berlin',
    startsAtLocal: '2026-12-05T09:00:00',
    endsAtLocal: '2026-12-05T17:00:00',
    days: [
      {
        startsAt: '2026-12-05T08:00:00.000Z',
        endsAt: '2026-12-05T16:00:00.000Z',
        startsAtLocal: '2026-12-05T09:00:00',
        endsAtLocal: '2026-12-05T17:00:00',
      },
    ],
    venue: { name: 'Bürgerhaus', street: 'Hauptstraße 1', postalCode: '67574', city: 'Osthofen' },
    onlineUrl: null,
    hostMunicipalityId: WONNEGAU,
    municipalityIds: [WONNEGAU, EICH],
    seatsPerMunicipality: [
      { municipalityId: WONNEGAU, seats: 2, confirmedCount: 2 },
      { municipalityId: EICH, seats: 2, confirmedCount: 0 },
    ],
    moderatorIds: [],
    capacity: 4,
    status: 'published',
    registrationOpensAt: null,
    registrationClosesAt: null,
    notes: '',
    cancellationReason: null,
    confirmedCount: 2,
    waitlistCount: 1,
    seatsLeft: 2,
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: '2026-10-01T10:00:00.000Z',
    ...overrides,
  };
}

export const names = new Map([
  [WONNEGAU, 'Verbandsgemeinde Wonnegau'],
  [EICH, 'Verbandsgemeinde Eich'],
]);
