import {
  berlinDay,
  ideaStatuses,
  limits,
  measureStatuses,
  municipalityKinds,
  StrategyDocument,
  type StrategyDocumentInput,
  startWindows,
  strategyStatuses,
  workshopFormats,
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
    // Versions made before the council meeting, workshops and logo were recorded lack them.
    councilMeeting: z
      .object({ body: text, meetingOn: date.nullable(), agendaItem: text.nullable() })
      .nullable()
      .optional(),
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
  workshops: z
    .array(
      z.object({
        format: z.enum(workshopFormats),
        startsAt: z.iso.datetime({ offset: true }),
        endsAt: z.iso.datetime({ offset: true }),
        venueName: text.nullable(),
        venueCity: text.nullable(),
        partnerMunicipalities: z.array(text),
        participants: z.object({
          politics: z.number().int(),
          administration: z.number().int(),
          citizen: z.number().int(),
          business: z.number().int(),
          other: z.number().int(),
        }),
        moderators: z.array(text),
      }),
    )
    .optional(),
  logo: z
    .object({ mediaType: z.literal('image/png'), base64: z.string() })
    .nullable()
    .optional(),
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

const berlinTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const wallTime = (instant: string) => berlinTime.format(new Date(instant));

type SnapshotWorkshop = NonNullable<VersionSnapshot['workshops']>[number];

/** A workshop as the Ausgangslage tells it: its Berlin day and wall times (a day spanning midnight ends 23:59). */
function toWorkshop(w: SnapshotWorkshop) {
  const start = wallTime(w.startsAt);
  const sameDay = berlinDay(w.startsAt) === berlinDay(w.endsAt);
  const end = sameDay ? wallTime(w.endsAt) : '23:59';
  const headcount = (n: number) => Math.min(Math.max(n, 0), 1000);
  return {
    date: berlinDay(w.startsAt),
    start,
    end: end > start ? end : '23:59',
    format: w.format,
    venue: short(w.venueName),
    city: short(w.venueCity),
    partnerMunicipalities: w.partnerMunicipalities.slice(0, 10).map((n) => clip(n, limits.shortText)),
    participants: {
      politics: headcount(w.participants.politics),
      administration: headcount(w.participants.administration),
      citizen: headcount(w.participants.citizen),
      business: headcount(w.participants.business),
      other: headcount(w.participants.other),
    },
    moderators: w.moderators.slice(0, 20).map((n) => clip(n, limits.shortText)),
  };
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
 * - Workshops, the council meeting and the logo: versions made before the snapshot recorded them render
 *   without (the renderer then leaves out "Die Werkstatt", the Beschlussvorschlag and the cover logo).
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
    workshops: (s.workshops ?? []).slice(0, limits.workshops).map(toWorkshop),
    resolution: s.strategy.councilMeeting
      ? {
          body: clip(s.strategy.councilMeeting.body, limits.shortText),
          meetingOn: s.strategy.councilMeeting.meetingOn,
          agendaItem: short(s.strategy.councilMeeting.agendaItem),
        }
      : null,
    logo: s.logo ? { png: new Uint8Array(Buffer.from(s.logo.base64, 'base64')) } : null,
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
