import { z } from 'zod';

const statusCounts = z
  .object({
    planned: z.number().int(),
    in_progress: z.number().int(),
    done: z.number().int(),
    on_hold: z.number().int(),
    dropped: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'OverviewStatusCounts', description: 'Live measures per status.' });

export const programOverview = z
  .object({
    municipalities: z
      .object({
        total: z.number().int(),
        withoutStrategy: z.number().int(),
        draft: z.number().int(),
        adopted: z.number().int(),
        publicStrategies: z.number().int().meta({ description: 'Strategies visible to peers.' }),
      })
      .meta({ description: 'Municipalities (not deleted) by the status of their strategy.' }),
    actionFields: z
      .array(
        z.object({
          actionFieldId: z.uuid(),
          programId: z.uuid(),
          key: z.string(),
          title: z.string(),
          chosen: z.number().int().meta({ description: 'How many strategies chose this field.' }),
        }),
      )
      .meta({ description: 'Every action field of every program, most often chosen first.' }),
    measures: z.object({
      counts: statusCounts,
      overdue: z.number().int().meta({
        description:
          'Not done or dropped, and the end date has passed or an open step is past due (Europe/Berlin dates).',
      }),
      byField: z.array(
        z.object({
          actionFieldId: z.uuid(),
          key: z.string(),
          title: z.string(),
          counts: statusCounts,
          overdue: z.number().int(),
        }),
      ),
    }),
    workshopsPerMonth: z
      .array(z.object({ month: z.string().meta({ example: '2026-03' }), held: z.number().int() }))
      .meta({
        description:
          'Workshops with status `held` per calendar month of their start in Europe/Berlin, oldest first; months without one are left out.',
      }),
    applications: z
      .object({
        pending: z.number().int().meta({ description: 'Workshop applications waiting for a decision.' }),
      })
      .meta({ description: "Workshop applications of live municipalities (the office's inbox)." }),
  })
  .meta({
    id: 'ProgramOverview',
    description: 'Progress across all municipalities, for the program office.',
  });
export type ProgramOverviewDto = z.infer<typeof programOverview>;
