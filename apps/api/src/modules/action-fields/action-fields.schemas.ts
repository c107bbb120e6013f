import { z } from 'zod';
import { syncQuery } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';

export const SORT_ORDER_MAX = 1_000_000;

export const programParams = z.object({ programId: uuidParam }).strict();
export const actionFieldParams = z.object({ programId: uuidParam, id: uuidParam }).strict();

export const listActionFieldsQuery = z.object(syncQuery).strict();

export const actionField = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    key: z.string(),
    title: z.string(),
    description: z.string(),
    exampleMeasures: z.array(z.string()),
    sortOrder: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  })
  .meta({
    id: 'ActionField',
    description: 'A field of action (Handlungsfeld) of a program, with example measures.',
  });
export type ActionFieldDto = z.infer<typeof actionField>;

const actionFieldFields = {
  key: z
    .string()
    .min(2)
    .max(100)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
    .meta({ description: 'Stable key, unique within the program.', example: 'digitale-infrastruktur' }),
  title: z.string().trim().min(1).max(200).meta({ example: 'Digitale Infrastruktur' }),
  description: z.string().trim().max(5000).meta({
    example: 'Breitband, Mobilfunk und öffentliches WLAN sind die Grundlage aller weiteren Vorhaben.',
  }),
  exampleMeasures: z
    .array(z.string().trim().min(1).max(300))
    .max(20)
    .meta({ example: ['Freies WLAN an zentralen Plätzen und im Bürgerhaus'] }),
  sortOrder: z
    .number()
    .int()
    .min(-SORT_ORDER_MAX)
    .max(SORT_ORDER_MAX)
    .meta({ description: 'Position in the catalog; lower comes first, ties by creation.' }),
};

export const createActionFieldBody = z
  .object({
    ...actionFieldFields,
    description: actionFieldFields.description.default(''),
    exampleMeasures: actionFieldFields.exampleMeasures.default([]),
    sortOrder: actionFieldFields.sortOrder
      .optional()
      .meta({ description: 'Position in the catalog; when omitted, the field goes after the last one.' }),
  })
  .strict()
  .meta({ id: 'CreateActionField' });
export type CreateActionFieldInput = z.infer<typeof createActionFieldBody>;

export const updateActionFieldBody = z
  .object(actionFieldFields)
  .partial()
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'at least one field must be given')
  .meta({ id: 'UpdateActionField' });
export type UpdateActionFieldInput = z.infer<typeof updateActionFieldBody>;
