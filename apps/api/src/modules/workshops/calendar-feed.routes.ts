import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, idParams, problemResponses, timestamp } from '../../lib/schemas.js';
import { type CalendarFeedService, rotateCalendarFeed } from './calendar-feed.service.js';

const calendarFeed = z
  .object({
    url: z.url().meta({
      description: 'The subscription URL with its secret. Shown only now: store it, or rotate for a new one.',
      example:
        'https://werkstatt.example.org/v1/public/calendar/Zx3kQ9mVtR2bL7pW4yNc8dFh1sJ6gA0eXuK5oTqPiM.ics',
    }),
    createdAt: timestamp,
  })
  .meta({ id: 'CalendarFeed', description: "A municipality's subscribable workshop calendar." });

export async function calendarFeedRoutes(
  app: FastifyInstance,
  opts: { feeds: CalendarFeedService; publicUrl: string },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/municipalities/:id/calendar-feed',
    {
      schema: {
        operationId: 'rotateCalendarFeed',
        summary: "Create or rotate the municipality's calendar feed",
        description:
          "The municipality's administrators and program administrators. Returns a new secret URL (shown once) that calendar programs subscribe to; the previous URL stops working at once, for every subscriber. The feed belongs to the municipality; creating and rotating are audited.",
        tags: ['workshops'],
        params: idParams,
        response: { 201: calendarFeed, ...commonErrors },
      },
    },
    async (request, reply) => {
      const feed = await rotateCalendarFeed(request.ctx(), request.params.id, opts.publicUrl);
      return reply.code(201).header('cache-control', 'no-store').send(feed);
    },
  );

  r.get(
    '/v1/public/calendar/:token.ics',
    {
      config: { auth: 'none' },
      schema: {
        operationId: 'getCalendarFeed',
        summary: "A municipality's workshops as a subscribable calendar",
        description:
          'No credentials: the secret in the URL is the key. Every workshop of the municipality except drafts (cancelled ones as STATUS:CANCELLED), with the same UIDs as the e-mails. 404 for an unknown or rotated token. Rate limited per client address.',
        tags: ['workshops'],
        security: [],
        params: z.object({ token: z.string().max(100) }).strict(),
        response: {
          200: z
            .string()
            .meta({ id: 'CalendarFeedICalendar', description: 'An iCalendar (RFC 5545) document.' }),
          404: problemResponses[404],
          429: problemResponses[429],
        },
      },
    },
    async (request, reply) => {
      const ics = await opts.feeds.feed(request.params.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(ics);
    },
  );
}
