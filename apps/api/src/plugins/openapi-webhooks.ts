import { type WebhookEventType, webhookEventTypes } from '@werkstatt/db';

/**
 * The OpenAPI 3.1 `webhooks` of the document: one entry per event type (driven from
 * webhookEventTypes, so a new type cannot be forgotten), each naming its payload schema. The payloads
 * are the Standard Webhooks body `{ type, timestamp, data }`; `data` is the resource as the API's GET
 * returns it, by reference to its named schema.
 */

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const uuid = { type: 'string', format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };

interface PayloadKind {
  /** The named component of the payload. */
  name: string;
  description: string;
  /** The schema of `data`. */
  data: JsonSchema;
  /** What the entry says about when the event is sent. */
  when: string;
}

const kinds = {
  workshop: {
    name: 'WebhookWorkshopEvent',
    description: 'A workshop was scheduled, changed or cancelled; `data` is the workshop as GET returns it.',
    data: ref('Workshop'),
    when: 'the program office scheduled, changed or cancelled a workshop',
  },
  strategy: {
    name: 'WebhookStrategyEvent',
    description:
      'A strategy was made public or adopted by the council; `data` is the strategy as GET returns it.',
    data: ref('Strategy'),
    when: 'a municipality published its strategy or the council adopted it',
  },
  measure: {
    name: 'WebhookMeasureEvent',
    description: 'A measure was created or changed; `data` is the measure as GET returns it.',
    data: ref('Measure'),
    when: 'a measure was created (also from an idea) or changed (also in a bulk update: one event per measure)',
  },
  measureDeleted: {
    name: 'WebhookMeasureDeletedEvent',
    description: 'A measure was deleted; `data` names it.',
    data: {
      type: 'object',
      properties: { id: uuid, municipalityId: uuid, deletedAt: dateTime },
      required: ['id', 'municipalityId', 'deletedAt'],
      additionalProperties: false,
    },
    when: 'a measure was deleted',
  },
  documentReady: {
    name: 'WebhookDocumentReadyEvent',
    description: 'The council document (PDF) of a strategy version is rendered and can be downloaded.',
    data: {
      type: 'object',
      properties: {
        id: { ...uuid, description: 'The document; download it with GET /v1/documents/{id}/content.' },
        municipalityId: uuid,
        strategyVersionId: uuid,
        pageCount: { type: 'integer', minimum: 1 },
        sizeBytes: { type: 'integer', minimum: 0 },
        filename: { type: 'string', examples: ['Digitalstrategie-Musterstadt-v3.pdf'] },
        readyAt: dateTime,
      },
      required: [
        'id',
        'municipalityId',
        'strategyVersionId',
        'pageCount',
        'sizeBytes',
        'filename',
        'readyAt',
      ],
      additionalProperties: false,
    },
    when: 'the PDF of a strategy version was rendered',
  },
  registration: {
    name: 'WebhookRegistrationEvent',
    description:
      'A participant registered, their registration changed (confirmed, waitlisted, moved up, checked in, erased) or was cancelled; `data` is the registration as GET returns it. Personal data: only delivered to subscriptions of the registration’s municipality with `personalData: true`.',
    data: ref('Registration'),
    when: 'a registration was created, changed or cancelled (personal data)',
  },
} satisfies Record<string, PayloadKind>;

const kindOf: Record<WebhookEventType, PayloadKind> = {
  'workshop.created': kinds.workshop,
  'workshop.updated': kinds.workshop,
  'workshop.cancelled': kinds.workshop,
  'strategy.published': kinds.strategy,
  'strategy.adopted': kinds.strategy,
  'measure.created': kinds.measure,
  'measure.updated': kinds.measure,
  'measure.deleted': kinds.measureDeleted,
  'document.ready': kinds.documentReady,
  'registration.created': kinds.registration,
  'registration.updated': kinds.registration,
  'registration.cancelled': kinds.registration,
};

const signatureHeaders = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The delivery’s id, the same on every attempt: use it to ignore a delivery seen before.',
    schema: uuid,
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description:
      'When this attempt was signed, in seconds since the Unix epoch. Reject it when far from now.',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$', examples: ['1796281200'] },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Space-separated `v1,<base64>` signatures: HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with the base64-decoded part of the secret after `whsec_`. During a secret rotation there are two; accept the delivery when any one matches.',
    schema: {
      type: 'string',
      maxLength: 1000,
      examples: ['v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='],
    },
  },
];

function payloadSchema(kind: PayloadKind): JsonSchema {
  const types = webhookEventTypes.filter((t) => kindOf[t] === kind);
  return {
    type: 'object',
    description: kind.description,
    properties: {
      type: { type: 'string', enum: types },
      timestamp: { ...dateTime, description: 'When the change happened.' },
      data: kind.data,
    },
    required: ['type', 'timestamp', 'data'],
    additionalProperties: false,
  };
}

/** The payload schemas, by component name. */
export function webhookPayloadSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(Object.values(kinds).map((k) => [k.name, payloadSchema(k)]));
}

/** The document's `webhooks`: what a subscriber's endpoint receives for each event type. */
export function webhookOperations(): Record<string, JsonSchema> {
  return Object.fromEntries(
    webhookEventTypes.map((type) => {
      const kind = kindOf[type];
      return [
        type,
        {
          post: {
            operationId: `webhook_${type.replace('.', '_')}`,
            summary: `${type}: ${kind.when}`,
            description: `Sent to every active subscription that lists \`${type}\`, as a POST with a JSON body, signed the Standard Webhooks way. Failed deliveries (no 2xx within the timeout) are retried with growing pauses; see GET /v1/webhooks/{id}/deliveries.`,
            tags: ['webhooks'],
            security: [],
            parameters: signatureHeaders,
            requestBody: { required: true, content: { 'application/json': { schema: ref(kind.name) } } },
            responses: {
              '2XX': {
                description: 'Received. Any other answer, or none within the timeout, counts as failed.',
              },
            },
          },
        },
      ];
    }),
  );
}
