import {
  actionFields,
  compiledRead,
  ideas,
  measures,
  municipalities,
  programs,
  strategies,
  strategyFields,
  type Tx,
} from '@werkstatt/db';
import { and, asc, eq, getTableColumns, inArray, isNull, notInArray, sql } from 'drizzle-orm';

/** A strategy without its logo: the logo's bytes are read only where they are shown. */
export type StrategyRow = Omit<typeof strategies.$inferSelect, 'logoPng'>;
export type StrategyFieldRow = typeof strategyFields.$inferSelect & {
  actionFieldKey: string;
  actionFieldTitle: string;
};

export async function municipalityExists(tx: Tx, municipalityId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.id, municipalityId), isNull(municipalities.deletedAt)))
    .limit(1);
  return rows.length > 0;
}

const { logoPng: _logo, ...columnsWithoutLogo } = getTableColumns(strategies);
export const strategyColumns = columnsWithoutLogo;

// Strategy and fields are read by every roadmap, strategy and version request: built once.
const readStrategy = compiledRead(strategyColumns, (qb) =>
  qb
    .select(strategyColumns)
    .from(strategies)
    .where(eq(strategies.municipalityId, sql.placeholder('municipalityId')))
    .limit(1),
);

export async function findStrategy(
  tx: Tx,
  municipalityId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StrategyRow | undefined> {
  if (!opts.forUpdate) return (await readStrategy(tx, { municipalityId }))[0];
  const [row] = await tx
    .select(strategyColumns)
    .from(strategies)
    .where(eq(strategies.municipalityId, municipalityId))
    .limit(1)
    .for('update');
  return row;
}

export async function findStrategyLogo(tx: Tx, municipalityId: string): Promise<Buffer | null | undefined> {
  const [row] = await tx
    .select({ logoPng: strategies.logoPng })
    .from(strategies)
    .where(eq(strategies.municipalityId, municipalityId))
    .limit(1);
  return row ? row.logoPng : undefined;
}

export const setStrategyLogo = async (tx: Tx, id: string, png: Buffer | null) => {
  await tx.update(strategies).set({ logoPng: png }).where(eq(strategies.id, id));
};

export const strategyFieldColumns = {
  id: strategyFields.id,
  municipalityId: strategyFields.municipalityId,
  strategyId: strategyFields.strategyId,
  actionFieldId: strategyFields.actionFieldId,
  priority: strategyFields.priority,
  rationale: strategyFields.rationale,
  goal: strategyFields.goal,
  maturityNow: strategyFields.maturityNow,
  maturityTarget: strategyFields.maturityTarget,
  createdAt: strategyFields.createdAt,
  updatedAt: strategyFields.updatedAt,
  actionFieldKey: actionFields.key,
  actionFieldTitle: actionFields.title,
};

const readStrategyFields = compiledRead(strategyFieldColumns, (qb) =>
  qb
    .select(strategyFieldColumns)
    .from(strategyFields)
    .innerJoin(actionFields, eq(actionFields.id, strategyFields.actionFieldId))
    .where(eq(strategyFields.strategyId, sql.placeholder('strategyId')))
    .orderBy(asc(strategyFields.priority)),
);

export const listStrategyFields = (tx: Tx, strategyId: string): Promise<StrategyFieldRow[]> =>
  readStrategyFields(tx, { strategyId });

export const insertStrategy = async (tx: Tx, values: typeof strategies.$inferInsert) =>
  (await tx.insert(strategies).values(values).returning(strategyColumns))[0]!;

export const updateStrategy = async (tx: Tx, id: string, values: Partial<typeof strategies.$inferInsert>) =>
  (await tx.update(strategies).set(values).where(eq(strategies.id, id)).returning(strategyColumns))[0]!;

export interface ChosenFieldValues {
  actionFieldId: string;
  rationale: string;
  goal: string;
  maturityNow: number | null;
  maturityTarget: number | null;
}

/** Replaces the chosen fields wholesale: the PUT body is the new list, its order the priority. */
export async function replaceStrategyFields(
  tx: Tx,
  strategy: Pick<StrategyRow, 'id' | 'municipalityId'>,
  fields: ChosenFieldValues[],
): Promise<void> {
  await tx.delete(strategyFields).where(eq(strategyFields.strategyId, strategy.id));
  if (fields.length === 0) return;
  await tx.insert(strategyFields).values(
    fields.map((f, i) => ({
      ...f,
      municipalityId: strategy.municipalityId,
      strategyId: strategy.id,
      priority: i + 1,
    })),
  );
}

export async function programExists(tx: Tx, programId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, programId), isNull(programs.deletedAt)))
    .limit(1);
  return rows.length > 0;
}

/** Which of the given action fields belong to the program (and are not deleted). */
export async function actionFieldsOfProgram(tx: Tx, programId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: actionFields.id })
    .from(actionFields)
    .where(
      and(
        eq(actionFields.programId, programId),
        inArray(actionFields.id, ids),
        isNull(actionFields.deletedAt),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Live ideas and measures whose action field is not in the program (they block a program change). */
export async function countRefsOutsideProgram(
  tx: Tx,
  municipalityId: string,
  programId: string,
): Promise<number> {
  const inProgram = tx
    .select({ id: actionFields.id })
    .from(actionFields)
    .where(eq(actionFields.programId, programId));
  const [i] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(ideas)
    .where(
      and(
        eq(ideas.municipalityId, municipalityId),
        isNull(ideas.deletedAt),
        notInArray(ideas.actionFieldId, inProgram),
      ),
    );
  const [m] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(measures)
    .where(
      and(
        eq(measures.municipalityId, municipalityId),
        isNull(measures.deletedAt),
        notInArray(measures.actionFieldId, inProgram),
      ),
    );
  return (i?.n ?? 0) + (m?.n ?? 0);
}

/** The program a municipality's strategy uses, or undefined when it has no strategy yet. */
export async function strategyProgramOf(tx: Tx, municipalityId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ programId: strategies.programId })
    .from(strategies)
    .where(eq(strategies.municipalityId, municipalityId))
    .limit(1);
  return row?.programId;
}
