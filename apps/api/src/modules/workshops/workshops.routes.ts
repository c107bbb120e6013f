import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import {
  commonErrors,
  conditionalWriteErrors,
  idempotencyHeaders,
  idParams,
  requiredIfMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import {
  cancelWorkshopBody,
  createWorkshopBody,
  listWorkshopsQuery,
  updateWorkshopBody,
  workshop,
  workshopPage,
} from './workshops.schemas.js';
import * as service from './workshops.service.js';

const tags = ['workshops'];

export async function workshopRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/workshops',
    {
      schema: {
        operationId: 'listWorkshops',
        summary: 'List workshops',
        description:
          'Earliest start first by default; `sort` also takes `-startsAt` (latest first) and `createdAt` (creation order). The program office sees every workshop, a moderator those assigned to them, a municipality those it takes part in. Filters: `from`/`to` (time range), status, municipality, program, moderator.',
        tags,
        querystring: listWorkshopsQuery,
        response: { 200: workshopPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listWorkshops(request.ctx(), request.query)),
  );

  r.post(
    '/v1/workshops',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createWorkshop',
        summary: 'Schedule a workshop',
        description:
          "Program administrators only. 422 for a rule of the program (`workshop_outside_program_period` when it does not lie within the program's `startsOn`–`endsOn`, Berlin days; `too_many_municipalities`, `municipality_not_eligible`, `capacity_exceeds_program`, …); 409 `municipality_double_booked` or `moderator_double_booked` when the time overlaps another non-cancelled workshop of the same municipality or moderator.",
        tags,
        headers: idempotencyHeaders,
        body: createWorkshopBody,
        response: { 201: workshop, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createWorkshop(request.ctx(), request.body);
      return sendCreated(reply, `/v1/workshops/${created.id}`, created);
    },
  );

  r.get(
    '/v1/workshops/:id',
    {
      schema: {
        operationId: 'getWorkshop',
        summary: 'Get a workshop',
        description:
          'Visible as in the list: to the program office, to its assigned moderator and to the municipalities taking part; any other workshop is 404. Sent with an ETag for `If-Match` on changes.',
        tags,
        params: idParams,
        response: { 200: workshop, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getWorkshop(request.ctx(), request.params.id)),
  );

  r.patch(
    '/v1/workshops/:id',
    {
      schema: {
        operationId: 'updateWorkshop',
        summary: 'Update a workshop',
        description:
          "Program administrators; assigned moderators may change notes, venue and online URL and mark it `held`. Requires `If-Match`. New dates must lie within the program's period (422 `workshop_outside_program_period`). 409 `workshop_locked` for a cancelled or held workshop (only notes), `capacity_below_confirmed`, `seats_below_confirmed`, `municipality_has_registrations`. A changed date or place of a published workshop is mailed to its participants.",
        tags,
        params: idParams,
        headers: requiredIfMatchHeaders,
        body: updateWorkshopBody,
        response: { 200: workshop, ...conditionalWriteErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.updateWorkshop(request.ctx(), request.params.id, request.body)),
  );

  r.post(
    '/v1/workshops/:id/cancel',
    {
      schema: {
        operationId: 'cancelWorkshop',
        summary: 'Cancel a workshop',
        description:
          'Program administrators only. Every registered participant of a published workshop gets an e-mail with a calendar cancellation.',
        tags,
        params: idParams,
        body: cancelWorkshopBody,
        response: { 200: workshop, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.cancelWorkshop(request.ctx(), request.params.id, request.body.reason)),
  );

  r.get(
    '/v1/workshops/:id/calendar.ics',
    {
      schema: {
        operationId: 'getWorkshopCalendar',
        summary: 'The workshop as an iCalendar file',
        description:
          "text/calendar in Europe/Berlin time with VTIMEZONE; the UID is the same as in the participants' e-mails, so importing it again updates the entry.",
        tags,
        params: idParams,
        response: {
          200: z.string().meta({ id: 'ICalendar', description: 'An iCalendar (RFC 5545) document.' }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const ics = await service.workshopCalendar(request.ctx(), request.params.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="werkstatt.ics"')
        .send(ics);
    },
  );
}
