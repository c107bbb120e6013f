import { shieldPng } from '@werkstatt/strategy-pdf/fixtures';
import {
  type ActorName,
  type MatrixFixtures,
  municipalityAActors,
  type TenantResources,
} from './fixtures.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteCase {
  operationId: string;
  method: Method;
  url: (f: MatrixFixtures) => string;
  /** A valid body, so a refusal is about who asks and never about validation. */
  body?: (f: MatrixFixtures) => unknown;
  headers?: Record<string, string>;
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
  'key_a_personal',
  'key_a_write',
  'key_platform_read',
  'key_platform_personal',
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
  { operationId: 'logoutEverywhere', method: 'POST', url: () => '/v1/auth/logout-all', allowed: users },
  { operationId: 'getMe', method: 'GET', url: () => '/v1/me', allowed: users },
  {
    operationId: 'requestPasswordReset',
    method: 'POST',
    url: () => '/v1/auth/password-reset',
    allowed: [],
    anonymous: true,
  },
  {
    operationId: 'setPasswordWithToken',
    method: 'POST',
    url: () => '/v1/auth/set-password',
    allowed: [],
    anonymous: true,
  },
  {
    operationId: 'changeOwnPassword',
    method: 'POST',
    url: () => '/v1/me/password',
    body: () => ({ currentPassword: 'falsches-passwort', newPassword: 'matrix-passwort-neu-123' }),
    allowed: users,
  },

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
    allowed: ['program_admin', 'moderator', 'key_public', 'key_platform_read', 'key_platform_personal'],
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
    operationId: 'resendUserInvitation',
    method: 'POST',
    url: (f) => `/v1/users/${f.a.admin.id}/invitation`,
    allowed: userAdmins,
  },
  {
    operationId: 'resendUserInvitation',
    method: 'POST',
    url: (f) => `/v1/users/${f.b.admin.id}/invitation`,
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

  { operationId: 'listWebhookSubscriptions', method: 'GET', url: () => '/v1/webhooks', allowed: userAdmins },
  {
    operationId: 'getWebhookSubscription',
    method: 'GET',
    url: (f) => `/v1/webhooks/${f.a.webhook.id}`,
    allowed: userAdmins,
  },
  {
    operationId: 'getWebhookSubscription',
    method: 'GET',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'createWebhookSubscription',
    method: 'POST',
    url: () => '/v1/webhooks',
    body: () => ({ url: 'https://93.184.215.14/hooks/neu', events: ['measure.created'] }),
    allowed: userAdmins,
  },
  {
    operationId: 'createWebhookSubscription',
    method: 'POST',
    url: () => '/v1/webhooks',
    body: (f) => ({
      url: 'https://93.184.215.14/hooks/fremd',
      events: ['measure.created'],
      municipalityId: f.b.municipality.id,
    }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'updateWebhookSubscription',
    method: 'PATCH',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}`,
    headers: { 'if-match': '*' },
    body: () => ({ description: 'Geändert' }),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'deleteWebhookSubscription',
    method: 'DELETE',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}/rotate-secret`,
    body: () => ({}),
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    url: (f) => `/v1/webhooks/${f.a.webhook.id}/deliveries`,
    allowed: userAdmins,
  },
  {
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}/deliveries`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'redeliverWebhook',
    method: 'POST',
    url: (f) => `/v1/webhooks/${f.b.webhook.id}/deliveries/${f.b.webhook.deliveryId}/redeliver`,
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
  // The public change feeds show only public data, whoever asks: users, and keys that read the public
  // catalog (public:read, or an unbound municipality:read that reads every municipality).
  ...(['feedPublicMeasures', 'feedPublicStrategies', 'feedPublicWorkshops'] as const).map(
    (operationId): RouteCase => ({
      operationId,
      method: 'GET',
      url: () => `/v1/public/${operationId.slice('feedPublic'.length).toLowerCase()}`,
      allowed: [...users, 'key_public', 'key_platform_read', 'key_platform_personal'],
    }),
  ),
  {
    // Public strategies are published data: every reader of the public catalog may search them.
    operationId: 'findPeerMeasures',
    method: 'GET',
    url: () => '/v1/measures/peers?actionField=digitale-infrastruktur&q=Glasfaser',
    allowed: everyone,
  },
  {
    operationId: 'getProgramOverview',
    method: 'GET',
    url: () => '/v1/reports/overview',
    allowed: ['program_admin', 'moderator'],
  },
];

// The strategy domain: every route once on municipality A's own path and once on B's.
const strategyReaders: readonly ActorName[] = [
  'program_admin',
  'moderator',
  'a_admin',
  'a_editor',
  'a_viewer',
  'key_a_read',
  'key_a_personal',
  'key_a_write',
  'key_platform_read',
  'key_platform_personal',
];
// A's strategy is public: public:read keys read it with its chosen fields, measures and steps.
const publishedReaders: readonly ActorName[] = [...strategyReaders, 'key_public'];
const strategyWriters: readonly ActorName[] = ['program_admin', 'a_admin', 'a_editor', 'key_a_write'];
const ideaVoters: readonly ActorName[] = ['program_admin', 'moderator', 'a_admin', 'a_editor', 'a_viewer'];
const anyMatch = { 'if-match': '*' };

interface StrategyRoute {
  operationId: string;
  method: Method;
  path: (t: TenantResources) => string;
  body?: (f: MatrixFixtures) => unknown;
  headers?: Record<string, string>;
  allowed: readonly ActorName[];
}

const strategyRoutes: StrategyRoute[] = [
  { operationId: 'getStrategy', method: 'GET', path: () => '/strategy', allowed: publishedReaders },
  {
    operationId: 'putStrategy',
    method: 'PUT',
    path: () => '/strategy',
    headers: anyMatch,
    body: (f) => ({ programId: f.program.id, title: 'Neu gefasst' }),
    allowed: strategyWriters,
  },
  { operationId: 'getRoadmap', method: 'GET', path: () => '/roadmap', allowed: publishedReaders },
  // Who changed what lately: for the municipality's own readers, not for public:read.
  {
    operationId: 'listMunicipalityActivity',
    method: 'GET',
    path: () => '/activity',
    allowed: strategyReaders,
  },
  // A published strategy shows its logo to public:read keys, like the strategy itself.
  { operationId: 'getStrategyLogo', method: 'GET', path: () => '/strategy/logo', allowed: publishedReaders },
  {
    operationId: 'putStrategyLogo',
    method: 'PUT',
    path: () => '/strategy/logo',
    headers: { 'content-type': 'image/png' },
    body: () => Buffer.from(shieldPng(40, 50)),
    allowed: strategyWriters,
  },
  {
    operationId: 'deleteStrategyLogo',
    method: 'DELETE',
    path: () => '/strategy/logo',
    allowed: strategyWriters,
  },
  {
    operationId: 'listStrategyVersions',
    method: 'GET',
    path: () => '/strategy/versions',
    allowed: strategyReaders,
  },
  {
    operationId: 'createStrategyVersion',
    method: 'POST',
    path: () => '/strategy/versions',
    body: () => ({ label: 'Ratsbeschluss' }),
    allowed: strategyWriters,
  },
  {
    operationId: 'getStrategyVersion',
    method: 'GET',
    path: (t) => `/strategy/versions/${t.strategy.versionId}`,
    allowed: strategyReaders,
  },
  {
    operationId: 'listMunicipalityDocuments',
    method: 'GET',
    path: () => '/documents',
    allowed: strategyReaders,
  },
  {
    operationId: 'diffStrategyVersions',
    method: 'GET',
    path: (t) => `/strategy/versions/${t.strategy.versionId}/diff/${t.strategy.versionId}`,
    allowed: strategyReaders,
  },
  { operationId: 'listIdeas', method: 'GET', path: () => '/ideas', allowed: strategyReaders },
  {
    operationId: 'createIdea',
    method: 'POST',
    path: () => '/ideas',
    body: (f) => ({ title: 'Digitaler Dorfladen', actionFieldId: f.actionField.id }),
    allowed: strategyWriters,
  },
  {
    operationId: 'getIdea',
    method: 'GET',
    path: (t) => `/ideas/${t.strategy.ideaId}`,
    allowed: strategyReaders,
  },
  {
    operationId: 'updateIdea',
    method: 'PATCH',
    path: (t) => `/ideas/${t.strategy.ideaId}`,
    headers: anyMatch,
    body: () => ({ title: 'Geänderte Idee' }),
    allowed: strategyWriters,
  },
  {
    operationId: 'deleteIdea',
    method: 'DELETE',
    path: (t) => `/ideas/${t.strategy.ideaId}`,
    headers: anyMatch,
    allowed: strategyWriters,
  },
  {
    operationId: 'voteForIdea',
    method: 'POST',
    path: (t) => `/ideas/${t.strategy.ideaId}/votes`,
    allowed: ideaVoters,
  },
  { operationId: 'getMyDots', method: 'GET', path: () => '/ideas/my-dots', allowed: ideaVoters },
  {
    operationId: 'withdrawVote',
    method: 'DELETE',
    path: (t) => `/ideas/${t.strategy.ideaId}/votes`,
    allowed: ideaVoters,
  },
  {
    operationId: 'promoteIdea',
    method: 'POST',
    path: (t) => `/ideas/${t.strategy.ideaId}/promote`,
    allowed: strategyWriters,
  },
  { operationId: 'listMeasures', method: 'GET', path: () => '/measures', allowed: publishedReaders },
  {
    operationId: 'findPeersOfMeasure',
    method: 'GET',
    path: (t) => `/measures/${t.strategy.measureId}/peers`,
    allowed: strategyReaders,
  },
  {
    operationId: 'createMeasure',
    method: 'POST',
    path: () => '/measures',
    body: (f) => ({ title: 'Glasfaser-Ausbau', actionFieldId: f.actionField.id }),
    allowed: strategyWriters,
  },
  {
    operationId: 'bulkUpdateMeasures',
    method: 'POST',
    path: () => '/measures/bulk-update',
    body: (f) => ({ items: [{ id: f.a.strategy.measureId, status: 'in_progress' }] }),
    allowed: strategyWriters,
  },
  {
    operationId: 'getMeasure',
    method: 'GET',
    path: (t) => `/measures/${t.strategy.measureId}`,
    allowed: publishedReaders,
  },
  {
    operationId: 'updateMeasure',
    method: 'PATCH',
    path: (t) => `/measures/${t.strategy.measureId}`,
    headers: anyMatch,
    body: () => ({ status: 'in_progress' }),
    allowed: strategyWriters,
  },
  {
    operationId: 'deleteMeasure',
    method: 'DELETE',
    path: (t) => `/measures/${t.strategy.measureId}`,
    headers: anyMatch,
    allowed: strategyWriters,
  },
  {
    operationId: 'listMeasureSteps',
    method: 'GET',
    path: (t) => `/measures/${t.strategy.measureId}/steps`,
    allowed: publishedReaders,
  },
  {
    operationId: 'createMeasureStep',
    method: 'POST',
    path: (t) => `/measures/${t.strategy.measureId}/steps`,
    body: () => ({ title: 'Förderantrag stellen' }),
    allowed: strategyWriters,
  },
  {
    operationId: 'getMeasureStep',
    method: 'GET',
    path: (t) => `/measures/${t.strategy.measureId}/steps/${t.strategy.stepId}`,
    allowed: publishedReaders,
  },
  {
    operationId: 'updateMeasureStep',
    method: 'PATCH',
    path: (t) => `/measures/${t.strategy.measureId}/steps/${t.strategy.stepId}`,
    headers: anyMatch,
    body: () => ({ title: 'Förderantrag einreichen' }),
    allowed: strategyWriters,
  },
  {
    operationId: 'deleteMeasureStep',
    method: 'DELETE',
    path: (t) => `/measures/${t.strategy.measureId}/steps/${t.strategy.stepId}`,
    headers: anyMatch,
    allowed: strategyWriters,
  },
];

const ownActors = new Set<ActorName>(municipalityAActors);
// On B's paths, what B did not publish: key_public reaches only A's public strategy.
const notPublic = (list: readonly ActorName[]) => list.filter((a) => a !== 'key_public');

/**
 * Every route of a municipality's data on the deleted municipality: the actors that could use it on a
 * live one (the program office, unbound keys) get 404 as well, writes included.
 */
export const deletedMunicipalityCases: RouteCase[] = strategyRoutes.map((r) => ({
  operationId: r.operationId,
  method: r.method,
  ...(r.headers ? { headers: r.headers } : {}),
  ...(r.operationId === 'bulkUpdateMeasures'
    ? {
        body: (f: MatrixFixtures) => ({
          items: [{ id: f.deleted.strategy.measureId, status: 'in_progress' }],
        }),
      }
    : r.body
      ? { body: r.body }
      : {}),
  url: (f) => `/v1/municipalities/${f.deleted.municipality.id}${r.path(f.deleted)}`,
  allowed: r.allowed.filter((a) => !ownActors.has(a)),
}));

for (const r of strategyRoutes) {
  const shared = {
    operationId: r.operationId,
    method: r.method,
    ...(r.headers ? { headers: r.headers } : {}),
  };
  const withBody = r.body ? { body: r.body } : {};
  routeCases.push(
    {
      ...shared,
      ...withBody,
      url: (f) => `/v1/municipalities/${f.a.municipality.id}${r.path(f.a)}`,
      allowed: r.allowed,
    },
    {
      ...shared,
      // On B's path, B's ids in the body too, so nothing of A could make the call succeed.
      ...(r.operationId === 'bulkUpdateMeasures'
        ? {
            body: (f: MatrixFixtures) => ({ items: [{ id: f.b.strategy.measureId, status: 'in_progress' }] }),
          }
        : withBody),
      url: (f) => `/v1/municipalities/${f.b.municipality.id}${r.path(f.b)}`,
      allowed: notPublic(r.allowed.filter((a) => !ownActors.has(a))),
      foreign: true,
    },
  );
}

// Workshops and their participants: every route once on A's workshop and once on B's. The matrix
// moderator is assigned to both workshops; each workshop has one municipality.
const workshopReaders: readonly ActorName[] = strategyReaders;
// Participants and application contacts are personal data: API keys need personal:read.
const personalReaders: readonly ActorName[] = [
  'program_admin',
  'moderator',
  'a_admin',
  'a_editor',
  'a_viewer',
  'key_a_personal',
  'key_platform_personal',
];
const registrationWriters: readonly ActorName[] = [
  'program_admin',
  'moderator',
  'a_admin',
  'a_editor',
  'key_a_write',
];
const workshopStaff: readonly ActorName[] = ['program_admin', 'moderator'];

routeCases.push(
  { operationId: 'listWorkshops', method: 'GET', url: () => '/v1/workshops', allowed: workshopReaders },
  {
    operationId: 'createWorkshop',
    method: 'POST',
    url: () => '/v1/workshops',
    body: (f) => ({
      programId: f.program.id,
      title: 'Matrix-Werkstatt',
      format: 'online',
      onlineUrl: 'https://meet.example.org/matrix-2',
      startsAt: '2031-04-01T09:00:00+02:00',
      endsAt: '2031-04-01T17:00:00+02:00',
      municipalities: [{ municipalityId: f.a.municipality.id }],
    }),
    allowed: programAdmin,
  },
);

const workshopRoutes: StrategyRoute[] = [
  { operationId: 'getWorkshop', method: 'GET', path: () => '', allowed: workshopReaders },
  {
    operationId: 'updateWorkshop',
    method: 'PATCH',
    path: () => '',
    headers: anyMatch,
    body: () => ({ notes: 'Raum 1.04' }),
    allowed: workshopStaff,
  },
  {
    operationId: 'cancelWorkshop',
    method: 'POST',
    path: () => '/cancel',
    body: () => ({ reason: 'Matrix' }),
    allowed: programAdmin,
  },
  { operationId: 'listRegistrations', method: 'GET', path: () => '/registrations', allowed: personalReaders },
  {
    operationId: 'createRegistration',
    method: 'POST',
    path: () => '/registrations',
    body: () => ({
      firstName: 'Otto',
      lastName: 'Größer',
      email: 'otto.groesser@example.org',
      role: 'citizen',
    }),
    allowed: registrationWriters,
  },
  {
    operationId: 'getRegistration',
    method: 'GET',
    path: (t) => `/registrations/${t.workshop.registrationId}`,
    allowed: personalReaders,
  },
  {
    operationId: 'cancelRegistration',
    method: 'POST',
    path: (t) => `/registrations/${t.workshop.registrationId}/cancel`,
    allowed: registrationWriters.filter((a) => a !== 'key_a_write'),
  },
  {
    operationId: 'getWorkshopCalendar',
    method: 'GET',
    path: () => '/calendar.ics',
    allowed: workshopReaders,
  },
  {
    operationId: 'exportRegistrationsCsv',
    method: 'GET',
    path: () => '/registrations.csv',
    allowed: personalReaders,
  },
  {
    operationId: 'exportSignInSheet',
    method: 'GET',
    path: () => '/sign-in-sheet.pdf',
    allowed: personalReaders,
  },
  {
    operationId: 'eraseRegistration',
    method: 'POST',
    path: (t) => `/registrations/${t.workshop.registrationId}/erase`,
    allowed: userAdmins,
  },
  { operationId: 'listInvitations', method: 'GET', path: () => '/invitations', allowed: workshopReaders },
  {
    operationId: 'createInvitation',
    method: 'POST',
    path: () => '/invitations',
    body: (f) => ({ municipalityId: f.a.municipality.id }),
    allowed: registrationWriters,
  },
  {
    operationId: 'revokeInvitation',
    method: 'POST',
    path: (t) => `/invitations/${t.workshop.invitationId}/revoke`,
    allowed: registrationWriters,
  },
  // The QR code carries the link itself, which opens registrations: whoever may create a link.
  {
    operationId: 'getInvitationQrSvg',
    method: 'GET',
    path: (t) => `/invitations/${t.workshop.invitationId}/qr.svg`,
    allowed: registrationWriters,
  },
  {
    operationId: 'getInvitationQrPng',
    method: 'GET',
    path: (t) => `/invitations/${t.workshop.invitationId}/qr.png`,
    allowed: registrationWriters,
  },
  {
    operationId: 'checkInRegistration',
    method: 'POST',
    path: (t) => `/registrations/${t.workshop.registrationId}/check-in`,
    allowed: workshopStaff,
  },
  {
    operationId: 'undoCheckIn',
    method: 'DELETE',
    path: (t) => `/registrations/${t.workshop.registrationId}/check-in`,
    allowed: workshopStaff,
  },
];

// Invitees without an account: the link's secret is the only credential (see invitations.test.ts).
routeCases.push(
  {
    operationId: 'getPublicInvitation',
    method: 'GET',
    url: () => '/v1/public/invitations/unknown',
    allowed: [],
    anonymous: true,
  },
  {
    operationId: 'registerByInvitation',
    method: 'POST',
    url: () => '/v1/public/invitations/unknown/registrations',
    allowed: [],
    anonymous: true,
  },
  {
    operationId: 'confirmPublicRegistration',
    method: 'POST',
    url: () => '/v1/public/registrations/confirm',
    allowed: [],
    anonymous: true,
  },
  {
    operationId: 'cancelPublicRegistration',
    method: 'POST',
    url: () => '/v1/public/registrations/cancel',
    allowed: [],
    anonymous: true,
  },
);

for (const r of workshopRoutes) {
  const shared = {
    operationId: r.operationId,
    method: r.method,
    ...(r.headers ? { headers: r.headers } : {}),
    ...(r.body ? { body: r.body } : {}),
  };
  routeCases.push(
    { ...shared, url: (f) => `/v1/workshops/${f.a.workshop.id}${r.path(f.a)}`, allowed: r.allowed },
    {
      ...shared,
      url: (f) => `/v1/workshops/${f.b.workshop.id}${r.path(f.b)}`,
      allowed: r.allowed.filter((a) => !ownActors.has(a)),
      foreign: true,
    },
  );
}

// Workshop applications: the municipality applies and withdraws (its admin), the program office
// decides; each case once on A's application and once on B's.
routeCases.push(
  {
    operationId: 'listWorkshopApplications',
    method: 'GET',
    url: () => '/v1/workshop-applications',
    allowed: personalReaders,
  },
  {
    operationId: 'createWorkshopApplication',
    method: 'POST',
    url: () => '/v1/workshop-applications',
    body: (f) => ({
      programId: f.program.id,
      preferredDates: [{ date: '2031-07-01', from: '09:00', to: '15:00' }],
      expectedParticipants: 25,
      contact: { name: 'Matrix Kontakt', email: 'kontakt@example.org' },
    }),
    allowed: ['a_admin'],
  },
);

const applicationRoutes: StrategyRoute[] = [
  { operationId: 'getWorkshopApplication', method: 'GET', path: () => '', allowed: personalReaders },
  {
    operationId: 'acceptWorkshopApplication',
    method: 'POST',
    path: () => '/accept',
    body: () => ({
      workshop: { title: 'Matrix-Werkstatt', format: 'online', onlineUrl: 'https://meet.example.org/m' },
    }),
    allowed: programAdmin,
  },
  {
    operationId: 'declineWorkshopApplication',
    method: 'POST',
    path: () => '/decline',
    body: () => ({ reason: 'Matrix' }),
    allowed: programAdmin,
  },
  {
    operationId: 'withdrawWorkshopApplication',
    method: 'POST',
    path: () => '/withdraw',
    allowed: ['a_admin'],
  },
];

for (const r of applicationRoutes) {
  const shared = {
    operationId: r.operationId,
    method: r.method,
    ...(r.body ? { body: r.body } : {}),
  };
  routeCases.push(
    {
      ...shared,
      url: (f) => `/v1/workshop-applications/${f.a.application.id}${r.path(f.a)}`,
      allowed: r.allowed,
    },
    {
      ...shared,
      url: (f) => `/v1/workshop-applications/${f.b.application.id}${r.path(f.b)}`,
      allowed: r.allowed.filter((a) => !ownActors.has(a)),
      foreign: true,
    },
  );
}

// The municipality's calendar feed: created and rotated by its admin or the program administrator
// (rotating ends everyone's subscription); read without credentials by its secret.
routeCases.push(
  {
    operationId: 'rotateCalendarFeed',
    method: 'POST',
    url: (f) => `/v1/municipalities/${f.a.municipality.id}/calendar-feed`,
    allowed: userAdmins,
  },
  {
    operationId: 'rotateCalendarFeed',
    method: 'POST',
    url: (f) => `/v1/municipalities/${f.b.municipality.id}/calendar-feed`,
    allowed: programAdmin,
    foreign: true,
  },
  {
    operationId: 'getCalendarFeed',
    method: 'GET',
    url: () => `/v1/public/calendar/${'A'.repeat(43)}.ics`,
    allowed: [],
    anonymous: true,
  },
);

// Open data: no credentials, only what municipalities published (see open-data.test.ts).
routeCases.push(
  ...(
    [
      ['getOpenDataStrategiesCsv', 'strategies.csv'],
      ['getOpenDataStrategiesJson', 'strategies.json'],
      ['getOpenDataMeasuresCsv', 'measures.csv'],
      ['getOpenDataMeasuresJson', 'measures.json'],
      ['getOpenDataCatalog', 'catalog.jsonld'],
    ] as const
  ).map(([operationId, file]) => ({
    operationId,
    method: 'GET' as const,
    url: () => `/v1/open-data/${file}`,
    allowed: [],
    anonymous: true,
  })),
);

// Documents: requested on a version of A or B, then read by their own id (no municipality in the path).
for (const side of ['a', 'b'] as const) {
  const foreign = side === 'b';
  const allowed = (list: readonly ActorName[]) => (foreign ? list.filter((a) => !ownActors.has(a)) : list);
  const flag = foreign ? { foreign: true } : {};
  routeCases.push(
    {
      operationId: 'requestStrategyDocument',
      method: 'POST',
      url: (f) =>
        `/v1/municipalities/${f[side].municipality.id}/strategy/versions/${f[side].strategy.versionId}/documents`,
      allowed: allowed(strategyWriters),
      ...flag,
    },
    {
      operationId: 'getDocument',
      method: 'GET',
      url: (f) => `/v1/documents/${f[side].strategy.documentId}`,
      allowed: allowed(strategyReaders),
      ...flag,
    },
    {
      operationId: 'getDocumentContent',
      method: 'GET',
      url: (f) => `/v1/documents/${f[side].strategy.documentId}/content`,
      allowed: allowed(strategyReaders),
      ...flag,
    },
    {
      // The matrix document is ready: the stream sends its one event and ends.
      operationId: 'getDocumentEvents',
      method: 'GET',
      url: (f) => `/v1/documents/${f[side].strategy.documentId}/events`,
      allowed: allowed(strategyReaders),
      ...flag,
    },
  );
}
