import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Database,
  type WebhookEventType,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEvents,
  webhookSubscriptions,
} from '@werkstatt/db';
import { encryptSecret, generateWebhookSecret } from '@werkstatt/webhooks';
import { asc, eq } from 'drizzle-orm';

export interface ReceivedRequest {
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * A local webhook receiver on 127.0.0.1: records every request and TCP connection, and answers each
 * path with the answers queued for it (200 when none are left).
 */
export interface Receiver {
  port: number;
  origin: string;
  requests: ReceivedRequest[];
  /** TCP connections accepted so far: a refused target must not add one. */
  connections: number;
  answer(path: string, ...answers: Answer[]): void;
  requestsTo(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const queued = new Map<string, Answer[]>();
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({
        path,
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const answer = queued.get(path)?.shift() ?? { status: 200, body: 'ok' };
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  const receiver: Receiver = {
    port: 0,
    origin: '',
    requests,
    connections: 0,
    answer(path, ...answers) {
      queued.set(path, [...(queued.get(path) ?? []), ...answers]);
    },
    requestsTo: (path) => requests.filter((r) => r.path === path),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', () => {
    receiver.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

export interface SubscriptionOptions {
  url: string;
  events: WebhookEventType[];
  municipalityId?: string | null;
  personalData?: boolean;
  createdBy?: string | null;
  status?: 'active' | 'disabled';
  deletedAt?: Date | null;
  consecutiveFailures?: number;
  secret?: string;
  previous?: { secret: string; expiresAt: Date };
}

/** A subscription as the API stores it (secrets encrypted under the key); returns it and its secret. */
export async function seedSubscription(owner: Database, key: string, options: SubscriptionOptions) {
  const secret = options.secret ?? generateWebhookSecret();
  const [row] = await owner
    .insert(webhookSubscriptions)
    .values({
      url: options.url,
      description: 'Beteiligungsportal Südpfalz',
      events: options.events,
      municipalityId: options.municipalityId ?? null,
      personalData: options.personalData ?? false,
      secretCiphertext: encryptSecret(secret, key),
      previousSecretCiphertext: options.previous ? encryptSecret(options.previous.secret, key) : null,
      previousSecretExpiresAt: options.previous?.expiresAt ?? null,
      status: options.status ?? 'active',
      disabledAt: options.status === 'disabled' ? new Date() : null,
      deletedAt: options.deletedAt ?? null,
      consecutiveFailures: options.consecutiveFailures ?? 0,
      createdBy: options.createdBy ?? null,
    })
    .returning();
  return { subscription: row!, secret };
}

/** An event as the API records it: `{ type, timestamp, data }`. */
export async function seedEvent(
  owner: Database,
  type: WebhookEventType,
  municipalityIds: string[],
  data: Record<string, unknown> = { id: '0190a5f2-7b1c-7cc4-9a51-5d6c9f1e2b3a', title: 'Workshop in Landau' },
) {
  const occurredAt = new Date();
  const [row] = await owner
    .insert(webhookEvents)
    .values({
      type,
      municipalityIds,
      payload: { type, timestamp: occurredAt.toISOString(), data },
      occurredAt,
    })
    .returning();
  return row!;
}

export async function deliveriesOf(owner: Database, eventId: string) {
  return owner
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.eventId, eventId))
    .orderBy(asc(webhookDeliveries.subscriptionId));
}

export async function attemptsOf(owner: Database, deliveryId: string) {
  return owner
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookDeliveryAttempts.attempt));
}
