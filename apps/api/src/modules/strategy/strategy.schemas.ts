import { strategyStatuses, strategyVisibilities } from '@werkstatt/db';
import { z } from 'zod';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const isoDate = z.iso.date().meta({ example: '2027-03-31' });

export const municipalityParams = z.object({ id: uuidParam }).strict();

export const strategyStatus = z
  .enum(strategyStatuses)
  .meta({ id: 'StrategyStatus', description: '`adopted` once the council has resolved it.' });
export const strategyVisibility = z
  .enum(strategyVisibilities)
  .meta({ id: 'StrategyVisibility', description: '`public` strategies may later be shown to peers.' });

const maturity = z
  .number()
  .int()
  .min(0)
  .max(4)
  .meta({ description: 'Digital maturity 0 (none) – 4 (high).' });

export const strategyField = z
  .object({
    actionFieldId: z.uuid(),
    actionFieldKey: z.string(),
    actionFieldTitle: z.string(),
    priority: z.number().int().meta({ description: '1 is the most important field.' }),
    rationale: z.string(),
    goal: z.string(),
    maturityNow: z.number().int().nullable(),
    maturityTarget: z.number().int().nullable(),
  })
  .meta({ id: 'StrategyField', description: 'An action field the municipality chose, with its one goal.' });
export type StrategyFieldDto = z.infer<typeof strategyField>;

export const councilMeeting = z
  .object({
    body: z.string().trim().min(1).max(200).meta({ example: 'Verbandsgemeinderat Wonnegau' }),
    meetingOn: isoDate.nullable().default(null),
    agendaItem: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .meta({ example: 'TOP 6 (öffentlich)' }),
  })
  .strict()
  .meta({
    id: 'CouncilMeeting',
    description:
      'The council meeting the strategy is put to. With it, the strategy PDF ends with a resolution proposal (Beschlussvorschlag).',
  });

export const strategy = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    programId: z.uuid(),
    title: z.string(),
    vision: z.string().meta({ description: 'Markdown.' }),
    summary: z.string(),
    status: strategyStatus,
    adoptedOn: isoDate.nullable(),
    councilResolution: z.string().nullable(),
    visibility: strategyVisibility,
    nextReviewOn: isoDate.nullable(),
    councilMeeting: councilMeeting.nullable(),
    fields: z.array(strategyField).meta({ description: 'Chosen action fields in priority order.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Strategy', description: "A municipality's living digital strategy (Digitalstrategie)." });
export type StrategyDto = z.infer<typeof strategy>;

const chosenField = z
  .object({
    actionFieldId: z.uuid().meta({ description: 'An action field of the strategy’s program.' }),
    rationale: z.string().trim().max(2000).default(''),
    goal: z.string().trim().max(1000).default('').meta({ example: 'Alle Ortsgemeinden haben freies WLAN.' }),
    maturityNow: maturity.nullable().default(null),
    maturityTarget: maturity.nullable().default(null),
  })
  .strict()
  .refine((f) => f.maturityNow === null || f.maturityTarget === null || f.maturityTarget >= f.maturityNow, {
    path: ['maturityTarget'],
    message: 'must not be below maturityNow',
  })
  .meta({ id: 'ChosenActionField' });

export const putStrategyBody = z
  .object({
    programId: z.uuid().meta({ description: 'The program whose action-field catalog the strategy uses.' }),
    title: z.string().trim().min(1).max(200).meta({ example: 'Digitalstrategie der VG Wonnegau' }),
    vision: z.string().max(20_000).default(''),
    summary: z.string().max(5000).default(''),
    status: strategyStatus.default('draft'),
    adoptedOn: isoDate.nullable().default(null),
    councilResolution: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .nullable()
      .default(null)
      .meta({ example: 'Ratsbeschluss 2027/045' }),
    visibility: strategyVisibility.default('private'),
    nextReviewOn: isoDate.nullable().default(null),
    councilMeeting: councilMeeting.nullable().default(null),
    fields: z
      .array(chosenField)
      .max(20)
      .default([])
      .refine((fs) => new Set(fs.map((f) => f.actionFieldId)).size === fs.length, 'fields must be distinct')
      .meta({ description: 'Chosen action fields, most important first.' }),
  })
  .strict()
  .meta({
    id: 'PutStrategy',
    description: 'The whole strategy: omitted optional fields are reset to their defaults.',
  });
export type PutStrategyInput = z.infer<typeof putStrategyBody>;
