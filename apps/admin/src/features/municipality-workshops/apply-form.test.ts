import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import { type ApplyValues, applicationBody, applicationProblems, checkApplication } from './apply-form';

const t = de.municipalityWorkshops;
const values = (extra: Partial<ApplyValues> = {}): ApplyValues => ({
  programId: 'p1',
  dates: [
    { key: 'd1', date: '2027-03-09', from: '10:00', to: '16:00' },
    { key: 'd2', date: '2027-03-16', from: '', to: '' },
  ],
  expectedParticipants: '25',
  contactName: 'Anna Schäfer',
  contactEmail: 'anna@wonnegau.example',
  contactPhone: '06242 9100-12',
  note: ' Gern dienstags. ',
  ...extra,
});
const rules = { today: '2026-12-05', maxParticipants: 30 };

describe('checkApplication', () => {
  it('accepts a complete application and builds the API’s body', () => {
    expect(checkApplication(values(), rules)).toEqual({});
    expect(applicationBody(values())).toEqual({
      programId: 'p1',
      preferredDates: [
        { date: '2027-03-09', from: '10:00', to: '16:00' },
        { date: '2027-03-16', from: null, to: null },
      ],
      partnerMunicipalityIds: [],
      expectedParticipants: 25,
      contact: { name: 'Anna Schäfer', email: 'anna@wonnegau.example', phone: '06242 9100-12' },
      note: 'Gern dienstags.',
    });
  });

  it('finds past, repeated and half-timed days, too many people and a bad address', () => {
    const bad = values({
      programId: '',
      dates: [
        { key: 'd1', date: '2026-12-01', from: '10:00', to: '' },
        { key: 'd2', date: '2027-01-10', from: '14:00', to: '09:00' },
        { key: 'd3', date: '2027-01-10', from: '', to: '' },
      ],
      expectedParticipants: '31',
      contactEmail: 'anna',
      contactPhone: 'abc',
    });
    expect(checkApplication(bad, rules)).toEqual({
      programId: t.missing.programId,
      'date-d1': t.invalid.pastDate,
      'to-d1': t.invalid.timePair,
      'to-d2': t.invalid.timeOrder,
      'date-d3': t.invalid.duplicateDate,
      expectedParticipants: t.invalid.tooManyParticipants(30),
      contactEmail: t.invalid.contactEmail,
      contactPhone: t.invalid.contactPhone,
    });
  });
});

describe('applicationProblems', () => {
  it('puts the API’s field errors at their fields, nested paths included', () => {
    const error = problem(400, 'validation_failed', {
      errors: [
        { path: 'body.contact.email', message: 'Invalid email' },
        { path: 'body.preferredDates.1.date', message: 'not a calendar day' },
        { path: 'body.expectedParticipants', message: 'Too big' },
      ],
    });
    expect(applicationProblems(error, values())).toEqual({
      atFields: {
        contactEmail: t.invalid.contactEmail,
        'date-d2': t.invalid.date,
        expectedParticipants: t.invalid.expectedParticipants,
      },
      message: null,
    });
  });

  it('explains the program’s rules at the field they concern', () => {
    const tooMany = problem(422, 'participants_exceed_program', {
      detail: 'The program allows at most 20 participants per workshop.',
    });
    expect(applicationProblems(tooMany, values())).toEqual({
      atFields: { expectedParticipants: t.invalid.tooManyParticipants(20) },
      message: null,
    });
    expect(applicationProblems(problem(422, 'municipality_not_eligible'), values())).toEqual({
      atFields: { programId: t.invalid.notEligible },
      message: null,
    });
  });

  it('leaves other problems to the caller and says so for unknown fields', () => {
    expect(applicationProblems(problem(403, 'forbidden'), values())).toBeNull();
    expect(
      applicationProblems(
        problem(400, 'validation_failed', {
          errors: [{ path: 'body.partnerMunicipalityIds', message: 'x' }],
        }),
        values(),
      ),
    ).toEqual({ atFields: {}, message: t.invalid.other });
  });
});
