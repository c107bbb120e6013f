import type { Tx } from '@werkstatt/db';
import { canReadPersonalData } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { notFound } from '../../lib/errors.js';
import { requireMunicipalityRead, requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import * as strategyData from './strategy.data.js';
import { requireMunicipality, requireStrategyProgram } from './strategy.service.js';
import * as data from './versions.data.js';
import type {
  CreateVersionInput,
  SnapshotMeasure,
  SnapshotWorkshop,
  StrategySnapshot,
  StrategyVersionDto,
  StrategyVersionSummaryDto,
  VersionDiffDto,
} from './versions.schemas.js';
import { diffSnapshots } from './versions-fns.js';

const toSummaryDto = (r: data.VersionSummaryRow): StrategyVersionSummaryDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  number: r.number,
  label: r.label,
  createdAt: r.createdAt.toISOString(),
  createdBy: r.createdBy,
  strategyStatus: r.strategyStatus as StrategyVersionSummaryDto['strategyStatus'],
  fieldCount: r.fieldCount,
  measureCount: r.measureCount,
  ideaCount: r.ideaCount,
});

const toVersionDto = (r: data.VersionRow): StrategyVersionDto => ({
  id: r.id,
  municipalityId: r.municipalityId,
  number: r.number,
  label: r.label,
  createdAt: r.createdAt.toISOString(),
  createdBy: r.createdBy,
  snapshot: r.snapshot as StrategySnapshot,
});

/** Who made a version is personal data: API keys see it only with personal:read. */
const withoutAuthor = <T extends { createdBy: string | null }>(ctx: RequestContext, dto: T): T =>
  canReadPersonalData(ctx.actor) ? dto : { ...dto, createdBy: null };

/** A version without personal data for such keys: no author, and the workshops without moderators' names. */
const withoutPersonalData = (ctx: RequestContext, dto: StrategyVersionDto): StrategyVersionDto => {
  if (canReadPersonalData(ctx.actor)) return dto;
  const { snapshot } = dto;
  const workshops = snapshot.workshops?.map((w) => ({ ...w, moderators: [] }));
  return { ...dto, createdBy: null, snapshot: workshops ? { ...snapshot, workshops } : snapshot };
};

const MAX_WORKSHOPS = 10;
const roles = ['politics', 'administration', 'citizen', 'business', 'other'] as const;

/**
 * The workshops the strategy comes from, with what the Ausgangslage tells: when, where, with which
 * municipalities, how many of the municipality's own people (attended, or confirmed where no
 * attendance was recorded) and who moderated. Partner names come from the public directory.
 */
async function snapshotWorkshops(
  ctx: RequestContext,
  tx: Tx,
  municipalityId: string,
  programId: string,
): Promise<SnapshotWorkshop[]> {
  const rows = await data.listSnapshotWorkshops(tx, municipalityId, programId, MAX_WORKSHOPS);
  if (rows.length === 0) return [];
  const counts = await data.countSnapshotParticipants(
    tx,
    municipalityId,
    rows.map((w) => w.id),
  );
  const partnerIds = [...new Set(rows.flatMap((w) => w.municipalityIds))].filter(
    (id) => id !== municipalityId,
  );
  const partners = new Map(
    (await ctx.inScope({ kind: 'public' }).transaction((pub) => data.municipalityNames(pub, partnerIds))).map(
      (m) => [m.id, m.name],
    ),
  );
  const moderators = new Map<string, string>();
  for (const w of rows) {
    for (const m of await data.moderatorNames(tx, w.id)) moderators.set(m.id, m.name);
  }
  return rows.map((w) => {
    const own = counts.filter((c) => c.workshopId === w.id);
    const status = own.some((c) => c.status === 'attended') ? 'attended' : 'confirmed';
    const participants = Object.fromEntries(
      roles.map((role) => [
        role,
        own.filter((c) => c.status === status && c.role === role).reduce((sum, c) => sum + c.count, 0),
      ]),
    ) as SnapshotWorkshop['participants'];
    return {
      id: w.id,
      title: w.title,
      format: w.format,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      venueName: w.venueName,
      venueCity: w.venueCity,
      partnerMunicipalities: w.municipalityIds.flatMap((id) => {
        const name = id === municipalityId ? undefined : partners.get(id);
        return name ? [name] : [];
      }),
      participants,
      moderators: w.moderatorIds.flatMap((id) => {
        const name = moderators.get(id);
        return name ? [name] : [];
      }),
    };
  });
}

/** Reads everything a council document needs. Runs inside one REPEATABLE READ transaction. */
async function takeSnapshot(ctx: RequestContext, tx: Tx, municipalityId: string): Promise<StrategySnapshot> {
  const head = await data.findSnapshotHead(tx, municipalityId);
  if (!head) {
    await requireStrategyProgram(tx, municipalityId);
    throw notFound('Strategy');
  }
  const chosen = await strategyData.listStrategyFields(tx, head.strategy.id);
  const measureRows = await data.listSnapshotMeasures(tx, municipalityId);
  const stepRows = await data.listSnapshotSteps(tx, municipalityId);
  const ideaRows = await data.listSnapshotIdeas(tx, municipalityId);
  const priority = new Map(chosen.map((f) => [f.actionFieldId, f.priority]));
  const stepsOf = new Map<string, SnapshotMeasure['steps']>();
  for (const s of stepRows) {
    const list = stepsOf.get(s.measureId) ?? [];
    list.push({
      id: s.id,
      title: s.title,
      dueOn: s.dueOn,
      doneAt: s.doneAt ? s.doneAt.toISOString() : null,
      order: s.position,
    });
    stepsOf.set(s.measureId, list);
  }
  const fieldOrder = (m: (typeof measureRows)[number]) => [
    priority.get(m.actionFieldId) ?? Number.MAX_SAFE_INTEGER,
    m.actionFieldSortOrder,
  ];
  const sortedMeasures = [...measureRows].sort((a, b) => {
    const [pa, sa] = fieldOrder(a);
    const [pb, sb] = fieldOrder(b);
    return pa! - pb! || sa! - sb! || a.actionFieldId.localeCompare(b.actionFieldId) || a.rank - b.rank;
  });
  const s = head.strategy;
  return {
    schemaVersion: 1,
    takenAt: new Date().toISOString(),
    municipality: { ...head.municipality },
    program: { ...head.program },
    strategy: {
      id: s.id,
      title: s.title,
      vision: s.vision,
      summary: s.summary,
      status: s.status,
      adoptedOn: s.adoptedOn,
      councilResolution: s.councilResolution,
      visibility: s.visibility,
      nextReviewOn: s.nextReviewOn,
      councilMeeting: s.resolutionBody
        ? { body: s.resolutionBody, meetingOn: s.resolutionMeetingOn, agendaItem: s.resolutionAgendaItem }
        : null,
    },
    fields: chosen.map((f) => ({
      actionFieldId: f.actionFieldId,
      key: f.actionFieldKey,
      title: f.actionFieldTitle,
      priority: f.priority,
      rationale: f.rationale,
      goal: f.goal,
      maturityNow: f.maturityNow,
      maturityTarget: f.maturityTarget,
    })),
    measures: sortedMeasures.map((m) => ({
      id: m.id,
      actionFieldId: m.actionFieldId,
      actionFieldTitle: m.actionFieldTitle,
      originIdeaId: m.originIdeaId,
      rank: m.rank,
      title: m.title,
      description: m.description,
      lead: m.lead,
      participants: m.participants,
      targetGroup: m.targetGroup,
      expectedResult: m.expectedResult,
      resources: m.resources,
      startWindow: m.startWindow,
      startDate: m.startDate,
      endDate: m.endDate,
      status: m.status,
      progress: m.progress,
      budgetCents: m.budgetCents,
      fundingSource: m.fundingSource,
      grantProgram: m.grantProgram,
      indicators: m.indicators.map((i) => ({
        name: i.name,
        unit: i.unit,
        baseline: i.baseline,
        target: i.target,
        currentValue: i.currentValue,
        currentAsOf: i.currentAsOf,
      })),
      steps: stepsOf.get(m.id) ?? [],
    })),
    ideas: ideaRows.map((i) => ({
      id: i.id,
      actionFieldId: i.actionFieldId,
      actionFieldTitle: i.actionFieldTitle,
      title: i.title,
      description: i.description,
      estimatedDuration: i.estimatedDuration,
      status: i.status,
      votes: i.votes,
      sourceWorkshopId: i.sourceWorkshopId,
      measureId: i.measureId,
    })),
    workshops: await snapshotWorkshops(ctx, tx, municipalityId, s.programId),
    logo: s.logoPng ? { mediaType: 'image/png', base64: s.logoPng.toString('base64') } : null,
  };
}

const MAX_ATTEMPTS = 3;

/**
 * Freezes the whole strategy as a new numbered version. The snapshot is read in one REPEATABLE READ
 * transaction, so it is consistent even while others edit; two versions created at the same moment
 * collide on the number and the later one is retried with the next number.
 */
export async function createVersion(
  ctx: RequestContext,
  municipalityId: string,
  input: CreateVersionInput,
): Promise<StrategyVersionDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(
        async (tx) => {
          const snapshot = await takeSnapshot(ctx, tx, municipalityId);
          const row = await data.insertVersion(tx, {
            municipalityId,
            strategyId: snapshot.strategy.id,
            number: await data.nextVersionNumber(tx, municipalityId),
            label: input.label,
            snapshot,
            createdBy: ctx.actor.name,
          });
          const dto = toVersionDto(row);
          await recordAudit(tx, ctx, {
            action: 'strategy_version.created',
            entityType: 'strategy_version',
            entityId: row.id,
            municipalityId,
            after: { number: dto.number, label: dto.label, strategyId: snapshot.strategy.id },
          });
          return dto;
        },
        { isolationLevel: 'repeatable read' },
      );
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isUniqueViolation(err, 'strategy_versions_number_key')) continue;
      throw err;
    }
  }
}

export async function listVersions(
  ctx: RequestContext,
  municipalityId: string,
  q: PageQuery,
): Promise<Page<StrategyVersionSummaryDto>> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const rows = await ctx.db.transaction(async (tx) => {
    await requireMunicipality(tx, municipalityId);
    return data.listVersions(tx, municipalityId, q);
  });
  return toPage(
    rows.map((r) => ({ ...r, updatedAt: r.createdAt })),
    q,
    (r) => withoutAuthor(ctx, toSummaryDto(r)),
  );
}

export async function getVersion(
  ctx: RequestContext,
  municipalityId: string,
  versionId: string,
): Promise<StrategyVersionDto> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const row = await ctx.db.transaction((tx) => data.findVersion(tx, municipalityId, versionId));
  if (!row) throw notFound('Strategy version');
  return withoutPersonalData(ctx, toVersionDto(row));
}

export async function diffVersions(
  ctx: RequestContext,
  municipalityId: string,
  a: string,
  b: string,
): Promise<VersionDiffDto> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  const [from, to] = await ctx.db.transaction(async (tx) => [
    await data.findVersion(tx, municipalityId, a),
    await data.findVersion(tx, municipalityId, b),
  ]);
  if (!from || !to) throw notFound('Strategy version');
  const ref = (v: data.VersionRow) => ({ id: v.id, number: v.number, label: v.label });
  return {
    from: ref(from),
    to: ref(to),
    ...diffSnapshots(from.snapshot as StrategySnapshot, to.snapshot as StrategySnapshot),
  };
}
