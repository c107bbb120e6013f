import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { timestamp } from '../../lib/schemas.js';

export const listActivityQuery = z
  .object({ ...pageQuery, limit: pageQuery.limit.pipe(z.number().max(50)) })
  .strict();
export type ListActivityQuery = z.infer<typeof listActivityQuery>;

export const activityEntry = z
  .object({
    id: z.uuid(),
    occurredAt: timestamp,
    action: z.string().meta({ example: 'measure.updated' }),
    entityType: z
      .enum(['strategy', 'idea', 'measure', 'measure_step', 'strategy_version', 'document'])
      .meta({ id: 'ActivityEntityType' }),
    entityId: z.uuid(),
    title: z.string().nullable().meta({
      description: "The changed item's title (a measure's, an idea's, a version's label) as it was then.",
      example: 'Digitales Bürgerbüro',
    }),
    measureId: z
      .uuid()
      .nullable()
      .meta({ description: 'For a measure or one of its steps: the measure, to link to its fact sheet.' }),
    actor: z
      .object({
        name: z.string().nullable().meta({
          description:
            'A user\'s name ("gelöschter Benutzer" once erased), an API key\'s name; null for a user the caller may not see, e.g. of the program office.',
        }),
        isCaller: z.boolean().meta({ description: 'The change was made by the caller.' }),
      })
      .meta({ id: 'ActivityActor' }),
  })
  .meta({
    id: 'ActivityEntry',
    description: "One change in a municipality's strategy workspace: who changed what, and when.",
  });
export type ActivityEntryDto = z.infer<typeof activityEntry>;
