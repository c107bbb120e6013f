import { z } from 'zod';

/**
 * The queues of background work. Each job name has a payload schema; payloads carry ids and the
 * municipality id, never whole rows, so a handler always reads the current state of the data.
 */
export const queueNames = ['documents', 'mail', 'reminders', 'webhooks'] as const;
export type QueueName = (typeof queueNames)[number];

const id = z.uuid();

/** Every payload names its municipality (null for program-office work), which also scopes the outbox row. */
function payload<Shape extends z.ZodRawShape, M extends z.ZodType<string | null>>(
  shape: Shape,
  municipalityId: M,
) {
  return z.object({ ...shape, municipalityId }).strict();
}

export const jobSchemas = {
  documents: {
    // Renders the PDF of one strategy version into a document row.
    'document.render': payload({ documentId: id }, id),
  },
  mail: {
    // Tells a new user that their account exists and where to log in (no password in the mail).
    // Written before accounts were invited; the API now writes user.invitation instead.
    'user.welcome': payload({ userId: id }, id.nullable()),
    // The link to set one's password: the invitation of a new account and a password reset. The
    // payload names the account_tokens row; the worker derives the link's secret (see mail/links).
    'user.invitation': payload({ tokenId: id }, id.nullable()),
    'user.passwordReset': payload({ tokenId: id }, id.nullable()),
    // Erasure (DSGVO): removes what a deleted user or an erased registration left outside the database
    // rows the API erased itself: mails the file transport wrote for them, and for a user the stored
    // Idempotency-Key responses that hold their name or address.
    'user.erased': payload({ userId: id }, id.nullable()),
    'registration.erased': payload({ registrationId: id }, id),
    // Tell a participant how their registration stands; each reads the registration as it is now.
    // Double opt-in: the link that confirms an invitee's e-mail address (minted by the worker, see mail/links).
    'registration.optIn': payload({ registrationId: id }, id),
    'registration.confirmed': payload({ registrationId: id }, id),
    'registration.waitlisted': payload({ registrationId: id }, id),
    'registration.promoted': payload({ registrationId: id }, id),
    'registration.cancelled': payload({ registrationId: id }, id),
    // Tell every registered participant and the moderators of a workshop that its date or place changed, or that it is off.
    'workshop.changed': payload({ workshopId: id }, z.null()),
    'workshop.cancelled': payload({ workshopId: id }, z.null()),
    // Tell a moderator that the program office assigned them to a workshop.
    'workshop.moderatorAssigned': payload({ workshopId: id, userId: id }, z.null()),
    // A municipality applied for a workshop: a receipt to its contact person and a notice to the program office.
    'application.submitted': payload({ applicationId: id }, id),
    // Tell the contact person of a municipality's workshop application how the program office decided.
    'application.accepted': payload({ applicationId: id }, id),
    'application.declined': payload({ applicationId: id }, id),
    // Tell a webhook subscription's owner that repeated failures disabled it. The municipality is the
    // subscription's (null for a program-wide one).
    'webhook.disabled': payload({ subscriptionId: id }, id.nullable()),
  },
  // Review reminders (Fortschreibung and due steps): their own queue, so the daily scan and its digest
  // mails are handled together and a worker for the mail queue need not know them.
  reminders: {
    // Daily, from the job scheduler: finds strategies and steps whose review or due date is near or
    // past and enqueues one strategy.reviewReminder per municipality and day. Program-wide: no municipality.
    'strategy.reviewScan': payload({}, z.null()),
    // The German digest of due reviews and steps to the municipality's admins (one review_reminders row).
    'strategy.reviewReminder': payload({ reminderId: id }, id),
    // Daily privacy scan (DSGVO): anonymises the registrations of workshops that ended more than the
    // retention period ago and ends invitees' registrations never confirmed in time. Program-wide.
    'registrations.retentionScan': payload({}, z.null()),
    // Daily: deletes webhook events older than the webhook retention period whose deliveries are all
    // settled, with their deliveries and logged attempts (registration events carry personal data).
    'webhooks.retentionScan': payload({}, z.null()),
  },
  webhooks: {
    // One webhook_events row, written with the change it reports: records a delivery for every active
    // subscription that wants it and enqueues each. The municipality is the writer's (null for the
    // program office), which scopes the outbox row; the event itself names whom it concerns.
    'webhook.fanout': payload({ eventId: id }, id.nullable()),
    // Delivers one recorded webhook delivery to its subscriber. `attempt` is the attempt this job makes
    // (1 from the fan-out, then one job per retry); a job whose attempt was already made is stale and
    // does nothing. Without it the job makes the delivery's next attempt. The municipality is the
    // subscription's (null for a program-wide one).
    'webhook.deliver': payload(
      { deliveryId: id, attempt: z.number().int().min(1).max(100).optional() },
      id.nullable(),
    ),
    // The first attempt of up to 100 deliveries of one fan-out to subscriptions of the same
    // municipality (null: program-wide), made at once: one job, one claim and one record for all.
    // Each failed one goes on with a `webhook.deliver` job per retry.
    'webhook.deliverBatch': payload({ deliveryIds: z.array(id).min(1).max(100) }, id.nullable()),
  },
} as const satisfies Record<QueueName, Record<string, z.ZodType<{ municipalityId: string | null }>>>;

type Schemas = typeof jobSchemas;

export type JobName<Q extends QueueName> = keyof Schemas[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.infer<Schemas[Q][N]>;

/** One job for one queue: queue, job name and the payload typed for that name. */
export type Job = {
  [Q in QueueName]: {
    [N in JobName<Q>]: { queue: Q; name: N; payload: JobPayload<Q, N> };
  }[JobName<Q>];
}[QueueName];

export class InvalidJobError extends Error {
  override readonly name = 'InvalidJobError';
}

export function isQueueName(value: string): value is QueueName {
  return (queueNames as readonly string[]).includes(value);
}

/** Validates a payload against its queue and job name; throws InvalidJobError with the reasons. */
export function parseJob(queue: string, name: string, payload: unknown): Job {
  if (!isQueueName(queue)) throw new InvalidJobError(`Unknown queue "${queue}"`);
  const schemas: Record<string, z.ZodType<{ municipalityId: string | null }>> = jobSchemas[queue];
  const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
  if (!schema) throw new InvalidJobError(`Unknown job "${name}" on queue "${queue}"`);
  const result = schema.safeParse(payload);
  if (!result.success) {
    const reasons = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
    throw new InvalidJobError(`Invalid payload for ${queue}/${name}: ${reasons.join('; ')}`);
  }
  return { queue, name, payload: result.data } as Job;
}
