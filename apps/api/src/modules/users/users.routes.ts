import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendCached, sendCreated, withEtag } from '../../lib/http-cache.js';
import { pageSchema, syncQuery } from '../../lib/pagination.js';
import {
  commonErrors,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import type { AccountLinks, CredentialCache } from '../auth/index.js';
import { createUserBody, updateUserBody, user, userFilters } from './users.dto.js';
import * as service from './users.service.js';

const tags = ['users'];
const whoMay =
  'Program administrators manage every user; municipality administrators only the users of their own municipality.';

/**
 * `credentials`: a changed or deleted user's cached sign-ins are forgotten here at once.
 * `accountLinks`: the invitation links (to set a password) of new and re-invited users.
 */
export async function userRoutes(
  app: FastifyInstance,
  { credentials, accountLinks }: { credentials: CredentialCache; accountLinks: AccountLinks },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/users',
    {
      schema: {
        operationId: 'listUsers',
        summary: 'List users',
        description: `${whoMay} With \`updatedSince\`, deleted users appear as tombstones.`,
        tags,
        querystring: z.object({ ...syncQuery, ...userFilters }).strict(),
        response: { 200: pageSchema(user).meta({ id: 'UserPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.listUsers(request.ctx(), request.query)),
  );

  r.post(
    '/v1/users',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createUser',
        summary: 'Create a user',
        description: `${whoMay} Municipality administrators cannot grant program office roles. The new user gets an invitation mail with a link to set their own password (APP_URL/passwort-setzen/{token}, valid for ACCOUNT_INVITATION_TTL_HOURS, once).`,
        tags,
        headers: idempotencyHeaders,
        body: createUserBody,
        response: { 201: user, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await service.createUser(request.ctx(), request.body, accountLinks);
      return sendCreated(reply, `/v1/users/${created.id}`, created);
    },
  );

  r.get(
    '/v1/users/:id',
    {
      schema: {
        operationId: 'getUser',
        summary: 'Get a user',
        description: whoMay,
        tags,
        params: idParams,
        response: { 200: user, ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await service.getUser(request.ctx(), request.params.id)),
  );

  r.patch(
    '/v1/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        summary: 'Update a user',
        description: `${whoMay} Nobody disables or demotes their own account. Disabling, a role or municipality change and a new password end the user's sessions. Send \`If-Match\` to avoid lost updates.`,
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: updateUserBody,
        response: { 200: user, ...writeErrors },
      },
    },
    async (request, reply) => {
      const updated = await service.updateUser(request.ctx(), request.params.id, request.body);
      credentials.forget(request.params.id);
      return withEtag(reply, updated);
    },
  );

  r.post(
    '/v1/users/:id/invitation',
    {
      schema: {
        operationId: 'resendUserInvitation',
        summary: 'Send the invitation mail again',
        description: `${whoMay} Mails a new link to set a password; the links mailed before stop working. A disabled user is 409 \`user_disabled\`.`,
        tags,
        params: idParams,
        response: { 202: z.null().describe('Invitation queued'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.resendInvitation(request.ctx(), request.params.id, accountLinks);
      return reply.code(202).send(null);
    },
  );

  r.delete(
    '/v1/users/:id',
    {
      schema: {
        operationId: 'deleteUser',
        summary: 'Delete a user',
        description: `${whoMay} Erases the account: its name, e-mail address and password are replaced (the address can be given to a new account), its sessions end, and it shows up as a tombstone in sync lists and as "gelöschter Benutzer" in the audit log. Nobody deletes their own account.`,
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.deleteUser(request.ctx(), request.params.id);
      credentials.forget(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
