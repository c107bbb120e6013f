import { municipalityKinds } from '@werkstatt/db';
import { z } from 'zod';
import { pageQuery, pageSchema } from '../../lib/pagination.js';
import { timestamp, uuidParam } from '../../lib/schemas.js';
import { ideaDuration, ideaStatus } from './ideas.schemas.js';
import { indicator, measureStatus, startWindow } from './measures.schemas.js';
import { councilMeeting, isoDate, strategyStatus, strategyVisibility } from './strategy.schemas.js';

export const versionParams = z.object({ id: uuidParam, versionId: uuidParam }).strict();
export const diffParams = z.object({ id: uuidParam, a: uuidParam, b: uuidParam }).strict();
export const listVersionsQuery = z.object(pageQuery).strict();

const snapshotStep = z
  .object({
    id: z.uuid(),
    title: z.string(),
    dueOn: isoDate.nullable(),
    doneAt: timestamp.nullable(),
    order: z.number().int(),
  })
  .meta({ id: 'SnapshotStep' });

export const snapshotMeasure = z
  .object({
    id: z.uuid(),
    actionFieldId: z.uuid(),
    actionFieldTitle: z.string(),
    originIdeaId: z.uuid().nullable(),
    rank: z.number().int(),
    title: z.string(),
    description: z.string(),
    lead: z.string().nullable(),
    participants: z.string().nullable(),
    targetGroup: z.string().nullable(),
    expectedResult: z.string().nullable(),
    resources: z.string().nullable(),
    startWindow: startWindow.nullable(),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    status: measureStatus,
    progress: z.number().int(),
    budgetCents: z.number().int().nullable(),
    fundingSource: z.string().nullable(),
    grantProgram: z.string().nullable(),
    indicators: z.array(indicator),
    steps: z.array(snapshotStep),
  })
  .meta({ id: 'SnapshotMeasure' });
export type SnapshotMeasure = z.infer<typeof snapshotMeasure>;

export const snapshotField = z
  .object({
    actionFieldId: z.uuid(),
    key: z.string(),
    title: z.string(),
    priority: z.number().int(),
    rationale: z.string(),
    goal: z.string(),
    maturityNow: z.number().int().nullable(),
    maturityTarget: z.number().int().nullable(),
  })
  .meta({ id: 'SnapshotField' });
export type SnapshotField = z.infer<typeof snapshotField>;

const snapshotIdea = z
  .object({
    id: z.uuid(),
    actionFieldId: z.uuid(),
    actionFieldTitle: z.string(),
    title: z.string(),
    description: z.string(),
    estimatedDuration: ideaDuration.nullable(),
    status: ideaStatus,
    votes: z.number().int(),
    sourceWorkshopId: z.uuid().nullable(),
    measureId: z.uuid().nullable(),
  })
  .meta({ id: 'SnapshotIdea' });

export const snapshotStrategy = z
  .object({
    id: z.uuid(),
    title: z.string(),
    vision: z.string(),
    summary: z.string(),
    status: strategyStatus,
    adoptedOn: isoDate.nullable(),
    councilResolution: z.string().nullable(),
    visibility: strategyVisibility,
    nextReviewOn: isoDate.nullable(),
    councilMeeting: councilMeeting.nullable().optional().meta({ description: 'Missing in older versions.' }),
  })
  .meta({ id: 'SnapshotStrategy' });
export type SnapshotStrategy = z.infer<typeof snapshotStrategy>;

const headcounts = z.object({
  politics: z.number().int(),
  administration: z.number().int(),
  citizen: z.number().int(),
  business: z.number().int(),
  other: z.number().int(),
});

export const snapshotWorkshop = z
  .object({
    id: z.uuid(),
    title: z.string(),
    format: z.enum(['onsite', 'online']),
    startsAt: timestamp,
    endsAt: timestamp,
    venueName: z.string().nullable(),
    venueCity: z.string().nullable(),
    partnerMunicipalities: z
      .array(z.string())
      .meta({ description: 'The other municipalities that took part in the workshop.' }),
    participants: headcounts.meta({
      description:
        "The municipality's own participants by role: those who attended, or the confirmed ones where no attendance was recorded.",
    }),
    moderators: z.array(z.string()).meta({
      description:
        'Names of the moderators assigned to the workshop; empty for API keys without personal:read.',
    }),
  })
  .meta({ id: 'SnapshotWorkshop' });
export type SnapshotWorkshop = z.infer<typeof snapshotWorkshop>;

export const snapshotLogo = z
  .object({ mediaType: z.literal('image/png'), base64: z.string() })
  .meta({ id: 'SnapshotLogo', description: 'The coat of arms or logo for the cover, as base64 PNG.' });

export const strategySnapshot = z
  .object({
    schemaVersion: z.literal(1),
    takenAt: timestamp,
    municipality: z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(municipalityKinds),
      ars: z.string().nullable(),
      stateCode: z.string(),
    }),
    program: z.object({ id: z.uuid(), name: z.string() }),
    strategy: snapshotStrategy,
    fields: z.array(snapshotField).meta({ description: 'Chosen action fields in priority order.' }),
    measures: z.array(snapshotMeasure).meta({
      description: 'Live measures: chosen fields by priority, then other fields in catalog order; by rank.',
    }),
    ideas: z.array(snapshotIdea),
    workshops: z.array(snapshotWorkshop).optional().meta({
      description:
        'The workshops the strategy comes from, first one first (up to 10). Missing in older versions.',
    }),
    logo: snapshotLogo.nullable().optional().meta({ description: 'Missing in older versions.' }),
  })
  .meta({
    id: 'StrategySnapshot',
    description: 'Everything a council document needs, frozen at the time the version was made.',
  });
export type StrategySnapshot = z.infer<typeof strategySnapshot>;

const versionBase = {
  id: z.uuid(),
  municipalityId: z.uuid(),
  number: z.number().int().meta({ description: '1, 2, … per municipality.' }),
  label: z.string(),
  createdAt: timestamp,
  createdBy: z.string().nullable(),
};

export const strategyVersionSummary = z
  .object({
    ...versionBase,
    strategyStatus,
    fieldCount: z.number().int(),
    measureCount: z.number().int(),
    ideaCount: z.number().int(),
  })
  .meta({ id: 'StrategyVersionSummary' });
export type StrategyVersionSummaryDto = z.infer<typeof strategyVersionSummary>;

export const strategyVersion = z
  .object({ ...versionBase, snapshot: strategySnapshot })
  .meta({ id: 'StrategyVersion', description: 'A Fassung: the strategy frozen as it was. Never changes.' });
export type StrategyVersionDto = z.infer<typeof strategyVersion>;

export const versionPage = pageSchema(strategyVersionSummary).meta({ id: 'StrategyVersionPage' });

export const createVersionBody = z
  .object({ label: z.string().trim().min(1).max(200).meta({ example: 'Ergebnis der Werkstatt' }) })
  .strict()
  .meta({ id: 'CreateStrategyVersion' });
export type CreateVersionInput = z.infer<typeof createVersionBody>;

const change = z
  .object({ field: z.string(), before: z.unknown(), after: z.unknown() })
  .meta({ id: 'VersionChange', description: 'One changed field with its value before and after.' });

const measureRef = z.object({ id: z.uuid(), title: z.string(), actionFieldId: z.uuid() });
const fieldRef = z.object({ actionFieldId: z.uuid(), title: z.string() });

export const versionDiff = z
  .object({
    from: z.object({ id: z.uuid(), number: z.number().int(), label: z.string() }),
    to: z.object({ id: z.uuid(), number: z.number().int(), label: z.string() }),
    strategy: z.object({ changes: z.array(change) }),
    fields: z.object({
      added: z.array(fieldRef),
      removed: z.array(fieldRef),
      changed: z.array(fieldRef.extend({ changes: z.array(change) })),
    }),
    measures: z.object({
      added: z.array(measureRef),
      removed: z.array(measureRef),
      changed: z.array(measureRef.extend({ changes: z.array(change) })),
    }),
  })
  .meta({ id: 'StrategyVersionDiff', description: 'What changed from version `a` to version `b`.' });
export type VersionDiffDto = z.infer<typeof versionDiff>;
