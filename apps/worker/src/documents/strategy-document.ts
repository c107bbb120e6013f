import {
  ideaStatuses,
  limits,
  measureStatuses,
  municipalityKinds,
  StrategyDocument,
  type StrategyDocumentInput,
  startWindows,
  strategyStatuses,
} from '@werkstatt/strategy-pdf';
import { z } from 'zod';

/**
 * The parts of a stored strategy version snapshot (the API's `StrategySnapshot`, schemaVersion 1) that
 * the council document shows. Stored jsonb is read like any outside input: checked, extra keys ignored.
 */
const date = z.iso.date();
const text = z.string();

const snapshotSchema = z.object({
  schemaVersion: z.literal(1),
  municipality: z.object({ name: text, kind: z.enum(municipalityKinds) }),
  program: z.object({ name: text }),
  strategy: z.object({
    title: text,
    vision: text,
    summary: text,
    status: z.enum(strategyStatuses),
    adoptedOn: date.nullable(),
    councilResolution: text.nullable(),
    nextReviewOn: date.nullable(),
  }),
  fields: z.array(
    z.object({
      actionFieldId: z.uuid(),
      title: text,
      priority: z.number().int(),
      rationale: text,
      goal: text,
      maturityNow: z.number().int().nullable(),
      maturityTarget: z.number().int().nullable(),
    }),
  ),
  measures: z.array(
    z.object({
      actionFieldId: z.uuid(),
      actionFieldTitle: text,
      rank: z.number().int(),
      title: text,
      description: text,
      lead: text.nullable(),
      participants: text.nullable(),
      targetGroup: text.nullable(),
      expectedResult: text.nullable(),
      resources: text.nullable(),
      startWindow: z.enum(startWindows).nullable(),
      startDate: date.nullable(),
      endDate: date.nullable(),
      status: z.enum(measureStatuses),
      progress: z.number().int(),
      budgetCents: z.number().int().nullable(),
      fundingSource: text.nullable(),
      grantProgram: text.nullable(),
      indicators: z.array(
        z.object({
          name: text,
          unit: text.nullable(),
          baseline: z.number().nullable(),
          target: z.number().nullable(),
          currentValue: z.number().nullable(),
          currentAsOf: date.nullable(),
        }),
      ),
      steps: z.array(
        z.object({ title: text, dueOn: date.nullable(), doneAt: text.nullable(), order: z.number().int() }),
      ),
    }),
  ),
  ideas: z.array(
    z.object({
      actionFieldId: z.uuid(),
      actionFieldTitle: text,
      title: text,
      description: text,
      status: z.enum(ideaStatuses),
      votes: z.number().int(),
    }),
  ),
});
export type VersionSnapshot = z.infer<typeof snapshotSchema>;

export interface VersionForDocument {
  label: string;
  createdAt: Date;
  snapshot: unknown;
}

export class UnrenderableVersionError extends Error {
  override readonly name = 'UnrenderableVersionError';
}

/** Texts the API allows longer than the document prints are shortened with an ellipsis, never dropped. */
function clip(value: string, max: number): string {
  const trimmed = value.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
const short = (value: string | null) => (value === null ? null : clip(value, limits.shortText));
const long = (value: string | null) => (value?.trim() ? clip(value, limits.longText) : null);

/**
 * Maps a strategy version to the renderer's input. Pure, so it is tested without a database.
 *
 * - Workshops: the snapshot does not record the workshop(s) yet, so the Ausgangslage is rendered from
 *   the strategy, its fields and measures alone (the renderer leaves out "Die Werkstatt").
 * - Fields are keyed by action-field id. Measures and ideas of fields the strategy did not choose are
 *   kept: their fields follow the chosen ones in snapshot order, so nothing on the roadmap is lost.
 * - Empty strings become "not given" (null); over-long texts are clipped to the renderer's limits.
 *
 * Throws UnrenderableVersionError when the version cannot become a document (e.g. no field at all);
 * rendering it again would fail the same way.
 */
export function toStrategyDocument(version: VersionForDocument): StrategyDocument {
  const parsed = snapshotSchema.safeParse(version.snapshot);
  if (!parsed.success) {
    throw new UnrenderableVersionError(`The version's snapshot is not readable: ${issues(parsed.error)}`);
  }
  const s = parsed.data;
  const chosen = [...s.fields].sort((a, b) => a.priority - b.priority);
  const fieldIds = new Set(chosen.map((f) => f.actionFieldId));
  const others: { actionFieldId: string; title: string }[] = [];
  for (const item of [...s.measures, ...s.ideas]) {
    if (fieldIds.has(item.actionFieldId)) continue;
    fieldIds.add(item.actionFieldId);
    others.push({ actionFieldId: item.actionFieldId, title: item.actionFieldTitle });
  }
  const lastPriority = chosen.at(-1)?.priority ?? 0;

  const input: StrategyDocumentInput = {
    municipality: { name: clip(s.municipality.name, limits.shortText), kind: s.municipality.kind },
    program: { name: clip(s.program.name, limits.shortText) },
    strategy: {
      title: clip(s.strategy.title, limits.shortText),
      vision: clip(s.strategy.vision, limits.visionChars),
      summary: long(s.strategy.summary),
      status: s.strategy.status,
      adoptedOn: s.strategy.adoptedOn,
      councilResolution: short(s.strategy.councilResolution),
      nextReviewOn: s.strategy.nextReviewOn,
    },
    version: { label: clip(version.label, limits.shortText), createdAt: version.createdAt.toISOString() },
    workshops: [],
    actionFields: [
      ...chosen.map((f) => ({
        key: f.actionFieldId,
        title: clip(f.title, limits.shortText),
        priority: f.priority,
        rationale: long(f.rationale),
        goal: long(f.goal),
        maturityNow: f.maturityNow,
        maturityTarget: f.maturityTarget,
      })),
      ...others.map((f, i) => ({
        key: f.actionFieldId,
        title: clip(f.title, limits.shortText),
        priority: lastPriority + i + 1,
      })),
    ],
    measures: s.measures.map((m) => ({
      title: clip(m.title, limits.shortText),
      description: long(m.description),
      actionFieldKey: m.actionFieldId,
      rank: m.rank,
      lead: short(m.lead),
      participants: short(m.participants),
      targetGroup: short(m.targetGroup),
      expectedResult: long(m.expectedResult),
      resources: long(m.resources),
      startWindow: m.startWindow,
      startDate: m.startDate,
      endDate: m.endDate,
      status: m.status,
      progress: m.progress,
      budgetCents: m.budgetCents,
      fundingSource: short(m.fundingSource),
      grantProgram: short(m.grantProgram),
      indicators: m.indicators.map((i) => ({
        name: clip(i.name, limits.shortText),
        unit: i.unit === null ? null : clip(i.unit, 50),
        baseline: i.baseline,
        target: i.target,
        current: i.currentValue,
        currentOn: i.currentAsOf,
      })),
      steps: [...m.steps]
        .sort((a, b) => a.order - b.order)
        .map((step) => ({
          title: clip(step.title, limits.shortText),
          dueOn: step.dueOn,
          doneAt: step.doneAt,
        })),
    })),
    ideas: s.ideas.map((idea) => ({
      title: clip(idea.title, limits.shortText),
      description: long(idea.description),
      actionFieldKey: idea.actionFieldId,
      votes: idea.votes,
      status: idea.status,
    })),
  };
  const result = StrategyDocument.safeParse(input);
  if (!result.success) {
    throw new UnrenderableVersionError(`The version cannot be rendered: ${issues(result.error)}`);
  }
  return result.data;
}

function issues(error: z.ZodError): string {
  const list = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(version)'}: ${i.message}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${list.join('; ')}${more}`;
}
