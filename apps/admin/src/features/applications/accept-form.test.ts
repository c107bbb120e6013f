import { describe, expect, it } from 'vitest';
import { problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import { acceptBody, acceptFieldOf, acceptProblem, checkAccept, initialAcceptValues } from './accept-form';

const t = de.applications;
const values = { ...initialAcceptValues('Verbandsgemeinde Wonnegau') };

describe('accepting an application: the form', () => {
  it('asks for the place of an on-site workshop, or the link of an online one', () => {
    expect(checkAccept({ ...values, postalCode: '6757' })).toEqual({
      venueName: t.missing.venueName,
      street: t.missing.street,
      postalCode: t.fieldErrors.postalCode,
      city: t.missing.city,
    });
    expect(checkAccept({ ...values, format: 'online', onlineUrl: 'http://meet.example' })).toEqual({
      onlineUrl: t.fieldErrors.onlineUrl,
    });
    expect(
      checkAccept({ ...values, format: 'online', onlineUrl: 'https://meet.example', capacity: '0' }),
    ).toEqual({
      capacity: t.fieldErrors.capacity,
    });
    expect(checkAccept({ ...values, mode: 'existing' })).toEqual({ workshopId: t.missing.workshopId });
  });

  it('sends only the fields of the chosen format, or the workshop to link', () => {
    expect(
      acceptBody({
        ...values,
        format: 'online',
        onlineUrl: ' https://meet.example/w ',
        venueName: 'x',
        capacity: '25',
      }),
    ).toEqual({
      workshop: {
        title: 'Digital-Werkstatt Verbandsgemeinde Wonnegau',
        format: 'online',
        moderatorIds: [],
        onlineUrl: 'https://meet.example/w',
        capacity: 25,
      },
    });
    expect(acceptBody({ ...values, mode: 'existing', workshopId: 'w1', title: 'ignored' })).toEqual({
      workshopId: 'w1',
    });
  });
});

describe('accepting an application: the API’s problems in German', () => {
  it('places schema errors of the nested workshop and the workshop rules at their fields', () => {
    expect(acceptFieldOf('body.workshop.venue.postalCode')).toBe('postalCode');
    expect(acceptFieldOf('body.workshop.title')).toBe('title');
    expect(acceptFieldOf('body.venue')).toBe('venueName');
    expect(acceptFieldOf('body.capacity')).toBe('capacity');
    expect(acceptFieldOf('body.workshopId')).toBe('workshopId');
    expect(acceptFieldOf('body')).toBeNull();

    const schema = problem(400, 'validation_failed', {
      errors: [
        { path: 'body.workshop.venue.postalCode', message: 'five digits' },
        { path: 'body.workshop.title', message: 'Too big' },
      ],
    });
    expect(acceptProblem(schema, problemMessage)).toEqual({
      fields: { postalCode: t.fieldErrors.postalCode, title: t.fieldErrors.title },
      message: null,
    });
    const venue = problem(422, 'venue_required', { errors: [{ path: 'body.venue', message: 'required' }] });
    expect(acceptProblem(venue, problemMessage)).toEqual({
      fields: { venueName: t.missing.venueName },
      message: null,
    });
    const notParticipating = problem(422, 'municipality_not_participating', {
      errors: [{ path: 'body.workshopId', message: 'not participating' }],
    });
    expect(acceptProblem(notParticipating, problemMessage).fields).toEqual({
      workshopId: t.fieldErrors.workshopId,
    });
  });

  it('says above the form what is not about one field', () => {
    expect(acceptProblem(problem(409, 'municipality_double_booked'), problemMessage)).toEqual({
      fields: {},
      message: t.problems.doubleBooked,
    });
    expect(acceptProblem(problem(409, 'application_not_pending'), problemMessage).message).toBe(
      t.problems.notPending,
    );
    const capacity = problem(422, 'capacity_exceeds_program', {
      errors: [{ path: 'body.capacity', message: 'at most 30' }],
    });
    expect(acceptProblem(capacity, problemMessage)).toEqual({
      fields: { capacity: t.problems.capacity },
      message: t.problems.capacity,
    });
    const union = problem(400, 'validation_failed', { errors: [{ path: 'body', message: 'Invalid input' }] });
    expect(acceptProblem(union, problemMessage)).toEqual({ fields: {}, message: t.fieldErrors.other });
    expect(acceptProblem(new TypeError('Failed to fetch'), problemMessage).message).toBe(de.problems.network);
  });
});
