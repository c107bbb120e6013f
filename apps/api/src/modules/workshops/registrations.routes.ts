import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { commonErrors, idempotencyHeaders, idParams, writeErrors } from '../../lib/schemas.js';
import {
  createRegistrationBody,
  listRegistrationsQuery,
  registration,
  registrationPage,
  registrationParams,
} from './registrations.schemas.js';
import * as service from './registrations.service.js';

const tags = ['registrations'];
const base = '/v1/workshops/:id/registrations';

export async function registrationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    base,
    {
      schema: {
        operationId: 'listRegistrations',
        summary: "List a workshop's participants",
        description:
          'A municipality sees its own participants only; the program office all. API keys need `personal:read`. Filters: status, municipality. Every read is recorded in the audit trail.',
        tags,
        params: idParams,
        querystring: listRegistrationsQuery,
        response: { 200: registrationPage, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.listRegistrations(request.ctx(), request.params.id, request.query),
      ),
  );

  r.post(
    base,
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createRegistration',
        summary: 'Register a participant',
        description:
          "Municipality admins and editors for their own municipality, the program office for any participating one. The answer is `confirmed` while seats (and the municipality's quota) are left, else `waitlisted` with its position. 409 `already_registered`, `workshop_cancelled`, `workshop_held`, `workshop_not_published`, `registration_not_open`, `registration_closed`.",
        tags,
        params: idParams,
        headers: idempotencyHeaders,
        body: createRegistrationBody,
        response: { 201: registration, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.registerParticipant(request.ctx(), request.params.id, request.body);
      return sendCreated(reply, `/v1/workshops/${request.params.id}/registrations/${created.id}`, created);
    },
  );

  r.get(
    `${base}/:registrationId`,
    {
      schema: {
        operationId: 'getRegistration',
        summary: 'Get a participant',
        description: 'Recorded in the audit trail.',
        tags,
        params: registrationParams,
        response: { 200: registration, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.getRegistration(request.ctx(), request.params.id, request.params.registrationId),
      ),
  );

  r.post(
    `${base}/:registrationId/cancel`,
    {
      schema: {
        operationId: 'cancelRegistration',
        summary: 'Cancel a registration',
        description:
          'A freed seat goes to the first waitlisted person (whose municipality still has quota) in the same transaction; they are told by e-mail.',
        tags,
        params: registrationParams,
        response: { 200: registration, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.cancelRegistration(request.ctx(), request.params.id, request.params.registrationId),
      ),
  );

  r.post(
    `${base}/:registrationId/check-in`,
    {
      schema: {
        operationId: 'checkInRegistration',
        summary: 'Check a participant in',
        description:
          'Program administrators and the assigned moderators, on the day of the workshop (Europe/Berlin): the participant `attended`.',
        tags,
        params: registrationParams,
        response: { 200: registration, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.checkIn(request.ctx(), request.params.id, request.params.registrationId)),
  );

  r.delete(
    `${base}/:registrationId/check-in`,
    {
      schema: {
        operationId: 'undoCheckIn',
        summary: 'Undo a check-in',
        description:
          'Program administrators and the assigned moderators, on the day of the check-in (Europe/Berlin): the participant is `confirmed` again and keeps the seat. 409 `not_checked_in` when not checked in, `check_in_final` from the next day on.',
        tags,
        params: registrationParams,
        response: { 200: registration, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.undoCheckIn(request.ctx(), request.params.id, request.params.registrationId),
      ),
  );

  r.post(
    `${base}/:registrationId/erase`,
    {
      schema: {
        operationId: 'eraseRegistration',
        summary: "Erase a participant's personal data (DSGVO)",
        description:
          'Program administrators, and the administrators of the participant’s municipality. Names, e-mail address, note and personal links are replaced; status, role and counts stay, `anonymizedAt` is set. The audit trail records the erasure, not the erased data. Erasing again changes nothing.',
        tags,
        params: registrationParams,
        response: { 200: registration, ...writeErrors },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.eraseRegistration(request.ctx(), request.params.id, request.params.registrationId),
      ),
  );

  r.get(
    '/v1/workshops/:id/registrations.csv',
    {
      schema: {
        operationId: 'exportRegistrationsCsv',
        summary: 'Participant list as CSV for Excel',
        description:
          'UTF-8 with BOM, `;` as separator and German headers, so German Excel opens it directly. A municipality gets its own participants only. Recorded in the audit trail.',
        tags,
        params: idParams,
        response: {
          200: z.string().meta({
            id: 'ParticipantCsv',
            description: 'UTF-8 CSV with BOM, `;` separated, German headers.',
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const csv = await service.exportRegistrationsCsv(request.ctx(), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="teilnehmende.csv"')
        .send(csv);
    },
  );

  r.get(
    '/v1/workshops/:id/sign-in-sheet.pdf',
    {
      schema: {
        operationId: 'exportSignInSheet',
        summary: 'Printable sign-in sheet (PDF)',
        description:
          'A4, German: the workshop, date and place, and the confirmed participants (Name, Kommune, Rolle, Unterschrift) by municipality and last name, with the header on every page. A municipality gets its own participants only. Recorded in the audit trail.',
        tags,
        params: idParams,
        response: {
          200: z.string().meta({
            id: 'SignInSheetPdf',
            description: 'A PDF document (application/pdf).',
            format: 'binary',
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const pdf = await service.exportSignInSheet(request.ctx(), request.params.id);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', 'attachment; filename="unterschriftenliste.pdf"')
          // A Buffer is sent as it is (Fastify skips the serializer); the schema documents it as binary.
          .send(pdf as unknown as string)
      );
    },
  );
}
