import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { actionFieldRoutes } from './action-fields/action-fields.routes.js';
import { apiKeyRoutes } from './api-keys/api-keys.routes.js';
import { createApiKeyService } from './api-keys/api-keys.service.js';
import { auditEventRoutes } from './audit-events/audit-events.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { createAuthService } from './auth/auth.service.js';
import { browserOrigins } from './auth/browser-session.js';
import { createPasswordThrottle } from './auth/password-throttle.js';
import { createAccountLinks, createPasswordService } from './auth/passwords.service.js';
import { documentRoutes } from './documents/documents.routes.js';
import { createDocumentStreamReader } from './documents/documents.service.js';
import { healthRoutes } from './health/health.routes.js';
import { metricsRoutes } from './metrics/metrics.routes.js';
import { municipalityRoutes } from './municipalities/municipalities.routes.js';
import { openDataRoutes } from './open-data/open-data.routes.js';
import { createOpenDataService } from './open-data/open-data.service.js';
import { peerRoutes } from './peers/peers.routes.js';
import { programRoutes } from './programs/programs.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { activityRoutes } from './strategy/activity.routes.js';
import { ideaRoutes } from './strategy/ideas.routes.js';
import { logoRoutes } from './strategy/logo.routes.js';
import { measureRoutes } from './strategy/measures.routes.js';
import { publicFeedRoutes } from './strategy/public-feed.routes.js';
import { roadmapRoutes } from './strategy/roadmap.routes.js';
import { strategyRoutes } from './strategy/strategy.routes.js';
import { versionRoutes } from './strategy/versions.routes.js';
import { userRoutes } from './users/users.routes.js';
import { webhookRoutes } from './webhooks/webhooks.routes.js';
import { createWebhookService } from './webhooks/webhooks.service.js';
import { applicationRoutes } from './workshops/applications.routes.js';
import { calendarFeedRoutes } from './workshops/calendar-feed.routes.js';
import { createCalendarFeedService } from './workshops/calendar-feed.service.js';
import { createInvitationLinks } from './workshops/invitation-links.js';
import { invitationRoutes } from './workshops/invitations.routes.js';
import { createOptInMails } from './workshops/opt-in-mails.js';
import { publicRegistrationRoutes } from './workshops/public.routes.js';
import { createPublicRegistrationService } from './workshops/public.service.js';
import { publicWorkshopFeedRoutes } from './workshops/public-feed.routes.js';
import { registrationRoutes } from './workshops/registrations.routes.js';
import { workshopRoutes } from './workshops/workshops.routes.js';

/** Every domain's routes, each from exactly the dependencies it uses. */
export async function registerModules(app: FastifyInstance, deps: Deps): Promise<void> {
  const passwordThrottle = createPasswordThrottle(deps.config, deps.redis);
  const accountLinks = createAccountLinks(deps.config);
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, {
    token: deps.config.METRICS_TOKEN,
    registry: deps.metrics.registry,
    throttle: deps.throttle,
  });
  await app.register(authRoutes, {
    auth: createAuthService({
      db: deps.db,
      tokens: deps.tokens,
      throttle: deps.throttle,
      passwordThrottle,
      config: deps.config,
    }),
    passwords: createPasswordService({ db: deps.db, throttle: passwordThrottle, links: accountLinks }),
    tokens: deps.tokens,
    credentials: deps.credentials,
    browserOrigins: browserOrigins(deps.config),
    refreshTtlDays: deps.config.REFRESH_TOKEN_TTL_DAYS,
  });
  await app.register(programRoutes);
  await app.register(actionFieldRoutes);
  await app.register(municipalityRoutes);
  await app.register(auditEventRoutes);
  await app.register(userRoutes, { credentials: deps.credentials, accountLinks });
  await app.register(apiKeyRoutes, {
    credentials: deps.credentials,
    service: createApiKeyService({ config: deps.config }),
  });
  await app.register(strategyRoutes);
  await app.register(logoRoutes);
  await app.register(ideaRoutes);
  await app.register(measureRoutes, { representations: deps.representations });
  await app.register(roadmapRoutes, { representations: deps.representations });
  await app.register(versionRoutes);
  await app.register(activityRoutes);
  await app.register(reportRoutes);
  await app.register(peerRoutes);
  await app.register(openDataRoutes, {
    service: createOpenDataService({ db: deps.db, config: deps.config }),
    config: deps.config,
  });
  await app.register(publicFeedRoutes);
  await app.register(publicWorkshopFeedRoutes);
  await app.register(webhookRoutes, { service: createWebhookService({ config: deps.config }) });
  await app.register(workshopRoutes);
  await app.register(registrationRoutes);
  await app.register(applicationRoutes);
  await app.register(calendarFeedRoutes, {
    feeds: createCalendarFeedService({ db: deps.db }),
    publicUrl: deps.config.PUBLIC_URL,
  });
  await app.register(invitationRoutes, { links: createInvitationLinks(deps.config) });
  await app.register(publicRegistrationRoutes, {
    service: createPublicRegistrationService({
      db: deps.db,
      optInMails: createOptInMails(deps.config, deps.redis),
    }),
    config: deps.config,
  });
  await app.register(documentRoutes, {
    events: deps.documentEvents,
    streamReader: createDocumentStreamReader({ db: deps.db }),
    streamTiming: {
      pollMs: deps.config.DOCUMENT_EVENTS_POLL_MS,
      recheckMs: deps.config.DOCUMENT_EVENTS_RECHECK_MS,
      heartbeatMs: deps.config.DOCUMENT_EVENTS_HEARTBEAT_MS,
    },
  });
}
