import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { commonErrors, idempotencyHeaders, idParams, writeErrors } from '../../lib/schemas.js';
import {
  acceptApplicationBody,
  createApplicationBody,
  declineApplicationBody,
  listApplicationsQuery,
  workshopApplication,
  workshopApplicationPage,
} from './applications.schemas.js';
import * as service from './applications.service.js';

const tags = ['workshop-applications'];
const base = '/v1/workshop-applications';

export async function applicationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    base,
    {
      schema: {
        operationId: 'listWorkshopApplications',
        summary: 'List workshop applications',
        description:
          'In creation order, oldest first unless `sort=-createdAt`. The program office sees every application, a municipality its own. Filters: status, program, municipality.',
        tags,
        querystring: listApplicationsQuery,
        response: { 200: workshopApplicationPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listApplications(request.ctx(), request.query)),
  );

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createWorkshopApplication',
        summary: 'Apply for a workshop',
        description:
          "A municipality's administrators, for their own municipality: one to three preferred dates, partner municipalities, expected participants, a contact person. 422 `unknown_program`, `invalid_partner`, `unknown_municipality`, `municipality_not_eligible`, `too_many_municipalities`, `participants_exceed_program`.",
        tags,
        headers: idempotencyHeaders,
        body: createApplicationBody,
        response: { 201: workshopApplication, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.applyForWorkshop(request.ctx(), request.body);
      return sendCreated(reply, `${base}/${created.id}`, created);
    },
  );

  r.get(
    `${base}/:id`,
    {
      schema: {
        operationId: 'getWorkshopApplication',
        summary: 'Get a workshop application',
        description:
          'The program office sees every application, a municipality its own; API keys need `personal:read` (it names a contact person). Any other application is 404.',
        tags,
        params: idParams,
        response: { 200: workshopApplication, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getApplication(request.ctx(), request.params.id)),
  );

  r.post(
    `${base}/:id/accept`,
    {
      schema: {
        operationId: 'acceptWorkshopApplication',
        summary: 'Accept a workshop application',
        description:
          'Program administrators only. Either schedules a draft workshop from the application (every workshop rule applies: 409 `municipality_double_booked`, 422 `municipality_not_eligible`, …) or links an existing workshop the applicant takes part in (422 `municipality_not_participating`). 409 `application_not_pending`. The contact person is told by e-mail.',
        tags,
        params: idParams,
        body: acceptApplicationBody,
        response: { 200: workshopApplication, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.acceptApplication(request.ctx(), request.params.id, request.body)),
  );

  r.post(
    `${base}/:id/decline`,
    {
      schema: {
        operationId: 'declineWorkshopApplication',
        summary: 'Decline a workshop application',
        description:
          'Program administrators only, with a reason the contact person reads in the e-mail. 409 `application_not_pending`.',
        tags,
        params: idParams,
        body: declineApplicationBody,
        response: { 200: workshopApplication, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.declineApplication(request.ctx(), request.params.id, request.body.reason),
      ),
  );

  r.post(
    `${base}/:id/withdraw`,
    {
      schema: {
        operationId: 'withdrawWorkshopApplication',
        summary: 'Withdraw a workshop application',
        description:
          "The applying municipality's administrators, while it is pending. 409 `application_not_pending`.",
        tags,
        params: idParams,
        response: { 200: workshopApplication, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.withdrawApplication(request.ctx(), request.params.id)),
  );
}
