import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { problem } from '../../test/render';
import { checkColleagues, colleagueProblem, outcomeOf } from './colleagues';

const t = de.municipalityWorkshops;
const row = (key: string, firstName: string, lastName: string, email: string) => ({
  key,
  firstName,
  lastName,
  email,
});

describe('checkColleagues', () => {
  it('names each row’s missing or malformed field, and an address given twice', () => {
    expect(
      checkColleagues([
        row('p1', 'Anna', 'Schmidt', 'anna@vg.de'),
        row('p2', '', 'Becker', 'kein-at'),
        row('p3', 'Jonas', '', 'ANNA@vg.de'),
      ]),
    ).toEqual({
      'p2-firstName': t.missingFirstName,
      'p2-email': t.invalidEmail,
      'p3-lastName': t.missingLastName,
      'p3-email': t.duplicateEmail,
    });
  });
});

describe('colleagueProblem', () => {
  it('puts a second registration of an address at the e-mail and goes on with the next person', () => {
    expect(colleagueProblem(problem(409, 'already_registered'))).toEqual({
      field: 'email',
      message: t.alreadyRegistered,
      stop: false,
    });
  });

  it('maps a field the API refused to that field', () => {
    const error = problem(400, 'validation_failed', {
      errors: [{ path: 'body.lastName', message: 'Too big' }],
    });
    expect(colleagueProblem(error)).toEqual({
      field: 'lastName',
      message: t.fieldErrors.lastName,
      stop: false,
    });
  });

  it('stops at a problem of the workshop itself, in German', () => {
    expect(colleagueProblem(problem(409, 'registration_closed'))).toEqual({
      message: de.invitation.closed,
      stop: true,
    });
  });
});

describe('outcomeOf', () => {
  it('says seat or waitlist place', () => {
    expect(outcomeOf({ status: 'confirmed', waitlistPosition: null })).toEqual({
      label: 'Platz erhalten',
      tone: 'success',
    });
    expect(outcomeOf({ status: 'waitlisted', waitlistPosition: 3 })).toEqual({
      label: 'Warteliste, Platz 3',
      tone: 'info',
    });
  });
});
