import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { problemResponses } from '../../lib/schemas.js';
import {
  invitationTokenParams,
  linkTokenBody,
  pendingRegistration,
  publicRegistrationBody,
  publicRegistrationStatus,
  publicWorkshop,
} from './public.schemas.js';
import type { PublicRegistrationService } from './public.service.js';

const tags = ['public'];
const errors = {
  400: problemResponses[400],
  404: problemResponses[404],
  429: problemResponses[429],
};

/**
 * Endpoints for invitees without an account. Each is limited per client address, more strictly
 * than signed-in traffic, because its only credential is a link that may be guessed at.
 */
export async function publicRegistrationRoutes(
  app: FastifyInstance,
  opts: { service: PublicRegistrationService; config: Pick<Config, 'PUBLIC_RATE_LIMIT_PER_MINUTE'> },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const config = {
    auth: 'none' as const,
    rateLimit: { max: opts.config.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 },
    rateLimitPolicy: 'public',
  };

  r.get(
    '/v1/public/invitations/:token',
    {
      config,
      schema: {
        operationId: 'getPublicInvitation',
        summary: 'The workshop behind an invitation link',
        description:
          'Title, date and time (with Europe/Berlin wall time), format, venue, the invited municipality and whether seats are left — nothing about other participants. An unknown, revoked or expired link is 404.',
        tags,
        security: [],
        params: invitationTokenParams,
        response: { 200: publicWorkshop, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.getInvitation(request.params.token);
    },
  );

  r.post(
    '/v1/public/invitations/:token/registrations',
    {
      config,
      schema: {
        operationId: 'registerByInvitation',
        summary: 'Register through an invitation link',
        description:
          'Records the registration as `pending` (it holds no seat) and e-mails a confirmation link, valid for 48 hours (double opt-in). The answer is the same when the address is already registered. An address still unconfirmed gets the link again at most once per `OPT_IN_RESEND_MINUTES` (15); confirmation mails per address and per workshop are capped per day, and over a limit the answer is the same while nothing is recorded or sent. 409 `invitation_used_up`, `workshop_cancelled`, `workshop_held`, `registration_not_open`, `registration_closed`.',
        tags,
        security: [],
        params: invitationTokenParams,
        body: publicRegistrationBody,
        response: { 202: pendingRegistration, ...errors, 409: problemResponses[409] },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await service.register(request.params.token, request.body, request.id)),
  );

  r.post(
    '/v1/public/registrations/confirm',
    {
      config,
      schema: {
        operationId: 'confirmPublicRegistration',
        summary: 'Confirm an e-mail address (double opt-in)',
        description:
          'With the token from the confirmation e-mail: the registration is admitted like any other — `confirmed` while seats are left, else `waitlisted` with its position. Confirming again answers the current status. The confirmation e-mail carries a personal cancel link.',
        tags,
        security: [],
        body: linkTokenBody,
        response: { 200: publicRegistrationStatus, ...errors, 409: problemResponses[409] },
      },
    },
    async (request) => service.confirm(request.body.token, request.id),
  );

  r.post(
    '/v1/public/registrations/cancel',
    {
      config,
      schema: {
        operationId: 'cancelPublicRegistration',
        summary: 'Cancel through the personal link',
        description:
          'Frees the seat, which goes to the next person on the waitlist, or the waitlist place. Cancelling again answers `cancelled`. 409 `registration_attended`.',
        tags,
        security: [],
        body: linkTokenBody,
        response: { 200: publicRegistrationStatus, ...errors, 409: problemResponses[409] },
      },
    },
    async (request) => service.cancel(request.body.token, request.id),
  );
}
