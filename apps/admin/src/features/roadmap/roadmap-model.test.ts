import { describe, expect, it } from 'vitest';
import { FIELD_A, FIELD_B, roadmapField, roadmapFixture, roadmapMeasure } from './fixtures';
import {
  barText,
  buildRoadmap,
  chunkGroups,
  type RoadmapGroup,
  startText,
  statusText,
} from './roadmap-model';

const today = '2026-12-05';

const sample = () =>
  roadmapFixture([
    roadmapField(FIELD_A, 'Verwaltung digital', [
      roadmapMeasure({
        title: 'E-Akte',
        status: 'in_progress',
        progress: 40,
        startDate: '2026-01-01',
        endDate: '2026-09-30',
        overdue: true,
      }),
      roadmapMeasure({
        title: 'Bürgerportal',
        startDate: null,
        endDate: null,
        startWindow: 'within_2_years',
      }),
      roadmapMeasure({ title: 'Ratsinformationssystem', status: 'done', progress: 80 }),
    ]),
    roadmapField(FIELD_B, 'Bildung', [
      roadmapMeasure({ title: 'Tablets für Schulen', startDate: '2027-03-01', endDate: null }),
      roadmapMeasure({ title: 'WLAN in Schulen', startDate: '2027-02-01', endDate: '2028-03-31' }),
    ]),
  ]);

describe('buildRoadmap', () => {
  it('groups dated measures by field in the API order and numbers them as the PDF does', () => {
    const view = buildRoadmap(sample(), {}, today);
    expect(view.groups.map((g) => [g.number, g.title, g.rows.map((r) => `${r.number} ${r.title}`)])).toEqual([
      ['1', 'Verwaltung digital', ['1.1 E-Akte', '1.3 Ratsinformationssystem']],
      ['2', 'Bildung', ['2.2 WLAN in Schulen']],
    ]);
    expect(view.datedCount).toBe(3);
    expect(view.total).toBe(5);
    expect(view.groups[0]?.color).not.toBe(view.groups[1]?.color);
  });

  it('lists measures without both dates below, as the PDF does', () => {
    const view = buildRoadmap(sample(), {}, today);
    expect(view.undated.map((r) => `${r.number} ${r.title}`)).toEqual([
      '1.2 Bürgerportal',
      '2.1 Tablets für Schulen',
    ]);
    expect(startText(view.undated[0]!)).toBe('innerhalb von 2 Jahren');
    expect(startText(view.undated[1]!)).toBe('ab 01.03.2027');
  });

  it('sizes the timeline to the dated measures and the current year', () => {
    const view = buildRoadmap(sample(), {}, today);
    expect(view.timeline?.quarters[0]?.label).toBe('Q1 2026');
    expect(view.timeline?.quarters.at(-1)?.label).toBe('Q1 2028');
  });

  it('filters by field and status, keeping numbers and colours', () => {
    const all = buildRoadmap(sample(), {}, today);
    const field = buildRoadmap(sample(), { feld: FIELD_B }, today);
    expect(field.groups.map((g) => g.title)).toEqual(['Bildung']);
    expect(field.groups[0]?.color).toBe(all.groups[1]?.color);
    expect(field.undated.map((r) => r.number)).toEqual(['2.1']);
    const done = buildRoadmap(sample(), { status: 'done' }, today);
    expect(done.groups.flatMap((g) => g.rows.map((r) => r.number))).toEqual(['1.3']);
    expect(done.undated).toEqual([]);
    expect(buildRoadmap(sample(), { status: 'dropped' }, today).timeline).toBeNull();
  });

  it('marks overdue measures and says everything the bar shows in words', () => {
    const [overdue, done] = buildRoadmap(sample(), {}, today).groups[0]!.rows;
    expect(overdue?.overdue).toBe(true);
    expect(barText(overdue!)).toBe(
      'Zeitraum 01.01.2026 bis 30.09.2026 (Q1 2026 bis Q3 2026). Status: In Umsetzung. Fortschritt 40 %. Überfällig.',
    );
    // A finished measure counts as full, whatever progress was last entered.
    expect(barText(done!)).toBe(
      'Zeitraum 01.01.2027 bis 30.06.2027 (Q1 2027 bis Q2 2027). Status: Abgeschlossen. Fortschritt 100 %.',
    );
    expect(statusText(overdue!)).toBe('In Umsetzung (40 %)');
  });
});

describe('chunkGroups', () => {
  const group = (id: string, count: number): RoadmapGroup => {
    const view = buildRoadmap(
      roadmapFixture([
        roadmapField(
          id,
          `Feld ${id}`,
          Array.from({ length: count }, () => roadmapMeasure()),
        ),
      ]),
      {},
      today,
    );
    return view.groups[0]!;
  };

  it('cuts 30 measures into pages of 25 and 5, repeating a field that goes on as continued', () => {
    const chunks = chunkGroups([group(FIELD_A, 20), group(FIELD_B, 10)]);
    expect(chunks.map((c) => c.reduce((sum, g) => sum + g.rows.length, 0))).toEqual([25, 5]);
    expect(chunks[0]?.map((g) => [g.fieldId, g.rows.length, g.continued])).toEqual([
      [FIELD_A, 20, false],
      [FIELD_B, 5, false],
    ]);
    expect(chunks[1]?.map((g) => [g.fieldId, g.rows.length, g.continued])).toEqual([[FIELD_B, 5, true]]);
    // The heading still counts the whole field.
    expect(chunks[1]?.[0]?.size).toBe(10);
  });

  it('makes exact pages and keeps every measure once, in order', () => {
    const groups = [group(FIELD_A, 50), group(FIELD_B, 1)];
    const chunks = chunkGroups(groups);
    expect(chunks.map((c) => c.reduce((sum, g) => sum + g.rows.length, 0))).toEqual([25, 25, 1]);
    expect(chunks.flat().flatMap((g) => g.rows.map((r) => r.id))).toEqual(
      groups.flatMap((g) => g.rows.map((r) => r.id)),
    );
    expect(chunkGroups([])).toEqual([]);
    expect(chunkGroups([group(FIELD_A, 3)], 2).map((c) => c[0]?.continued)).toEqual([false, true]);
  });
});
