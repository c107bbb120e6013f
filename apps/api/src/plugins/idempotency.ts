import { createHash } from 'node:crypto';
import { idempotencyKeys } from '@werkstatt/db';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import stringify from 'safe-stable-stringify';
import { actorKey } from '../lib/actor.js';
import { conflict, unprocessable } from '../lib/errors.js';

const TTL_MS = 24 * 60 * 60 * 1000;
// A request still "in progress" after this long died with its process (crash, deploy, timeout):
// its key is taken over, or a client retrying after a crash would be refused for a whole day.
const IN_PROGRESS_LEASE_MS = 5 * 60 * 1000;
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRecordId?: string;
  }
}

/**
 * Idempotency-Key on creating POSTs: the first request stores its response; a retry with the same
 * key and body gets that response again, another body 422, and a retry while the first runs 409.
 * The key row is its own short transaction so a concurrent retry sees "in progress" instead of waiting.
 * Only a 2xx response is kept: any other outcome frees the key, so a fixed request can reuse it.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (!request.routeOptions.config.idempotent || typeof key !== 'string') return;
      const ctx = request.ctx();
      const requestHash = createHash('sha256')
        .update(`${request.method} ${request.url}\n${stringify(request.body ?? null)}`)
        .digest('hex');
      const owner = actorKey(ctx.actor);
      const replay = await ctx.db.transaction(async (tx) => {
        const where = and(eq(idempotencyKeys.actorKey, owner), eq(idempotencyKeys.key, key));
        const [existing] = await tx.select().from(idempotencyKeys).where(where).limit(1);
        const abandoned =
          existing?.state === 'in_progress' &&
          existing.createdAt.getTime() < Date.now() - IN_PROGRESS_LEASE_MS;
        if (existing && (existing.expiresAt <= new Date() || abandoned)) {
          await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.id, existing.id));
        } else if (existing) {
          if (existing.requestHash !== requestHash) {
            throw unprocessable(
              'idempotency_key_reused',
              'This Idempotency-Key was already used with a different request. Use a new key.',
            );
          }
          if (existing.state === 'in_progress') {
            throw conflict(
              'idempotency_request_in_progress',
              'A request with this Idempotency-Key is still being processed. Retry shortly.',
            );
          }
          return existing;
        }
        const inserted = await tx
          .insert(idempotencyKeys)
          .values({
            actorKey: owner,
            key,
            municipalityId: ctx.actor.municipalityId,
            method: request.method,
            path: request.url,
            requestHash,
            state: 'in_progress',
            expiresAt: new Date(Date.now() + TTL_MS),
          })
          .onConflictDoNothing()
          .returning({ id: idempotencyKeys.id });
        if (inserted.length === 0) {
          throw conflict(
            'idempotency_request_in_progress',
            'A request with this Idempotency-Key is still being processed. Retry shortly.',
          );
        }
        request.idempotencyRecordId = inserted[0]!.id;
        return null;
      });
      if (replay) {
        reply
          .code(replay.responseStatus ?? 200)
          .headers({ ...replay.responseHeaders, 'idempotent-replayed': 'true' });
        return reply.send(replay.responseBody ?? '');
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const id = request.idempotencyRecordId;
      if (!id) return payload;
      request.idempotencyRecordId = undefined;
      const ctx = request.ctx();
      await ctx.db.transaction(async (tx) => {
        if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
          const headers: Record<string, string> = {};
          for (const name of REPLAYED_HEADERS) {
            const value = reply.getHeader(name);
            if (typeof value === 'string') headers[name] = value;
          }
          await tx
            .update(idempotencyKeys)
            .set({
              state: 'completed',
              responseStatus: reply.statusCode,
              responseHeaders: headers,
              responseBody: payload,
            })
            .where(eq(idempotencyKeys.id, id));
        } else {
          // A failed attempt may be retried with the same key.
          await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.id, id));
        }
      });
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['auth'] },
);
