import { ideaDurations, ideaStatuses } from '@werkstatt/db';
import { z } from 'zod';
import { pageSchema, syncQuery } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const ideaParams = z.object({ id: uuidParam, ideaId: uuidParam }).strict();

export const ideaStatus = z.enum(ideaStatuses).meta({ id: 'IdeaStatus' });
export const ideaDuration = z.enum(ideaDurations).meta({
  id: 'IdeaDuration',
  description: 'Rough estimate from the workshop of how long the idea takes to carry out.',
});

export const idea = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    actionFieldId: z.uuid(),
    title: z.string(),
    description: z.string(),
    sourceWorkshopId: z.uuid().nullable().meta({ description: 'The workshop where it was collected.' }),
    estimatedDuration: ideaDuration.nullable(),
    status: ideaStatus,
    votes: z.number().int().meta({ description: 'Dot votes.' }),
    measureId: z.uuid().nullable().meta({ description: 'The measure it was promoted to, if any.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({ id: 'Idea', description: 'A project idea (Projektidee) collected for an action field.' });
export type IdeaDto = z.infer<typeof idea>;

const ideaFields = {
  actionFieldId: z.uuid().meta({ description: 'An action field of the strategy’s program.' }),
  title: z.string().trim().min(1).max(200).meta({ example: 'Smartphone-Sprechstunde in der Bücherei' }),
  description: z.string().max(5000),
  sourceWorkshopId: z.uuid().nullable(),
  estimatedDuration: ideaDuration.nullable(),
  status: ideaStatus,
};

export const createIdeaBody = z
  .object({
    ...ideaFields,
    description: ideaFields.description.default(''),
    sourceWorkshopId: ideaFields.sourceWorkshopId.default(null),
    estimatedDuration: ideaFields.estimatedDuration.default(null),
    status: ideaFields.status.default('new'),
    votes: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(0)
      .meta({ description: 'Dots already counted on the workshop wall; later votes via POST …/votes.' }),
  })
  .strict()
  .meta({ id: 'CreateIdea' });
export type CreateIdeaInput = z.infer<typeof createIdeaBody>;

export const updateIdeaBody = z
  .object(ideaFields)
  .partial()
  .strict()
  .refine((i) => Object.keys(i).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateIdea', description: 'Only the given fields change. Votes change via POST …/votes.' });
export type UpdateIdeaInput = z.infer<typeof updateIdeaBody>;

export const ideaSorts = ['createdAt', '-votes'] as const;
export type IdeaSort = (typeof ideaSorts)[number];

export const listIdeasQuery = z
  .object({
    ...syncQuery,
    actionFieldId: z.uuid().optional(),
    status: ideaStatus.optional(),
    sort: z.enum(ideaSorts).optional().meta({
      id: 'IdeaSort',
      description:
        '`createdAt` (default): in creation order; `-votes`: most dot votes first, ties in reverse creation order. Not with `updatedSince`, which orders by change time.',
    }),
  })
  .strict()
  .refine((q) => !(q.sort && q.updatedSince), {
    path: ['sort'],
    message: 'cannot be combined with updatedSince',
  });
export type ListIdeasQuery = z.infer<typeof listIdeasQuery>;

export const ideaPage = pageSchema(idea).meta({ id: 'IdeaPage' });

export const ideaVotes = z
  .object({
    ideaId: z.uuid(),
    votes: z.number().int().meta({ description: 'All dots on the idea now, the workshop wall’s included.' }),
    actionFieldId: z.uuid().meta({ description: 'The action field the budget below is counted for.' }),
    myVotes: z.number().int().meta({ description: 'Your dots on this idea.' }),
    dotsPerField: z.number().int().meta({ description: 'The program’s budget per person and action field.' }),
    dotsLeft: z
      .number()
      .int()
      .meta({ description: 'Dots you may still place on ideas of this action field.' }),
  })
  .meta({ id: 'IdeaVotes', description: 'The new vote count and what is left of your dots.' });
export type IdeaVotesDto = z.infer<typeof ideaVotes>;

export const ideaDots = z
  .object({
    ideaId: z.uuid(),
    dots: z.number().int().min(1).meta({ description: 'Your dots on this idea.' }),
  })
  .meta({ id: 'IdeaDots', description: 'The caller’s dots on one idea.' });

export const myDots = z
  .object({
    dotsPerField: z.number().int().meta({ description: 'The program’s budget per person and action field.' }),
    fields: z
      .array(
        z
          .object({ actionFieldId: z.uuid(), dotsUsed: z.number().int(), dotsLeft: z.number().int() })
          .meta({ id: 'FieldDots' }),
      )
      .meta({
        description:
          'Every action field of the strategy’s program, in catalog order (bounded by the catalog).',
      }),
    ideas: z.array(ideaDots).meta({
      description:
        'Every live idea of the municipality with at least one of your dots, oldest idea first (bounded by the caller’s dots).',
    }),
  })
  .meta({
    id: 'MyDots',
    description: 'The caller’s dot votes in one municipality, per action field and per idea.',
  });
export type MyDotsDto = z.infer<typeof myDots>;
