import { z } from 'zod';
import { feedItemSchema, feedPageSchema, municipalityRef } from '../../lib/change-feed.js';
import { timestamp } from '../../lib/schemas.js';
import { venue, workshopDay, workshopFormat, workshopStatus } from './workshops.schemas.js';

export const workshopListing = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    title: z.string(),
    format: workshopFormat,
    status: workshopStatus,
    startsAt: timestamp,
    endsAt: timestamp,
    timeZone: z.literal('Europe/Berlin'),
    days: z.array(workshopDay).min(1),
    venue: venue.nullable().meta({ description: 'Where it takes place; null for an online workshop.' }),
    capacity: z.number().int().meta({ description: 'Seats in all; how many are taken is not public.' }),
    registrationOpensAt: timestamp.nullable(),
    registrationClosesAt: timestamp.nullable(),
    cancellationReason: z.string().nullable(),
    municipalities: z
      .array(municipalityRef)
      .meta({ description: 'The municipalities taking part, the host first.' }),
  })
  .meta({
    id: 'WorkshopListing',
    description:
      'What is public of a scheduled workshop: date, place, format, capacity and the municipalities taking part; nothing about participants, seats taken, moderators, links or notes.',
  });
export type WorkshopListingDto = z.infer<typeof workshopListing>;

export const workshopChange = feedItemSchema(
  'WorkshopChange',
  'A change of a scheduled workshop in the feed, or a tombstone (back to draft, or its host deleted).',
  workshopListing,
);
export const workshopFeedPage = feedPageSchema('WorkshopFeedPage', workshopChange);
