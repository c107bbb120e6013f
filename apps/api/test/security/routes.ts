import type { ActorName, MatrixFixtures } from './fixtures.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteCase {
  operationId: string;
  method: Method;
  url: (f: MatrixFixtures) => string;
  /** A valid body, so a refusal is about who asks and never about validation. */
  body?: (f: MatrixFixtures) => unknown;
  /**
   * Actors that may use the route. Everyone else gets 403 or 404 and nothing is written.
   * Safe methods are also called with every allowed actor, expecting 2xx.
   */
  allowed: readonly ActorName[];
  /** The URL names a resource of municipality B: A's actors must see nothing of B. */
  foreign?: boolean;
  /** Routes that take no credentials (login, refresh, logout). */
  anonymous?: boolean;
}

const everyone: readonly ActorName[] = [
  'program_admin',
  'moderator',
  'a_admin',
  'a_editor',
  'a_viewer',
  'key_public',
  'key_a_read',
  'key_a_write',
  'key_platform_read',
];
const users: readonly ActorName[] = ['program_admin', 'moderator', 'a_admin', 'a_editor', 'a_viewer'];
const programAdmin: readonly ActorName[] = ['program_admin'];
const userAdmins: readonly ActorName[] = ['program_admin', 'a_admin'];

const programBody = () => ({
  name: 'Matrix-Programm 2',
  slug: 'matrix-programm-2',
  startsOn: '2026-01-01',
  eligibleKinds: ['verbandsgemeinde'],
});

/** Every /v1 operation of the API with who may call it. A route missing here fails the matrix. */
export const routeCases: RouteCase[] = [
  { operationId: 'login', method: 'POST', url: () => '/v1/auth/login', allowed: [], anonymous: true },
  {
    operationId: 'refreshToken',
    method: 'POST',
    url: () => '/v1/auth/refresh',
    allowed: [],
    anonymous: true,
  },
  { operationId: 'logout', method: 'POST', url: () => '/v1/auth/logout', allowed: [], anonymous: true },
  { operationId: 'getMe', method: 'GET', url: () => '/v1/me', allowed: users },

  { operationId: 'listPrograms', method: 'GET', url: () => '/v1/programs', allowed: everyone },
  { operationId: 'getProgram', method: 'GET', url: (f) => `/v1/programs/${f.program.id}`, allowed: everyone },
  {
    operationId: 'createProgram',
    method: 'POST',
    url: () => '/v1/programs',
    body: programBody,
    allowed: programAdmin,
  },
  {
    operationId: 'updateProgram',
    method: 'PATCH',
    url: (f) => `/v1/programs/${f.program.id}`,
    body: () => ({ name: 'Umbenannt' }),
    allowed: programAdmin,
  },
  {
    operationId: 'deleteProgram',
    method: 'DELETE',
    url: (f) => `/v1/programs/${f.program.id}`,
    allowed: programAdmin,
  },

  {
    operationId: 'listActionFields',
    method: 'GET',
    url: (f) => `/v1/programs/${f.program.id}/action-fields`,
    allowed: everyone,
  },
  {
    operationId: 'getActionField',
    method: 'GET',
    url: (f) => `/v1/programs/${f.program.id}/action-fields/${f.actionField.id}`,
    allowed: everyone,
  },
  {
    operationId: 'createActionField',
    method: 'POST',
    url: (f) => `/v1/programs/${f.program.id}/action-fields`,
    body: () => ({ key: 'tourismus', title: 'Tourismus' }),
    allowed: programAdmin,
  },
  {
    operationId: 'updateActionField',
    method: 'PATCH',
    url: (f) => `/v1/programs/${f.program.id}/action-fields/${f.actionField.id}`,
    body: () => ({ title: 'Digitale Infrastruktur und Netze' }),
    allowed: programAdmin,
  },
  {
    operationId: 'deleteActionField',
    method: 'DELETE',
    url: (f) => `/v1/programs/${f.program.id}/action-fields/${f.actionField.id}`,
    allowed: programAdmin,
  },

  { operationId: 'listMunicipalities', method: 'GET', url: () => '/v1/municipalities', allowed: everyone },
  {
    operationId: 'getMunicipality',
    method: 'GET',
    url: (f) => `/v1/municipalities/${f.a.municipality.id}`,
    allowed: everyone,
  },
  {
    operationId: 'getMunicipality',
    method: 'GET',
    url: (f) => `/v1/municipalities/${f.b.municipality.id}`,
    allowed: ['program_admin', 'moderator', 'key_public', 'key_platform_read'],
    foreign: true,
  },
  {
    operationId: 'createMunicipality',
    method: 'POST',
    url: () => '/v1/municipalities',
    body: () => ({ name: 'Stadt Matrixhausen', slug: 'stadt-matrixhausen', kind: 'stadt', stateCode: 'RP' }),
    allowed: programAdmin,
  },
  {
    operationId: 'updateMunicipality',
    method: 'PATCH',
    url: (f) => `/v1/municipalities/${f.b.municipality.id}`,
    body: () => ({ contactName: 'Neue Ansprechpartnerin' }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'deleteMunicipality',
    method: 'DELETE',
    url: (f) => `/v1/municipalities/${f.b.municipality.id}`,
    allowed: programAdmin,
    foreign: true,
  },

  { operationId: 'listUsers', method: 'GET', url: () => '/v1/users', allowed: userAdmins },
  { operationId: 'getUser', method: 'GET', url: (f) => `/v1/users/${f.a.admin.id}`, allowed: userAdmins },
  {
    operationId: 'getUser',
    method: 'GET',
    url: (f) => `/v1/users/${f.b.admin.id}`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'createUser',
    method: 'POST',
    url: () => '/v1/users',
    body: (f) => ({
      email: 'matrix-neu@test.example',
      name: 'Matrix Neu',
      role: 'municipality_viewer',
      municipalityId: f.a.municipality.id,
      password: 'matrix-passwort-123',
    }),
    allowed: userAdmins,
  },
  {
    operationId: 'createUser',
    method: 'POST',
    url: () => '/v1/users',
    body: (f) => ({
      email: 'matrix-fremd@test.example',
      name: 'Matrix Fremd',
      role: 'municipality_viewer',
      municipalityId: f.b.municipality.id,
      password: 'matrix-passwort-123',
    }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'updateUser',
    method: 'PATCH',
    url: (f) => `/v1/users/${f.b.admin.id}`,
    body: () => ({ name: 'Übernommen' }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'deleteUser',
    method: 'DELETE',
    url: (f) => `/v1/users/${f.b.admin.id}`,
    allowed: programAdmin,
    foreign: true,
  },

  { operationId: 'listApiKeys', method: 'GET', url: () => '/v1/api-keys', allowed: userAdmins },
  { operationId: 'getApiKey', method: 'GET', url: (f) => `/v1/api-keys/${f.a.key.id}`, allowed: userAdmins },
  {
    operationId: 'getApiKey',
    method: 'GET',
    url: (f) => `/v1/api-keys/${f.b.key.id}`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'createApiKey',
    method: 'POST',
    url: () => '/v1/api-keys',
    body: () => ({ name: 'Matrix-Schlüssel', scopes: ['municipality:read'] }),
    allowed: userAdmins,
  },
  {
    operationId: 'createApiKey',
    method: 'POST',
    url: () => '/v1/api-keys',
    body: (f) => ({
      name: 'Fremder Schlüssel',
      scopes: ['municipality:read'],
      municipalityId: f.b.municipality.id,
    }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'revokeApiKey',
    method: 'DELETE',
    url: (f) => `/v1/api-keys/${f.b.key.id}`,
    allowed: programAdmin,
    foreign: true,
  },

  { operationId: 'listAuditEvents', method: 'GET', url: () => '/v1/audit-events', allowed: userAdmins },
  {
    operationId: 'getAuditEvent',
    method: 'GET',
    url: (f) => `/v1/audit-events/${f.a.auditEventId}`,
    allowed: userAdmins,
  },
  {
    operationId: 'getAuditEvent',
    method: 'GET',
    url: (f) => `/v1/audit-events/${f.b.auditEventId}`,
    allowed: programAdmin,
    foreign: true,
  },
];
