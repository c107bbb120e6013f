import { eq, inArray } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../client.js';
import {
  actionFields,
  ideas,
  type MeasureStatus,
  measureSteps,
  measures,
  municipalities,
  programs,
  type StartWindow,
  strategies,
  strategyFields,
  strategyVersions,
} from '../schema/index.js';
import { demoStrategyPlans, fieldTemplates } from './strategy-catalog.js';

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

// Each measure's state follows from its position: some started at once after the workshop, some done,
// most planned for later — what a strategy looks like a few months after its workshop.
const lifecycle: { status: MeasureStatus; window: StartWindow; startedDaysAfter: number | null }[] = [
  { status: 'in_progress', window: 'immediately', startedDaysAfter: 14 },
  { status: 'planned', window: 'within_2_years', startedDaysAfter: null },
  { status: 'done', window: 'immediately', startedDaysAfter: 7 },
  { status: 'in_progress', window: 'immediately', startedDaysAfter: 30 },
  { status: 'planned', window: 'within_4_years', startedDaysAfter: null },
  { status: 'on_hold', window: 'within_2_years', startedDaysAfter: 60 },
];

/**
 * A strategy for every demo municipality that has none yet (so it is idempotent and also fills a
 * database seeded before strategies existed): chosen fields with goals, ranked measures with fact
 * sheets and steps, ideas with dot votes, and the version "Ergebnis der Werkstatt" frozen in the shape
 * the API's versions use. Dates are relative to the seeding day, so reviews and due steps stay current.
 */
export async function seedDemoStrategies(tx: Tx, programSlug: string, now = new Date()): Promise<number> {
  const [program] = await tx.select().from(programs).where(eq(programs.slug, programSlug));
  if (!program) return 0;
  const fields = await tx.select().from(actionFields).where(eq(actionFields.programId, program.id));
  const fieldByKey = new Map(fields.map((f) => [f.key, f]));
  const slugs = demoStrategyPlans.map((p) => p.slug);
  const rows = await tx.select().from(municipalities).where(inArray(municipalities.slug, slugs));
  const existing = new Set(
    (
      await tx
        .select({ municipalityId: strategies.municipalityId })
        .from(strategies)
        .where(
          inArray(
            strategies.municipalityId,
            rows.map((r) => r.id),
          ),
        )
    ).map((r) => r.municipalityId),
  );
  let created = 0;
  for (const [index, plan] of demoStrategyPlans.entries()) {
    const m = rows.find((r) => r.slug === plan.slug);
    if (!m || existing.has(m.id)) continue;
    created += 1;
    const workshopOn = plusDays(now, -plan.workshopDaysAgo);
    const domain = `${plan.slug}.example`;
    // A function mailbox and an office, not a person: the demo invents no real people.
    const contact = {
      contactName: m.contactName ?? 'Stabsstelle Digitalisierung',
      contactEmail: m.contactEmail ?? `digitalisierung@${domain}`,
    };
    await tx.update(municipalities).set(contact).where(eq(municipalities.id, m.id));

    const strategy = {
      id: uuidv7(),
      municipalityId: m.id,
      programId: program.id,
      title: `Digitalstrategie ${m.name}`,
      vision: plan.vision,
      summary: plan.summary,
      status: plan.status,
      adoptedOn: plan.status === 'adopted' ? isoDate(plusDays(workshopOn, 75)) : null,
      councilResolution:
        plan.status === 'adopted'
          ? `Beschluss des Verbandsgemeinderats vom ${isoDate(plusDays(workshopOn, 75)).split('-').reverse().join('.')}, TOP 5`
          : null,
      visibility: plan.visibility,
      nextReviewOn: isoDate(plusDays(now, plan.reviewInDays)),
    };
    await tx.insert(strategies).values(strategy);

    const chosen = plan.fields.map((f, i) => {
      const template = fieldTemplates[f.key]!;
      return {
        id: uuidv7(),
        municipalityId: m.id,
        strategyId: strategy.id,
        actionFieldId: fieldByKey.get(f.key)!.id,
        priority: i + 1,
        rationale: template.rationale,
        goal: template.goal,
        maturityNow: (index + i) % 2,
        maturityTarget: 3 - (i === 2 ? 1 : 0),
      };
    });
    await tx.insert(strategyFields).values(chosen);

    const ideaRows: (typeof ideas.$inferInsert & { id: string })[] = [];
    const measureRows: (typeof measures.$inferInsert & { id: string })[] = [];
    const stepRows: (typeof measureSteps.$inferInsert & { id: string })[] = [];
    let position = 0;
    let stepDueSoon = false;
    for (const [fi, f] of plan.fields.entries()) {
      const template = fieldTemplates[f.key]!;
      const field = fieldByKey.get(f.key)!;
      // Municipalities choosing the same field start at different templates.
      const picked = Array.from(
        { length: f.measures },
        (_, k) => template.measures[(k + index) % template.measures.length]!,
      );
      for (const [rank, t] of picked.entries()) {
        const life = lifecycle[(position + index) % lifecycle.length]!;
        position += 1;
        const start = life.startedDaysAfter === null ? null : plusDays(workshopOn, life.startedDaysAfter);
        const end = start ? plusDays(start, 180 + rank * 60) : null;
        const measureId = uuidv7();
        // The top measure of each field came from the workshop's idea wall and was promoted.
        let originIdeaId: string | null = null;
        if (rank === 0) {
          originIdeaId = uuidv7();
          ideaRows.push({
            id: originIdeaId,
            municipalityId: m.id,
            actionFieldId: field.id,
            title: t.title,
            description: t.description,
            estimatedDuration: 'up_to_1_year',
            status: 'planned',
            votes: 9 - fi * 2,
          });
        }
        const steps = t.steps.map((title, si) => {
          const dueBase = start ?? plusDays(now, 30);
          const due = plusDays(dueBase, (si + 1) * 45);
          const done =
            life.status === 'done' ||
            (start !== null && due.getTime() < now.getTime() - 10 * DAY && si % 3 !== 2);
          return {
            id: uuidv7(),
            municipalityId: m.id,
            measureId,
            title,
            dueOn: isoDate(due),
            // Done on its due date, or yesterday when that is still ahead (finished early).
            doneAt: done ? new Date(Math.min(due.getTime(), now.getTime() - DAY)) : null,
            position: si + 1,
          };
        });
        // One open step of the first running measure is due in a few days: the reminder mail has content.
        if (!stepDueSoon && life.status === 'in_progress' && steps.length > 0) {
          const open = steps.find((s) => s.doneAt === null) ?? steps.at(-1)!;
          open.doneAt = null;
          open.dueOn = isoDate(plusDays(now, 4));
          stepDueSoon = true;
        }
        const stepsDone = steps.filter((s) => s.doneAt !== null).length;
        stepRows.push(...steps);
        measureRows.push({
          id: measureId,
          municipalityId: m.id,
          actionFieldId: field.id,
          originIdeaId,
          rank: rank + 1,
          title: t.title,
          description: t.description,
          lead: t.lead,
          participants: t.participants,
          targetGroup: t.targetGroup,
          expectedResult: t.expectedResult,
          resources: t.resources,
          startWindow: life.window,
          startDate: start ? isoDate(start) : null,
          endDate: end ? isoDate(end) : null,
          status: life.status,
          progress: steps.length > 0 ? Math.round((100 * stepsDone) / steps.length) : 0,
          stepsTotal: steps.length,
          stepsDone,
          budgetCents: t.budgetEuro === null ? null : t.budgetEuro * 100,
          fundingSource: t.fundingSource,
          grantProgram: t.grantProgram,
          indicators: [
            {
              name: t.indicator.name,
              unit: t.indicator.unit,
              baseline: t.indicator.baseline,
              target: t.indicator.target,
              currentValue: life.status === 'planned' ? null : t.indicator.baseline,
              currentAsOf: life.status === 'planned' ? null : isoDate(workshopOn),
            },
          ],
        });
      }
      for (const [ii, idea] of template.ideas.entries()) {
        ideaRows.push({
          id: uuidv7(),
          municipalityId: m.id,
          actionFieldId: field.id,
          title: idea.title,
          description: idea.description,
          estimatedDuration: ii === 0 ? 'up_to_2_years' : 'up_to_3_months',
          status: ii === 0 ? 'new' : 'parked',
          votes: (idea.votes + index) % 8,
        });
      }
    }
    await tx.insert(ideas).values(ideaRows);
    await tx.insert(measures).values(measureRows);
    await tx.insert(measureSteps).values(stepRows);

    // "Ergebnis der Werkstatt": the strategy as it stands, in the snapshot shape of the API's versions
    // (schemaVersion 1; the API test "seeded demo data" checks it against a freshly frozen version).
    const fieldTitle = new Map(fields.map((f) => [f.id, f.title]));
    const measureOfIdea = new Map(
      measureRows.filter((r) => r.originIdeaId).map((r) => [r.originIdeaId!, r.id]),
    );
    const snapshot = {
      schemaVersion: 1,
      takenAt: now.toISOString(),
      municipality: { id: m.id, name: m.name, kind: m.kind, ars: m.ars, stateCode: m.stateCode },
      program: { id: program.id, name: program.name },
      strategy: {
        id: strategy.id,
        title: strategy.title,
        vision: strategy.vision,
        summary: strategy.summary,
        status: strategy.status,
        adoptedOn: strategy.adoptedOn,
        councilResolution: strategy.councilResolution,
        visibility: strategy.visibility,
        nextReviewOn: strategy.nextReviewOn,
      },
      fields: chosen.map((f) => ({
        actionFieldId: f.actionFieldId,
        key: fields.find((x) => x.id === f.actionFieldId)!.key,
        title: fieldTitle.get(f.actionFieldId)!,
        priority: f.priority,
        rationale: f.rationale,
        goal: f.goal,
        maturityNow: f.maturityNow,
        maturityTarget: f.maturityTarget,
      })),
      measures: measureRows.map((r) => ({
        id: r.id,
        actionFieldId: r.actionFieldId,
        actionFieldTitle: fieldTitle.get(r.actionFieldId)!,
        originIdeaId: r.originIdeaId ?? null,
        rank: r.rank,
        title: r.title,
        description: r.description,
        lead: r.lead,
        participants: r.participants,
        targetGroup: r.targetGroup,
        expectedResult: r.expectedResult,
        resources: r.resources,
        startWindow: r.startWindow,
        startDate: r.startDate,
        endDate: r.endDate,
        status: r.status,
        progress: r.progress,
        budgetCents: r.budgetCents,
        fundingSource: r.fundingSource,
        grantProgram: r.grantProgram,
        indicators: r.indicators,
        steps: stepRows
          .filter((s) => s.measureId === r.id)
          .map((s) => ({
            id: s.id,
            title: s.title,
            dueOn: s.dueOn,
            doneAt: s.doneAt ? s.doneAt.toISOString() : null,
            order: s.position,
          })),
      })),
      ideas: [...ideaRows]
        .sort((a, b) => a.actionFieldId.localeCompare(b.actionFieldId) || a.id.localeCompare(b.id))
        .map((i) => ({
          id: i.id,
          actionFieldId: i.actionFieldId,
          actionFieldTitle: fieldTitle.get(i.actionFieldId)!,
          title: i.title,
          description: i.description,
          estimatedDuration: i.estimatedDuration,
          status: i.status,
          votes: i.votes,
          sourceWorkshopId: null,
          measureId: measureOfIdea.get(i.id) ?? null,
        })),
    };
    await tx.insert(strategyVersions).values({
      municipalityId: m.id,
      strategyId: strategy.id,
      number: 1,
      label: 'Ergebnis der Werkstatt',
      snapshot,
      createdBy: 'Programmbüro (Demodaten)',
    });
  }
  return created;
}
