import { isProgramOffice } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';
import { forbidden } from '../../lib/errors.js';
import { emptyCounts, type StatusCounts } from '../strategy/index.js';
import * as data from './reports.data.js';
import type { ProgramOverviewDto } from './reports.schemas.js';

/**
 * The program office's overview in five queries whatever the number of municipalities, read in one
 * repeatable-read snapshot so the parts add up.
 */
export async function getOverview(ctx: RequestContext): Promise<ProgramOverviewDto> {
  if (!isProgramOffice(ctx.actor)) throw forbidden('Only the program office sees the overview.');
  const { municipalities, fields, measureRows, workshopMonths, pendingApplications } =
    await ctx.db.transaction(
      async (tx) => ({
        municipalities: await data.countMunicipalitiesByStrategy(tx),
        fields: await data.countChosenFields(tx),
        measureRows: await data.countMeasuresByFieldAndStatus(tx),
        workshopMonths: await data.countHeldWorkshopsPerMonth(tx),
        pendingApplications: await data.countPendingApplications(tx),
      }),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );

  const overall: StatusCounts = emptyCounts();
  let overdue = 0;
  const byField = new Map<string, ProgramOverviewDto['measures']['byField'][number]>();
  for (const r of measureRows) {
    let field = byField.get(r.actionFieldId);
    if (!field) {
      field = {
        actionFieldId: r.actionFieldId,
        key: r.key,
        title: r.title,
        counts: emptyCounts(),
        overdue: 0,
      };
      byField.set(r.actionFieldId, field);
    }
    field.counts[r.status] += r.n;
    field.counts.total += r.n;
    field.overdue += r.overdue;
    overall[r.status] += r.n;
    overall.total += r.n;
    overdue += r.overdue;
  }
  return {
    municipalities: {
      total: municipalities.total,
      withoutStrategy: municipalities.withoutStrategy,
      draft: municipalities.draft,
      adopted: municipalities.adopted,
      publicStrategies: municipalities.publicStrategies,
    },
    actionFields: fields.map((f) => ({
      actionFieldId: f.actionFieldId,
      programId: f.programId,
      key: f.key,
      title: f.title,
      chosen: f.chosen,
    })),
    measures: { counts: overall, overdue, byField: [...byField.values()] },
    workshopsPerMonth: workshopMonths.map((m) => ({ month: m.month, held: m.held })),
    applications: { pending: pendingApplications },
  };
}
