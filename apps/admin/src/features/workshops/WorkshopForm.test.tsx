import { type AnyRoute, createRoute } from '@tanstack/react-router';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schema } from '@werkstatt/api-client';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, stubFetch } from '../../test/render';
import { renderRoutes } from './test-router';
import { WorkshopForm, type WorkshopFormProps } from './WorkshopForm';
import { emptyValues, valuesOf } from './workshop-form';

afterEach(() => vi.unstubAllGlobals());
// The form is long; typing into it on a busy machine takes a few seconds.
vi.setConfig({ testTimeout: 20_000 });
// The first render waits for the router and the lookups; give it time on a busy machine.
configure({ asyncUtilTimeout: 5_000 });

const f = de.workshopForm;
const PROGRAM = '0190f1c2-7a1b-7cde-8f00-000000000001';
const WONNEGAU = '0190f1c2-7a1b-7cde-8f00-0000000000a1';
const EICH = '0190f1c2-7a1b-7cde-8f00-0000000000a2';
const MODERATOR = '0190f1c2-7a1b-7cde-8f00-0000000000b1';
const WORKSHOP = '0190f1c2-7a1b-7cde-8f00-0000000000c1';

const programs = [
  {
    id: PROGRAM,
    name: 'Digital-Werkstatt',
    maxMunicipalitiesPerWorkshop: 3,
    maxParticipants: 30,
    eligibleKinds: ['verbandsgemeinde'],
  },
] as unknown as Schema<'Program'>[];
const municipalities = [
  { id: WONNEGAU, name: 'Verbandsgemeinde Wonnegau', kind: 'verbandsgemeinde' },
  { id: EICH, name: 'Verbandsgemeinde Eich', kind: 'verbandsgemeinde' },
] as unknown as Schema<'Municipality'>[];
const moderators = [
  { id: MODERATOR, name: 'Moritz Moderation', role: 'moderator', disabled: false },
] as unknown as Schema<'User'>[];

const stored = {
  id: WORKSHOP,
  programId: PROGRAM,
  title: 'Digital-Werkstatt Rheinhessen',
  format: 'onsite',
  startsAt: '2027-02-10T08:00:00.000Z',
  endsAt: '2027-02-10T15:30:00.000Z',
  timeZone: 'Europe/Berlin',
  startsAtLocal: '2027-02-10T09:00:00',
  endsAtLocal: '2027-02-10T16:30:00',
  days: [
    {
      startsAt: '2027-02-10T08:00:00.000Z',
      endsAt: '2027-02-10T15:30:00.000Z',
      startsAtLocal: '2027-02-10T09:00:00',
      endsAtLocal: '2027-02-10T16:30:00',
    },
  ],
  venue: {
    name: 'Bürgerhaus Osthofen',
    street: 'Friedrich-Ebert-Straße 16',
    postalCode: '67574',
    city: 'Osthofen',
  },
  onlineUrl: null,
  hostMunicipalityId: WONNEGAU,
  municipalityIds: [WONNEGAU, EICH],
  seatsPerMunicipality: [
    { municipalityId: WONNEGAU, seats: 12, confirmedCount: 0 },
    { municipalityId: EICH, seats: 12, confirmedCount: 0 },
  ],
  moderatorIds: [],
  capacity: 24,
  status: 'draft',
  registrationOpensAt: null,
  registrationClosesAt: null,
  notes: '',
  cancellationReason: null,
  confirmedCount: 0,
  waitlistCount: 0,
  seatsLeft: 24,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
} as Schema<'Workshop'>;

/** The form inside a small router (its links and the unsaved-changes guard need one). */
function renderForm(props: Partial<WorkshopFormProps> = {}) {
  const onSaved = vi.fn();
  const ui: ReactElement = (
    <WorkshopForm
      initial={emptyValues(PROGRAM, '30')}
      programs={programs}
      municipalities={municipalities}
      moderators={moderators}
      onSaved={onSaved}
      {...props}
    />
  );
  const form = (parent: AnyRoute) =>
    createRoute({ getParentRoute: () => parent, path: '/form', component: () => ui });
  renderRoutes([form], '/form', ['/werkstaetten', '/werkstaetten/$workshopId']);
  return { onSaved };
}

/** Sets a field at once (typing key by key through the long form is slow on a busy machine). */
const setValue = (label: RegExp, value: string, scope: HTMLElement = document.body) =>
  fireEvent.change(within(scope).getByLabelText(label), { target: { value } });
const group = (name: string) => screen.getByRole('group', { name });

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText(/^Titel/), 'Digital-Werkstatt Rheinhessen');
  setValue(/^Datum/, '10.02.2027', group('Tag 1'));
  setValue(/^Beginn/, '09:00', group('Tag 1'));
  setValue(/^Ende/, '16:30', group('Tag 1'));
  await user.click(screen.getByRole('button', { name: f.addDay }));
  setValue(/^Ende/, '15:00', group('Tag 2'));
  setValue(/^Name des Ortes/, 'Bürgerhaus Osthofen');
  setValue(/^Straße und Hausnummer/, 'Friedrich-Ebert-Straße 16');
  setValue(/^Postleitzahl/, '67574');
  setValue(/^Ort/, 'Osthofen');
  setValue(/^Plätze insgesamt/, '24');
  await user.selectOptions(screen.getByLabelText(/^Kommune 1/), WONNEGAU);
  setValue(/^Kontingent Kommune 1/, '12');
  await user.click(screen.getByRole('button', { name: f.addMunicipality }));
  await user.selectOptions(screen.getByLabelText(/^Kommune 2/), EICH);
  setValue(/^Kontingent Kommune 2/, '12');
  await user.click(screen.getByLabelText('Moritz Moderation'));
}

const submit = (user: ReturnType<typeof userEvent.setup>, name: string = f.create) =>
  user.click(screen.getByRole('button', { name }));

const summaryLinks = async () => {
  const heading = await screen.findByText(/^Bitte korrigieren Sie/);
  const summary = heading.closest<HTMLElement>('[role="alert"]');
  if (!summary) throw new Error('no error summary');
  return within(summary)
    .getAllByRole('link')
    .map((l) => l.textContent);
};

describe('WorkshopForm: checks in the browser', () => {
  it('names every missing field in the summary, links to it, and sends nothing', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    renderForm();
    const title = await screen.findByLabelText(/^Titel/);
    setValue(/^Beginn/, '');
    await submit(user);

    expect(await summaryLinks()).toEqual([
      f.missing.title,
      f.missing.date(1),
      f.missing.startsAt(1),
      f.missing.venueName,
      f.missing.street,
      f.missing.postalCode,
      f.missing.city,
      f.missing.municipality(1),
    ]);
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription(expect.stringContaining(f.missing.title));
    await user.click(screen.getByRole('link', { name: f.missing.postalCode }));
    expect(screen.getByLabelText(/^Postleitzahl/)).toHaveFocus();
    expect(requests).toHaveLength(0);
  });

  it('checks the order of times, the postal code and the quotas against the capacity', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    setValue(/^Ende/, '08:00', group('Tag 1'));
    setValue(/^Datum/, '10.02.2027', group('Tag 2'));
    setValue(/^Postleitzahl/, '6757');
    setValue(/^Kontingent Kommune 2/, '25');
    await submit(user);

    expect(await summaryLinks()).toEqual([
      f.errors.dayEndsBeforeStart(1),
      f.errors.postalCode,
      f.errors.seatsAboveCapacity(2, 24),
    ]);
    expect(within(group('Tag 1')).getByLabelText(/^Ende/)).toHaveAccessibleDescription(
      expect.stringContaining(f.errors.dayEndsBeforeStart(1)),
    );
    expect(requests).toHaveLength(0);
  });
  it('asks for dates as TT.MM.JJJJ, times as HH:MM, and a registration window in order', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    setValue(/^Datum/, '31.02.2027', group('Tag 1'));
    setValue(/^Beginn/, '9 Uhr', group('Tag 2'));
    setValue(/^Anmeldung ab \(Datum\)/, '01.02.2027');
    setValue(/^Anmeldung bis \(Datum\)/, '01.01.2027');
    setValue(/^Anmeldung bis \(Uhrzeit\)/, '25:00');
    await submit(user);

    expect(await summaryLinks()).toEqual([
      f.errors.dateFormat(1),
      f.errors.startsAtFormat(2),
      f.errors.registrationTime,
    ]);
    setValue(/^Datum/, '10.02.2027', group('Tag 1'));
    setValue(/^Beginn/, '9:00', group('Tag 2'));
    setValue(/^Anmeldung bis \(Uhrzeit\)/, '');
    await submit(user);
    expect(await summaryLinks()).toEqual([f.errors.registrationOrder]);
    expect(requests).toHaveLength(0);
  });
});

describe('WorkshopForm: the API’s problems at the fields', () => {
  it('sends Berlin times as instants with an idempotency key, and shows an overlap at the municipality', async () => {
    const requests = stubFetch({
      status: 409,
      body: problem(409, 'municipality_double_booked', { municipalityId: EICH, workshopId: WORKSHOP }),
    });
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);

    const message = f.errors.doubleBooked('Verbandsgemeinde Eich');
    expect(await summaryLinks()).toEqual([message]);
    const eich = screen.getByLabelText(/^Kommune 2/);
    expect(eich).toHaveAttribute('aria-invalid', 'true');
    expect(eich).toHaveAccessibleDescription(message);
    expect(screen.getByLabelText(/^Kommune 1/)).not.toHaveAttribute('aria-invalid');

    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await request.json()).toEqual({
      programId: PROGRAM,
      title: 'Digital-Werkstatt Rheinhessen',
      format: 'onsite',
      startsAt: '2027-02-10T09:00:00+01:00',
      endsAt: '2027-02-11T15:00:00+01:00',
      days: [
        { startsAt: '2027-02-10T09:00:00+01:00', endsAt: '2027-02-10T16:30:00+01:00' },
        { startsAt: '2027-02-11T09:00:00+01:00', endsAt: '2027-02-11T15:00:00+01:00' },
      ],
      venue: {
        name: 'Bürgerhaus Osthofen',
        street: 'Friedrich-Ebert-Straße 16',
        postalCode: '67574',
        city: 'Osthofen',
      },
      onlineUrl: null,
      municipalities: [
        { municipalityId: WONNEGAU, seats: 12 },
        { municipalityId: EICH, seats: 12 },
      ],
      hostMunicipalityId: WONNEGAU,
      moderatorIds: [MODERATOR],
      capacity: 24,
      registrationOpensAt: null,
      registrationClosesAt: null,
      status: 'draft',
      notes: '',
    });
  });

  it('maps validation paths such as body.days.1.endsAt and body.municipalities.0.seats to their fields', async () => {
    stubFetch({
      status: 400,
      body: problem(400, 'validation_failed', {
        errors: [
          { path: 'body.days.1.endsAt', message: 'must be after startsAt' },
          { path: 'body.municipalities.0.seats', message: 'Too big' },
          { path: 'body.venue.postalCode', message: 'five digits' },
        ],
      }),
    });
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);

    expect(await summaryLinks()).toEqual([
      f.errors.dayEndsBeforeStart(2),
      f.errors.postalCode,
      f.errors.seats(1),
    ]);
    expect(within(group('Tag 2')).getByLabelText(/^Ende/)).toHaveAccessibleDescription(
      expect.stringContaining(f.errors.dayEndsBeforeStart(2)),
    );
    expect(screen.getByLabelText(/^Kontingent Kommune 1/)).toHaveAccessibleDescription(
      expect.stringContaining(f.errors.seats(1)),
    );
  });

  it('puts a quota above the capacity at that municipality’s quota', async () => {
    stubFetch({
      status: 422,
      body: problem(422, 'seats_exceed_capacity', {
        errors: [{ path: 'body.municipalities', message: `seats of ${EICH} exceed the capacity` }],
      }),
    });
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);

    expect(await summaryLinks()).toEqual([f.errors.seatsAboveCapacity(2, 24)]);
    expect(screen.getByLabelText(/^Kontingent Kommune 2/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a date outside the program’s period at the first day', async () => {
    stubFetch({
      status: 422,
      body: problem(422, 'workshop_outside_program_period', {
        programStartsOn: '2027-03-01',
        programEndsOn: '2027-12-31',
        errors: [{ path: 'body.startsAt', message: "must lie within the program's period" }],
      }),
    });
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);

    const message = f.errors.outsideProgram('01.03.2027 bis 31.12.2027');
    expect(await summaryLinks()).toEqual([message]);
    expect(within(group('Tag 1')).getByLabelText(/^Datum/)).toHaveAccessibleDescription(
      expect.stringContaining(message),
    );
  });

  it('tells the user and navigates on after saving', async () => {
    stubFetch({ status: 201, body: stored });
    const user = userEvent.setup();
    const { onSaved } = renderForm();
    await fillValid(user);
    await submit(user);
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(stored));
    expect(await screen.findByText(f.created)).toBeInTheDocument();
  });
});

describe('WorkshopForm: editing', () => {
  it('sends only what changed, with If-Match', async () => {
    const requests = stubFetch({ status: 200, body: { ...stored, capacity: 26 } });
    const user = userEvent.setup();
    renderForm({ workshop: { value: stored, etag: '"v1"' }, initial: valuesOf(stored) });
    const capacity = await screen.findByLabelText(/^Plätze insgesamt/);
    await user.clear(capacity);
    await user.type(capacity, '26');
    await submit(user, f.save);

    await screen.findByText(f.saved);
    expect(requests[0]!.method).toBe('PATCH');
    expect(requests[0]!.headers.get('if-match')).toBe('"v1"');
    expect(await requests[0]!.json()).toEqual({ capacity: 26 });
  });

  it('opens the conflict dialog on 412 and can overwrite with the current version’s ETag', async () => {
    const requests = stubFetch(
      { status: 412, body: problem(412, 'precondition_failed', { current: stored, currentEtag: '"v2"' }) },
      { status: 200, body: { ...stored, title: 'Neuer Titel' } },
    );
    const user = userEvent.setup();
    const onReload = vi.fn();
    const { onSaved } = renderForm({
      workshop: { value: stored, etag: '"v1"' },
      initial: valuesOf(stored),
      onReload,
    });
    const title = await screen.findByLabelText(/^Titel/);
    await user.clear(title);
    await user.type(title, 'Neuer Titel');
    await submit(user, f.save);

    const dialog = await screen.findByRole('alertdialog', { name: de.ui.conflictTitle });
    expect(dialog).toHaveTextContent(de.ui.conflictText);
    await user.click(within(dialog).getByRole('button', { name: de.ui.conflictOverwrite }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(requests[1]!.headers.get('if-match')).toBe('"v2"');
    expect(await requests[1]!.json()).toEqual({ title: 'Neuer Titel' });
    expect(onReload).not.toHaveBeenCalled();
  });

  it('reloads the current version from the conflict dialog', async () => {
    stubFetch({ status: 412, body: problem(412, 'precondition_failed', { currentEtag: '"v2"' }) });
    const user = userEvent.setup();
    const onReload = vi.fn();
    renderForm({ workshop: { value: stored, etag: '"v1"' }, initial: valuesOf(stored), onReload });
    const notes = await screen.findByLabelText(/^Interne Notizen/);
    await user.type(notes, 'Beamer mitbringen');
    await submit(user, f.save);
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: de.ui.conflictReload }));
    expect(onReload).toHaveBeenCalledTimes(1);
  });
});
