import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commonErrors, idempotencyHeaders, idParams, writeErrors } from '../../lib/schemas.js';
import {
  createdInvitation,
  createInvitationBody,
  invitation,
  invitationPage,
  invitationParams,
  listInvitationsQuery,
} from './invitations.schemas.js';
import * as service from './invitations.service.js';

const tags = ['invitations'];
const base = '/v1/workshops/:id/invitations';

export async function invitationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createInvitation',
        summary: 'Create an invitation link',
        description:
          'Admins and editors of a participating municipality for their own municipality, the program office for any. Whoever holds the link registers without an account (double opt-in) as a participant of that municipality. The secret `token` is shown only in this answer.',
        tags,
        params: idParams,
        headers: idempotencyHeaders,
        body: createInvitationBody,
        response: { 201: createdInvitation, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createInvitation(request.ctx(), request.params.id, request.body);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  r.get(
    base,
    {
      schema: {
        operationId: 'listInvitations',
        summary: "List a workshop's invitation links",
        description:
          'In creation order. A municipality sees its own links only. The secrets are never shown again.',
        tags,
        params: idParams,
        querystring: listInvitationsQuery,
        response: { 200: invitationPage, ...commonErrors },
      },
    },
    async (request) => service.listInvitations(request.ctx(), request.params.id, request.query),
  );

  r.post(
    `${base}/:invitationId/revoke`,
    {
      schema: {
        operationId: 'revokeInvitation',
        summary: 'Revoke an invitation link',
        description: 'From now on the link answers 404. Registrations made through it stay.',
        tags,
        params: invitationParams,
        response: { 200: invitation, ...writeErrors },
      },
    },
    async (request) =>
      service.revokeInvitation(request.ctx(), request.params.id, request.params.invitationId),
  );
}
