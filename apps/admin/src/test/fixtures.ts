import type { Schema } from '@werkstatt/api-client';

/** Example API documents for component tests; override what a test is about. */
export const workshopFixture = (extra: Partial<Schema<'Workshop'>> = {}): Schema<'Workshop'> => ({
  id: '01900000-0000-7000-8000-0000000000w1',
  programId: 'p1',
  title: 'Digital-Werkstatt Rheinhessen',
  format: 'onsite',
  startsAt: '2027-03-09T08:00:00.000Z',
  endsAt: '2027-03-09T15:00:00.000Z',
  timeZone: 'Europe/Berlin',
  startsAtLocal: '2027-03-09T09:00:00',
  endsAtLocal: '2027-03-09T16:00:00',
  days: [
    {
      startsAt: '2027-03-09T08:00:00.000Z',
      endsAt: '2027-03-09T15:00:00.000Z',
      startsAtLocal: '2027-03-09T09:00:00',
      endsAtLocal: '2027-03-09T16:00:00',
    },
  ],
  venue: {
    name: 'Bürgerhaus Osthofen',
    street: 'Friedrich-Ebert-Straße 16',
    postalCode: '67574',
    city: 'Osthofen',
  },
  onlineUrl: null,
  hostMunicipalityId: 'm1',
  municipalityIds: ['m1', 'm2'],
  seatsPerMunicipality: [
    { municipalityId: 'm1', seats: 12, confirmedCount: 9 },
    { municipalityId: 'm2', seats: null, confirmedCount: 4 },
  ],
  moderatorIds: [],
  capacity: 24,
  status: 'published',
  registrationOpensAt: null,
  registrationClosesAt: null,
  notes: '',
  cancellationReason: null,
  confirmedCount: 13,
  waitlistCount: 2,
  seatsLeft: 11,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});

export const applicationFixture = (
  extra: Partial<Schema<'WorkshopApplication'>> = {},
): Schema<'WorkshopApplication'> => ({
  id: '01900000-0000-7000-8000-0000000000a1',
  municipalityId: 'm1',
  programId: 'p1',
  preferredDates: [
    { date: '2027-03-09', from: '10:00', to: '16:00' },
    { date: '2027-03-16', from: null, to: null },
  ],
  partnerMunicipalityIds: ['m2'],
  expectedParticipants: 22,
  contact: { name: 'Anna Schäfer', email: 'anna@wonnegau.example', phone: '06242 9100-12' },
  note: 'Gern an einem Dienstag.',
  status: 'pending',
  declineReason: null,
  workshopId: null,
  decidedAt: null,
  createdAt: '2026-12-01T09:30:00.000Z',
  updatedAt: '2026-12-01T09:30:00.000Z',
  ...extra,
});

export const municipalitiesFixture = {
  status: 200,
  body: {
    data: [
      { id: 'm1', name: 'Verbandsgemeinde Wonnegau' },
      { id: 'm2', name: 'Verbandsgemeinde Eich' },
    ],
    nextCursor: null,
  },
};

export const userFixture = (extra: Partial<Schema<'User'>> = {}): Schema<'User'> => ({
  id: 'u1',
  email: 'buero@werkstatt.example',
  name: 'Petra Programmbüro',
  role: 'program_admin',
  municipalityId: null,
  disabled: false,
  lastLoginAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
  ...extra,
});
