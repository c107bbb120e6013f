import type { Database } from '@werkstatt/db';
import type { PublishDocumentChange } from '@werkstatt/jobs';
import type { Config } from './config.js';
import { type RenderPdf, renderDocument } from './documents/render-document.js';
import type { Handlers } from './handlers.js';
import { sendAccountLinkMail } from './mail/account-links.js';
import { sendApplicationMail, sendApplicationSubmittedMails } from './mail/applications.js';
import type { Mailer } from './mail/mailer.js';
import { sendModeratorAssignedMail } from './mail/moderators.js';
import { sendOptInMail } from './mail/opt-in.js';
import { sendReviewReminderMail } from './mail/review-reminder.js';
import { sendWelcomeMail } from './mail/welcome.js';
import { sendRegistrationMail, sendWorkshopMail } from './mail/workshops.js';
import { eraseRegistrationMails, eraseUserCopies } from './privacy/erasure.js';
import { runRetentionScan } from './privacy/retention.js';
import { scanReviewReminders, todayInGermany } from './reminders/scan.js';
import { createWebhookClient, type Resolve, type WebhookClient } from './webhooks/client.js';
import {
  type DeliverConfig,
  deliverWebhook,
  deliverWebhookBatch,
  type WebhookOutcome,
} from './webhooks/deliver.js';
import { sendWebhookDisabledMail } from './webhooks/disabled-mail.js';
import { fanOutWebhookEvent } from './webhooks/fanout.js';
import { runWebhookRetentionScan } from './webhooks/retention.js';

export interface HandlerDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<
    Config,
    | 'APP_NAME'
    | 'APP_URL'
    | 'MAIL_FROM'
    | 'LINK_SECRET'
    | 'REGISTRATION_RETENTION_DAYS'
    | 'WEBHOOK_RETENTION_DAYS'
    | 'JOB_ATTEMPTS'
  > &
    Partial<WebhookConfig>;
  /** Replaces the PDF renderer (tests slow it down to stop a worker mid-render). */
  renderPdf?: RenderPdf;
  /** Announces document status changes to the API's event streams; none without Redis. */
  publishDocumentChange?: PublishDocumentChange;
  /** Posts webhook deliveries; by default one from config, resolving names with `resolve`. */
  webhookClient?: WebhookClient;
  /** Resolves webhook target names (DNS by default; tests play DNS rebinding with it). */
  resolve?: Resolve;
  /** Told each webhook delivery's outcome (the worker's metrics). */
  onWebhookOutcome?: (outcome: WebhookOutcome) => void;
}

type WebhookConfig = DeliverConfig & Pick<Config, 'WEBHOOK_ALLOWED_TARGETS' | 'WEBHOOK_BATCH_SIZE'>;

const webhookConfigKeys = [
  'WEBHOOK_ALLOWED_TARGETS',
  'WEBHOOK_SECRET_KEY',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_MAX_ATTEMPTS',
  'WEBHOOK_BACKOFF_BASE_MS',
  'WEBHOOK_BACKOFF_MAX_MS',
  'WEBHOOK_DISABLE_AFTER_FAILURES',
  'WEBHOOK_BATCH_SIZE',
] as const satisfies readonly (keyof WebhookConfig)[];

/**
 * The webhooks queue's handlers, when the config has the webhook settings (loadConfig always gives
 * them; a caller that runs a few handlers with a hand-made config need not). Without them the queue
 * is not consumed, rather than delivered with made-up settings.
 */
function webhookHandlers(deps: HandlerDeps): Handlers['webhooks'] {
  const { config } = deps;
  if (!webhookConfigKeys.every((k) => config[k] !== undefined)) return undefined;
  const webhookConfig = config as HandlerDeps['config'] & WebhookConfig;
  const webhookClient =
    deps.webhookClient ??
    createWebhookClient({
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
      allowList: webhookConfig.WEBHOOK_ALLOWED_TARGETS,
      timeoutMs: webhookConfig.WEBHOOK_TIMEOUT_MS,
    });
  const deliverDeps = {
    db: deps.db,
    config: webhookConfig,
    webhookClient,
    ...(deps.onWebhookOutcome ? { onOutcome: deps.onWebhookOutcome } : {}),
  };
  return {
    'webhook.fanout': (payload, ctx) =>
      fanOutWebhookEvent(deps.db, payload, ctx, webhookConfig.WEBHOOK_BATCH_SIZE),
    'webhook.deliver': (payload, ctx) => deliverWebhook(deliverDeps, payload, ctx),
    'webhook.deliverBatch': (payload, ctx) => deliverWebhookBatch(deliverDeps, payload, ctx),
  };
}

/** The handlers of every queue this worker consumes; production and dev mode run the same ones. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const webhooks = webhookHandlers(deps);
  return {
    documents: {
      'document.render': (payload, ctx) => renderDocument(deps, payload, ctx),
    },
    mail: {
      'user.welcome': (payload, ctx) => sendWelcomeMail(deps, payload, ctx),
      'user.invitation': (payload, ctx) => sendAccountLinkMail(deps, 'invitation', payload, ctx),
      'user.passwordReset': (payload, ctx) => sendAccountLinkMail(deps, 'password_reset', payload, ctx),
      'registration.optIn': (payload, ctx) => sendOptInMail(deps, payload, ctx),
      'registration.confirmed': (payload, ctx) => sendRegistrationMail(deps, 'confirmed', payload, ctx),
      'registration.waitlisted': (payload, ctx) => sendRegistrationMail(deps, 'waitlisted', payload, ctx),
      'registration.promoted': (payload, ctx) => sendRegistrationMail(deps, 'promoted', payload, ctx),
      'registration.cancelled': (payload, ctx) => sendRegistrationMail(deps, 'cancelled', payload, ctx),
      'workshop.changed': (payload, ctx) => sendWorkshopMail(deps, 'changed', payload, ctx),
      'workshop.cancelled': (payload, ctx) => sendWorkshopMail(deps, 'cancelled', payload, ctx),
      'workshop.moderatorAssigned': (payload, ctx) => sendModeratorAssignedMail(deps, payload, ctx),
      'application.submitted': (payload, ctx) => sendApplicationSubmittedMails(deps, payload, ctx),
      'application.accepted': (payload, ctx) => sendApplicationMail(deps, 'accepted', payload, ctx),
      'application.declined': (payload, ctx) => sendApplicationMail(deps, 'declined', payload, ctx),
      'user.erased': (payload, ctx) => eraseUserCopies(deps, payload, ctx),
      'registration.erased': (payload, ctx) => eraseRegistrationMails(deps, payload, ctx),
      'webhook.disabled': (payload, ctx) => sendWebhookDisabledMail(deps, payload, ctx),
    },
    reminders: {
      'strategy.reviewScan': async (_payload, ctx) => {
        const result = await scanReviewReminders(deps.db, todayInGermany());
        ctx.log.info({ jobId: ctx.jobId, ...result }, 'review reminder scan');
      },
      'strategy.reviewReminder': (payload, ctx) => sendReviewReminderMail(deps, payload, ctx),
      'registrations.retentionScan': async (_payload, ctx) => {
        const result = await runRetentionScan(deps.db, deps.config.REGISTRATION_RETENTION_DAYS);
        ctx.log.info({ jobId: ctx.jobId, ...result }, 'registration retention scan');
      },
      'webhooks.retentionScan': async (_payload, ctx) => {
        const result = await runWebhookRetentionScan(deps.db, deps.config.WEBHOOK_RETENTION_DAYS);
        ctx.log.info({ jobId: ctx.jobId, ...result }, 'webhook retention scan');
      },
    },
    ...(webhooks ? { webhooks } : {}),
  };
}
