import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { enqueue } from '@werkstatt/jobs';
import {
  encryptSecret,
  generateWebhookSecret,
  isAllowListed,
  isForbiddenAddress,
  parseAllowList,
} from '@werkstatt/webhooks';
import type { Config } from '../../config.js';
import type { Actor } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isForeignKeyViolation } from '../../lib/db-errors.js';
import {
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  notFound,
  unprocessable,
} from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import { iso } from '../../lib/schemas.js';
import * as data from './webhooks.data.js';
import {
  type CreatedWebhookSubscriptionDto,
  type CreateWebhookSubscriptionInput,
  type ListWebhookSubscriptionsQuery,
  personalEventTypes,
  type RotateWebhookSecretInput,
  type UpdateWebhookSubscriptionInput,
  type WebhookDeliveryDto,
  type WebhookSubscriptionDto,
} from './webhooks.schemas.js';

/**
 * Outside production (where WEBHOOK_SECRET_KEY is required) secrets are encrypted under this fixed
 * key, so that they stay readable across restarts and for the worker, which uses the same default.
 */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'werkstatt-development-webhook-secret-key-not-for-production';

export type WebhookConfig = Pick<
  Config,
  'WEBHOOK_SECRET_KEY' | 'WEBHOOK_ALLOWED_TARGETS' | 'WEBHOOK_SECRET_OVERLAP_HOURS'
>;

/** Resolves a host name to all its addresses (node:dns lookup; a test may hand in another). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export const toSubscriptionDto = (r: data.SubscriptionRow): WebhookSubscriptionDto => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  municipalityId: r.municipalityId,
  personalData: r.personalData,
  status: r.status,
  consecutiveFailures: r.consecutiveFailures,
  disabledAt: iso(r.disabledAt),
  disabledReason: r.disabledReason,
  previousSecretExpiresAt: iso(r.previousSecretExpiresAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const toDeliveryDto = (d: data.DeliveryRow, attempts: data.AttemptRow[]): WebhookDeliveryDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType as WebhookDeliveryDto['eventType'],
  status: d.status,
  attemptCount: d.attempts,
  lastAttemptAt: iso(d.lastAttemptAt),
  nextAttemptAt: iso(d.nextAttemptAt),
  createdAt: d.createdAt.toISOString(),
  attempts: attempts.map((a) => ({
    attempt: a.attempt,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    error: a.error,
    responseExcerpt: a.responseExcerpt,
  })),
});

/** Who may manage subscriptions: people only, the program admin all, a municipality admin its own. */
type Manager =
  | { kind: 'program_admin'; userId: string }
  | { kind: 'municipality_admin'; userId: string; municipalityId: string };

function requireManager(actor: Actor): Manager {
  if (actor.type === 'api_key') {
    throw forbidden('Webhook subscriptions are managed by people, not with API keys.');
  }
  if (actor.role === 'program_admin') return { kind: 'program_admin', userId: actor.id };
  if (actor.role === 'municipality_admin' && actor.municipalityId) {
    return { kind: 'municipality_admin', userId: actor.id, municipalityId: actor.municipalityId };
  }
  throw forbidden('Only program administrators and municipality administrators manage webhooks.');
}

const tenantOf = (m: Manager) => (m.kind === 'municipality_admin' ? m.municipalityId : undefined);

function subscriptionMunicipality(m: Manager, requested: string | null | undefined): string | null {
  if (m.kind === 'program_admin') return requested ?? null;
  if (requested === undefined || requested === m.municipalityId) return m.municipalityId;
  if (requested === null) {
    throw forbidden('Municipality administrators can only create subscriptions of their own municipality.');
  }
  // Another municipality is reported as missing, so its existence is not confirmed.
  throw notFound('Municipality');
}

/** registration.* events are personal data: one municipality's, and only when asked for. */
function assertPersonalDataRules(
  events: readonly string[],
  municipalityId: string | null,
  personalData: boolean,
): void {
  const errors: FieldError[] = [];
  const personal = events.filter((e) => (personalEventTypes as readonly string[]).includes(e));
  if (personalData && municipalityId === null) {
    errors.push({
      path: 'body.personalData',
      message: 'personal data is only delivered to a subscription bound to one municipality',
    });
  }
  if (personal.length > 0 && (municipalityId === null || !personalData)) {
    errors.push({
      path: 'body.events',
      message: `${personal.join(', ')} carry personal data: they need a municipalityId and personalData: true`,
    });
  }
  if (errors.length > 0) {
    throw badRequest(
      'registration.* events carry participants’ personal data: only a subscription of one municipality with personalData: true may receive them.',
      errors,
    );
  }
}

const targetRefused = (detail: string) => unprocessable('webhook_target_refused', detail);

export function createWebhookService({
  config,
  resolveHost = resolveWithDns,
}: {
  config: WebhookConfig;
  resolveHost?: ResolveHost;
}) {
  const allowList = parseAllowList(config.WEBHOOK_ALLOWED_TARGETS);
  const secretKey = config.WEBHOOK_SECRET_KEY ?? DEVELOPMENT_WEBHOOK_SECRET_KEY;
  const newSecret = () => {
    const secret = generateWebhookSecret();
    return { secret, ciphertext: encryptSecret(secret, secretKey) };
  };

  /**
   * Checks a target before it is stored: https, no credentials or fragment, and every address its
   * host resolves to public. Done before the transaction (no network call inside one); the worker
   * checks again on every delivery, since DNS answers change.
   */
  async function assertTarget(raw: string): Promise<string> {
    const invalid = (message: string) =>
      badRequest(`The webhook URL is not acceptable: ${message}.`, [{ path: 'body.url', message }]);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid('must be an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('must use https');
    if (url.username || url.password) throw invalid('must not contain a user name or password');
    if (raw.includes('#')) throw invalid('must not contain a fragment');
    if (isAllowListed(url, allowList)) return url.href;
    if (url.protocol !== 'https:') throw invalid('must use https');
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: string[];
    if (isIP(host)) {
      addresses = [host];
    } else {
      try {
        addresses = await resolveHost(host);
      } catch {
        throw targetRefused(`The host ${host} cannot be resolved.`);
      }
      if (addresses.length === 0) throw targetRefused(`The host ${host} cannot be resolved.`);
    }
    if (addresses.some(isForbiddenAddress)) {
      throw targetRefused(
        'Webhooks are only sent to public addresses: the host resolves to a loopback, private, link-local, shared or otherwise reserved address.',
      );
    }
    return url.href;
  }

  async function loadVisible(ctx: RequestContext, m: Manager, id: string) {
    const row = await ctx.db.transaction((tx) => data.findSubscription(tx, id, { tenantId: tenantOf(m) }));
    if (!row) throw notFound('Webhook subscription');
    return row;
  }

  return {
    async list(ctx: RequestContext, q: ListWebhookSubscriptionsQuery): Promise<Page<WebhookSubscriptionDto>> {
      const m = requireManager(ctx.actor);
      const rows = await ctx.db.transaction((tx) =>
        data.listSubscriptions(tx, { tenantId: tenantOf(m), municipalityId: q.municipalityId }, q),
      );
      return toPage(rows, q, toSubscriptionDto);
    },

    async get(ctx: RequestContext, id: string): Promise<WebhookSubscriptionDto> {
      const m = requireManager(ctx.actor);
      return toSubscriptionDto(await loadVisible(ctx, m, id));
    },

    async create(
      ctx: RequestContext,
      input: CreateWebhookSubscriptionInput,
    ): Promise<CreatedWebhookSubscriptionDto> {
      const m = requireManager(ctx.actor);
      const municipalityId = subscriptionMunicipality(m, input.municipalityId);
      assertPersonalDataRules(input.events, municipalityId, input.personalData);
      const url = await assertTarget(input.url);
      const { secret, ciphertext } = newSecret();
      try {
        return await ctx.db.transaction(async (tx) => {
          if (municipalityId && !(await data.municipalityExists(tx, municipalityId))) {
            throw notFound('Municipality');
          }
          const dto = toSubscriptionDto(
            await data.insertSubscription(tx, {
              municipalityId,
              url,
              description: input.description ?? null,
              events: input.events,
              personalData: input.personalData,
              secretCiphertext: ciphertext,
              createdBy: m.userId,
            }),
          );
          await recordAudit(tx, ctx, {
            action: 'webhook_subscription.created',
            entityType: 'webhook_subscription',
            entityId: dto.id,
            municipalityId,
            after: dto,
          });
          return { ...dto, secret };
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) throw notFound('Municipality');
        throw err;
      }
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: UpdateWebhookSubscriptionInput,
    ): Promise<WebhookSubscriptionDto> {
      const m = requireManager(ctx.actor);
      const url = input.url === undefined ? undefined : await assertTarget(input.url);
      return changeResource(ctx, {
        what: 'Webhook subscription',
        entityType: 'webhook_subscription',
        action: 'webhook_subscription.updated',
        requireIfMatch: true,
        load: (tx) => data.findSubscription(tx, id, { tenantId: tenantOf(m), forUpdate: true }),
        toDto: toSubscriptionDto,
        municipalityId: (row) => row.municipalityId,
        write: async (tx, row) => {
          if (input.events) assertPersonalDataRules(input.events, row.municipalityId, row.personalData);
          const values: Partial<data.SubscriptionValues> = {
            ...(url !== undefined ? { url } : {}),
            ...(input.events !== undefined ? { events: input.events } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
          };
          if (input.status === 'active') {
            Object.assign(values, {
              status: 'active',
              consecutiveFailures: 0,
              disabledAt: null,
              disabledReason: null,
            });
          } else if (input.status === 'disabled' && row.status !== 'disabled') {
            Object.assign(values, {
              status: 'disabled',
              disabledAt: new Date(),
              disabledReason: 'Von Hand deaktiviert.',
            });
          }
          if (Object.keys(values).length === 0) return row;
          return data.updateSubscription(tx, row.id, values);
        },
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      const m = requireManager(ctx.actor);
      await changeResource(ctx, {
        what: 'Webhook subscription',
        entityType: 'webhook_subscription',
        action: 'webhook_subscription.deleted',
        load: (tx) => data.findSubscription(tx, id, { tenantId: tenantOf(m), forUpdate: true }),
        toDto: toSubscriptionDto,
        municipalityId: (row) => row.municipalityId,
        write: (tx, row) => data.updateSubscription(tx, row.id, { deletedAt: new Date() }),
      });
    },

    /**
     * A new secret, shown once. The old one keeps signing alongside it for the overlap, so a receiver
     * can switch without rejecting a delivery; a rotation during an overlap drops the oldest secret.
     */
    async rotateSecret(
      ctx: RequestContext,
      id: string,
      input: RotateWebhookSecretInput,
      now = new Date(),
    ): Promise<CreatedWebhookSubscriptionDto> {
      const m = requireManager(ctx.actor);
      const overlapHours = input.overlapHours ?? config.WEBHOOK_SECRET_OVERLAP_HOURS;
      const { secret, ciphertext } = newSecret();
      const dto = await changeResource(ctx, {
        what: 'Webhook subscription',
        entityType: 'webhook_subscription',
        action: 'webhook_subscription.secret_rotated',
        load: (tx) => data.findSubscription(tx, id, { tenantId: tenantOf(m), forUpdate: true }),
        toDto: toSubscriptionDto,
        municipalityId: (row) => row.municipalityId,
        write: (tx, row) =>
          data.updateSubscription(tx, row.id, {
            secretCiphertext: ciphertext,
            previousSecretCiphertext: overlapHours > 0 ? row.secretCiphertext : null,
            previousSecretExpiresAt:
              overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null,
          }),
      });
      return { ...dto, secret };
    },

    async listDeliveries(ctx: RequestContext, id: string, q: PageQuery): Promise<Page<WebhookDeliveryDto>> {
      const m = requireManager(ctx.actor);
      return ctx.db.transaction(async (tx) => {
        const sub = await data.findSubscription(tx, id, { tenantId: tenantOf(m) });
        if (!sub) throw notFound('Webhook subscription');
        const rows = await data.listDeliveries(tx, sub.id, q);
        const kept = rows.slice(0, q.limit);
        const attempts = await data.attemptsOf(
          tx,
          kept.map((d) => d.id),
        );
        const byDelivery = new Map<string, data.AttemptRow[]>();
        for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
        return toPage(rows, q, (d) => toDeliveryDto(d, byDelivery.get(d.id) ?? []));
      });
    },

    /** Sends a delivery again: back to pending, with a 'webhook.deliver' job in the outbox. */
    async redeliver(ctx: RequestContext, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
      const m = requireManager(ctx.actor);
      return ctx.db.transaction(async (tx) => {
        const sub = await data.findSubscription(tx, id, { tenantId: tenantOf(m), forUpdate: true });
        if (!sub) throw notFound('Webhook subscription');
        if (sub.status === 'disabled') {
          throw conflict(
            'webhook_disabled',
            'The subscription is disabled. Enable it again (PATCH status active) before redelivering.',
          );
        }
        const delivery = await data.findDelivery(tx, sub.id, deliveryId);
        if (!delivery) throw notFound('Webhook delivery');
        const after = await data.resetDelivery(tx, delivery.id);
        await enqueue(tx, {
          queue: 'webhooks',
          name: 'webhook.deliver',
          payload: { deliveryId: delivery.id, municipalityId: delivery.municipalityId },
        });
        await recordAudit(tx, ctx, {
          action: 'webhook_delivery.redelivered',
          entityType: 'webhook_delivery',
          entityId: delivery.id,
          municipalityId: delivery.municipalityId,
          before: { status: delivery.status, subscriptionId: sub.id },
          after: { status: after.status, subscriptionId: sub.id },
        });
        const row = await data.findDeliveryWithEvent(tx, delivery.id);
        return toDeliveryDto(row!, await data.attemptsOf(tx, [delivery.id]));
      });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
