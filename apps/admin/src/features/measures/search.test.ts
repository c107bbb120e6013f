import { describe, expect, it } from 'vitest';
import { filtersOf, measuresQuery, sortOf, validateMeasuresSearch, withSort } from './search';

const FIELD = '0190f1c2-7a1b-7cde-8f00-0000000000f1';

describe('measures search params', () => {
  it('keeps valid filters and drops the rest, so an edited address never becomes a 400', () => {
    expect(
      validateMeasuresSearch({
        feld: FIELD,
        status: 'in_progress',
        ueberfaellig: 'ja',
        suche: '  WLAN  ',
        sortierung: 'ende',
        richtung: 'ab',
      }),
    ).toEqual({
      feld: FIELD,
      status: 'in_progress',
      ueberfaellig: 'ja',
      suche: 'WLAN',
      sortierung: 'ende',
      richtung: 'ab',
    });
    expect(
      validateMeasuresSearch({
        feld: 'x',
        status: 'fertig',
        ueberfaellig: 'vielleicht',
        suche: '  ',
        sortierung: 'id',
      }),
    ).toEqual({});
    expect(validateMeasuresSearch({ suche: 2027 })).toEqual({ suche: '2027' });
    expect(validateMeasuresSearch({ richtung: 'ab' })).toEqual({});
    expect(validateMeasuresSearch({ suche: 'a'.repeat(300) }).suche).toHaveLength(200);
  });

  it('turns the German names into the API query', () => {
    expect(
      measuresQuery({ feld: FIELD, status: 'done', ueberfaellig: 'nein', suche: 'Bus', sortierung: 'titel' }),
    ).toEqual({
      actionFieldId: FIELD,
      status: 'done',
      overdue: 'false',
      q: 'Bus',
    });
    expect(measuresQuery({ ueberfaellig: 'ja' })).toEqual({ overdue: 'true' });
  });

  it('reads and writes the order without touching the filters', () => {
    expect(sortOf({})).toBeUndefined();
    expect(sortOf({ sortierung: 'fortschritt' })).toEqual({ key: 'fortschritt', direction: 'ascending' });
    expect(sortOf({ sortierung: 'fortschritt', richtung: 'ab' })).toEqual({
      key: 'fortschritt',
      direction: 'descending',
    });
    expect(withSort({ status: 'done' }, { key: 'ende', direction: 'descending' })).toEqual({
      status: 'done',
      sortierung: 'ende',
      richtung: 'ab',
    });
    expect(filtersOf({ status: 'done', sortierung: 'ende', richtung: 'ab' })).toEqual({ status: 'done' });
  });
});
