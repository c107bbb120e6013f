import type { Program } from './program-values';

/** The demo program as the API sends it, for the feature's tests. */
export const digitalWerkstatt: Program = {
  id: '0190f1c2-7a1b-7cde-8f00-0000000000aa',
  name: 'Digital-Werkstatt',
  slug: 'digital-werkstatt',
  description: null,
  startsOn: '2018-01-01',
  endsOn: null,
  eligibleKinds: ['verbandsgemeinde', 'stadt'],
  maxMunicipalitiesPerWorkshop: 3,
  maxParticipants: 30,
  dotVotesPerField: 3,
  contact: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};
