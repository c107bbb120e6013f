import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { strategyFixture } from './strategy-fixtures';
import { adoptionOf, bodyOf, checkValues, moveItem, rebase, theirChanges, valuesOf } from './strategy-form';
import { strategyProblems } from './strategy-problems';

const s = de.strategy;

describe('strategy form values', () => {
  it('turns a strategy into form values and back into the PUT body', () => {
    const strategy = strategyFixture({
      councilMeeting: { body: 'VG-Rat', meetingOn: '2027-03-12', agendaItem: 'TOP 6' },
    });
    const values = valuesOf(strategy);
    expect(values.nextReviewOn).toBe('31.03.2027');
    expect(values.councilMeetingOn).toBe('12.03.2027');
    expect(values.fields[0]).toMatchObject({ title: 'Bürgerservice', maturityNow: '1', maturityTarget: '3' });
    expect(bodyOf(values, adoptionOf(strategy))).toEqual({
      programId: strategy.programId,
      title: strategy.title,
      vision: strategy.vision,
      summary: strategy.summary,
      status: 'draft',
      adoptedOn: null,
      councilResolution: null,
      visibility: 'private',
      nextReviewOn: '2027-03-31',
      councilMeeting: { body: 'VG-Rat', meetingOn: '2027-03-12', agendaItem: 'TOP 6' },
      fields: strategy.fields.map((f) => ({
        actionFieldId: f.actionFieldId,
        goal: f.goal,
        rationale: f.rationale,
        maturityNow: f.maturityNow,
        maturityTarget: f.maturityTarget,
      })),
    });
  });

  it('checks dates, the council body and the maturity order before sending', () => {
    const values = {
      ...valuesOf(strategyFixture()),
      title: ' ',
      nextReviewOn: '31.02.2027',
      councilAgendaItem: 'TOP 3',
      councilMeetingOn: '2027-03-12',
    };
    values.fields = values.fields.map((f, i) =>
      i === 0 ? { ...f, maturityNow: '3', maturityTarget: '1' } : f,
    );
    expect(checkValues(values)).toEqual({
      title: s.errors.title,
      nextReviewOn: s.errors.nextReviewOn,
      'fields.0.maturityTarget': s.errors.maturity('Bürgerservice'),
      'councilMeeting.body': s.errors.councilBody,
      'councilMeeting.meetingOn': s.errors.councilMeetingOn,
    });
  });

  it('moves an item within the list', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
  });
});

describe('a conflict', () => {
  const base = valuesOf(strategyFixture());
  const theirs = { ...base, title: 'Neuer Titel', fields: [...base.fields].reverse() };
  const mine = { ...base, vision: 'Mein Leitbild', summary: 'Meine Zusammenfassung' };

  it('lists what the other person changed, with their text beside the user’s', () => {
    const changes = theirChanges(
      { values: base, adoption: adoptionOf(strategyFixture()) },
      {
        values: theirs,
        adoption: { status: 'adopted', adoptedOn: '2027-03-12', councilResolution: '2027/045' },
      },
      mine,
    );
    expect(changes.map((c) => c.label)).toEqual(['Titel', 'Handlungsfelder', 'Stand']);
    expect(changes[0]).toMatchObject({ theirs: 'Neuer Titel', mine: 'Digitalstrategie Wonnegau' });
    expect(changes[1]?.theirs).toBe(
      '1. Infrastruktur: WLAN in jedem Ort.\n2. Bürgerservice: Alle Anträge online. (Reifegrad heute: 1 · Ziel: 3)',
    );
    expect(changes[2]).toMatchObject({
      theirs: 'Beschlossen am 12.03.2027 mit Beschluss 2027/045',
      mine: 'Entwurf',
    });
  });

  it('carries the user’s edits onto the saved version', () => {
    expect(rebase(base, theirs, mine)).toEqual({
      ...theirs,
      vision: 'Mein Leitbild',
      summary: 'Meine Zusammenfassung',
    });
  });
});

describe('problems from the API', () => {
  const values = valuesOf(strategyFixture());
  const problem = (code: string, paths: string[], status = 400) => ({
    type: 'about:blank',
    title: 'x',
    status,
    code,
    requestId: 'r',
    errors: paths.map((path) => ({ path, message: 'x' })),
  });

  it('puts validation errors at their fields in German', () => {
    expect(
      strategyProblems(
        problem('validation_failed', ['body.fields.1.goal', 'body.councilMeeting.meetingOn']),
        values,
      ),
    ).toEqual({
      fields: {
        'fields.1.goal': s.errors.goal('Infrastruktur'),
        'councilMeeting.meetingOn': s.errors.councilMeetingOn,
      },
      message: null,
    });
  });

  it('explains an action field no longer in the catalogue for the whole form', () => {
    expect(
      strategyProblems(problem('unknown_action_field', ['body.fields.0.actionFieldId'], 422), values),
    ).toEqual({
      fields: {},
      message: s.errors.unknownActionField,
    });
  });

  it('shows a missing council body at the body’s control', () => {
    expect(strategyProblems(problem('validation_failed', ['body.councilMeeting']), values).fields).toEqual({
      'councilMeeting.body': s.errors.councilBody,
    });
  });
});
