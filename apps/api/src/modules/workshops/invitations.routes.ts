import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, idempotencyHeaders, idParams, writeErrors } from '../../lib/schemas.js';
import { type InvitationLinks, qrPng, qrSvg } from './invitation-links.js';
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

const qrErrors = { ...commonErrors, 409: writeErrors[409] };
const qrDescription =
  "The full invitation link as a QR code for a printed flyer. It opens registrations, so the same actors as for creating a link may fetch it; another municipality's link is 404. A revoked or expired link, or one made before links could be shown again, is 409 (create a new one).";

export async function invitationRoutes(
  app: FastifyInstance,
  opts: { links: InvitationLinks },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { links } = opts;

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createInvitation',
        summary: 'Create an invitation link',
        description:
          'Admins and editors of a participating municipality for their own municipality, the program office for any. Whoever holds the link registers without an account (double opt-in) as a participant of that municipality. The answer carries the secret `token` and the full `url` to hand out; lists never show them, the QR code routes draw the link again.',
        tags,
        params: idParams,
        headers: idempotencyHeaders,
        body: createInvitationBody,
        response: { 201: createdInvitation, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createInvitation(request.ctx(), links, request.params.id, request.body);
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

  r.get(
    `${base}/:invitationId/qr.svg`,
    {
      schema: {
        operationId: 'getInvitationQrSvg',
        summary: 'QR code of an invitation link (SVG)',
        description: qrDescription,
        tags,
        params: invitationParams,
        response: {
          200: z.string().meta({ id: 'QrCodeSvg', description: 'An SVG image (image/svg+xml).' }),
          ...qrErrors,
        },
      },
    },
    async (request, reply) => {
      const url = await service.invitationLink(
        request.ctx(),
        links,
        request.params.id,
        request.params.invitationId,
      );
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline; filename="einladung.svg"')
        .send(await qrSvg(url));
    },
  );

  r.get(
    `${base}/:invitationId/qr.png`,
    {
      schema: {
        operationId: 'getInvitationQrPng',
        summary: 'QR code of an invitation link (PNG)',
        description: `${qrDescription} About 1000 × 1000 pixels.`,
        tags,
        params: invitationParams,
        response: {
          200: z
            .string()
            .meta({ id: 'QrCodePng', description: 'A PNG image (image/png).', format: 'binary' }),
          ...qrErrors,
        },
      },
    },
    async (request, reply) => {
      const url = await service.invitationLink(
        request.ctx(),
        links,
        request.params.id,
        request.params.invitationId,
      );
      const png = await qrPng(url);
      return (
        reply
          .type('image/png')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'inline; filename="einladung.png"')
          // A Buffer is sent as it is (Fastify skips the serializer); the schema documents it as binary.
          .send(png as unknown as string)
      );
    },
  );
}
