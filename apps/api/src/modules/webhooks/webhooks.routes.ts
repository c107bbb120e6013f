import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf, sendCached, withEtag } from '../../lib/http-cache.js';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import {
  commonErrors,
  conditionalWriteErrors,
  idParams,
  ifMatchHeaders,
  requiredIfMatchHeaders,
  writeErrors,
} from '../../lib/schemas.js';
import {
  createdWebhookSubscription,
  createWebhookSubscriptionBody,
  deliveryParams,
  listWebhookSubscriptionsQuery,
  rotateWebhookSecretBody,
  updateWebhookSubscriptionBody,
  webhookDelivery,
  webhookSubscription,
} from './webhooks.schemas.js';
import type { WebhookService } from './webhooks.service.js';

const tags = ['webhooks'];
const whoMay =
  'Program administrators manage every subscription; municipality administrators only their own municipality’s. Not with API keys.';

export async function webhookRoutes(
  app: FastifyInstance,
  { service }: { service: WebhookService },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'listWebhookSubscriptions',
        summary: 'List webhook subscriptions',
        description: `${whoMay} The signing secrets are never shown.`,
        tags,
        querystring: listWebhookSubscriptionsQuery,
        response: {
          200: pageSchema(webhookSubscription).meta({ id: 'WebhookSubscriptionPage' }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => sendCached(request, reply, await service.list(request.ctx(), request.query)),
  );

  // No Idempotency-Key here: a replay would show the secret a second time.
  r.post(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'createWebhookSubscription',
        summary: 'Subscribe to webhook events',
        description: `${whoMay} The response carries the signing secret once; store it now. The URL must be https and resolve to public addresses only (422 webhook_target_refused otherwise).`,
        tags,
        body: createWebhookSubscriptionBody,
        response: { 201: createdWebhookSubscription, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { secret, ...stored } = await service.create(request.ctx(), request.body);
      // The ETag is that of the stored representation (as GET returns it), never derived from the secret.
      reply.code(201).header('location', `/v1/webhooks/${stored.id}`).header('etag', etagOf(stored));
      return { ...stored, secret };
    },
  );

  r.get(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhookSubscription',
        summary: 'Get a webhook subscription',
        description: whoMay,
        tags,
        params: idParams,
        response: { 200: webhookSubscription, ...commonErrors },
      },
    },
    async (request, reply) => sendCached(request, reply, await service.get(request.ctx(), request.params.id)),
  );

  r.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'updateWebhookSubscription',
        summary: 'Change a webhook subscription',
        description: `${whoMay} \`status: active\` re-enables a disabled subscription and resets its failure count.`,
        tags,
        params: idParams,
        headers: requiredIfMatchHeaders,
        body: updateWebhookSubscriptionBody,
        response: { 200: webhookSubscription, ...conditionalWriteErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.update(request.ctx(), request.params.id, request.body)),
  );

  r.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'deleteWebhookSubscription',
        summary: 'Delete a webhook subscription',
        description: `${whoMay} Nothing is delivered to it any more.`,
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await service.remove(request.ctx(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'Rotate the signing secret',
        description: `${whoMay} The response carries the new secret once. The previous secret keeps signing alongside it (a second signature in \`webhook-signature\`) until \`previousSecretExpiresAt\`.`,
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: rotateWebhookSecretBody.nullish(),
        response: { 200: createdWebhookSubscription, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { secret, ...stored } = await service.rotateSecret(
        request.ctx(),
        request.params.id,
        request.body ?? {},
      );
      reply.header('etag', etagOf(stored));
      return { ...stored, secret };
    },
  );

  r.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'List the deliveries of a subscription',
        description: `${whoMay} Newest first, each with the log of its HTTP attempts.`,
        tags,
        params: idParams,
        querystring: z.object(pageQuery).strict(),
        response: { 200: pageSchema(webhookDelivery).meta({ id: 'WebhookDeliveryPage' }), ...commonErrors },
      },
    },
    async (request, reply) =>
      sendCached(
        request,
        reply,
        await service.listDeliveries(request.ctx(), request.params.id, request.query),
      ),
  );

  r.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        operationId: 'redeliverWebhook',
        summary: 'Send a delivery again',
        description: `${whoMay} The delivery goes back to pending and is sent again soon, with the same \`webhook-id\`. 409 webhook_disabled when the subscription is disabled.`,
        tags,
        params: deliveryParams,
        response: { 202: webhookDelivery.describe('The delivery is queued again.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const delivery = await service.redeliver(request.ctx(), request.params.id, request.params.deliveryId);
      return reply.code(202).send(delivery);
    },
  );
}
