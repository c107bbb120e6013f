import stringify from 'safe-stable-stringify';
import {
  type SnapshotField,
  type SnapshotMeasure,
  type StrategySnapshot,
  snapshotField,
  snapshotMeasure,
  snapshotStrategy,
  type VersionDiffDto,
} from './versions.schemas.js';

type Change = { field: string; before: unknown; after: unknown };

// A key that older snapshots lack counts as null, so adding it to the snapshot is no change.
const same = (a: unknown, b: unknown) => stringify(a ?? null) === stringify(b ?? null);

/** The keys whose values differ, with before and after, in the order of `keys`. */
function changesOf<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): Change[] {
  const changes: Change[] = [];
  for (const key of keys) {
    if (!same(before[key], after[key])) {
      changes.push({ field: String(key), before: before[key] ?? null, after: after[key] ?? null });
    }
  }
  return changes;
}

// Keys in schema order (stored jsonb does not keep key order). Ids never change and field titles
// follow the catalog, so neither counts as an edit of the strategy.
const keysOf = <T extends object>(shape: T, ignore: readonly (keyof T)[]) =>
  (Object.keys(shape) as (keyof T)[]).filter((k) => !ignore.includes(k));
const measureKeys = keysOf(snapshotMeasure.shape, ['id', 'actionFieldTitle']);
const fieldKeys = keysOf(snapshotField.shape, ['actionFieldId', 'key', 'title']);
const strategyKeys = keysOf(snapshotStrategy.shape, ['id']);

/** Added, removed and changed measures (by id) and chosen fields (by action field), a → b. */
export function diffSnapshots(
  a: StrategySnapshot,
  b: StrategySnapshot,
): Pick<VersionDiffDto, 'strategy' | 'fields' | 'measures'> {
  const fieldsA = new Map(a.fields.map((f) => [f.actionFieldId, f]));
  const fieldsB = new Map(b.fields.map((f) => [f.actionFieldId, f]));
  const measuresA = new Map(a.measures.map((m) => [m.id, m]));
  const measuresB = new Map(b.measures.map((m) => [m.id, m]));
  const fieldRef = (f: SnapshotField) => ({ actionFieldId: f.actionFieldId, title: f.title });
  const measureRef = (m: SnapshotMeasure) => ({ id: m.id, title: m.title, actionFieldId: m.actionFieldId });

  return {
    strategy: { changes: changesOf(a.strategy, b.strategy, strategyKeys) },
    fields: {
      added: b.fields.filter((f) => !fieldsA.has(f.actionFieldId)).map(fieldRef),
      removed: a.fields.filter((f) => !fieldsB.has(f.actionFieldId)).map(fieldRef),
      changed: b.fields.flatMap((f) => {
        const before = fieldsA.get(f.actionFieldId);
        const changes = before ? changesOf(before, f, fieldKeys) : [];
        return changes.length > 0 ? [{ ...fieldRef(f), changes }] : [];
      }),
    },
    measures: {
      added: b.measures.filter((m) => !measuresA.has(m.id)).map(measureRef),
      removed: a.measures.filter((m) => !measuresB.has(m.id)).map(measureRef),
      changed: b.measures.flatMap((m) => {
        const before = measuresA.get(m.id);
        const changes = before ? changesOf(before, m, measureKeys) : [];
        return changes.length > 0 ? [{ ...measureRef(m), changes }] : [];
      }),
    },
  };
}
