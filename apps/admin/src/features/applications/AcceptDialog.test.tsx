import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { applicationFixture, workshopFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { renderInRouter, stubApi } from '../../test/router';
import { AcceptDialog } from './AcceptDialog';

afterEach(() => vi.unstubAllGlobals());

const t = de.applications;
const application = applicationFixture();
const acceptPath = `POST /v1/workshop-applications/${application.id}/accept`;

async function open(answer: { status: number; body: unknown }) {
  const requests = stubApi({
    'GET /v1/workshops': { status: 200, body: { data: [workshopFixture()], nextCursor: null } },
    [acceptPath]: answer,
  });
  const onClose = vi.fn();
  const onDone = vi.fn();
  await renderInRouter(
    <AcceptDialog
      application={application}
      applicantName="Verbandsgemeinde Wonnegau"
      onClose={onClose}
      onDone={onDone}
    />,
  );
  const dialog = screen.getByRole('dialog', { name: t.acceptTitle });
  return { requests, onClose, onDone, dialog, ui: userEvent.setup({ delay: null }) };
}

async function fillVenue(ui: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) {
  await ui.type(within(dialog).getByLabelText(/^Veranstaltungsort/), 'Rathaus Osthofen');
  await ui.type(within(dialog).getByLabelText(/^Straße und Hausnummer/), 'Friedrich-Ebert-Straße 16');
  await ui.type(within(dialog).getByLabelText(/^Postleitzahl/), '67574');
  await ui.type(within(dialog).getByLabelText(/^Ort/), 'Osthofen');
}

const submit = (dialog: HTMLElement) =>
  userEvent.click(within(dialog).getByRole('button', { name: t.acceptSubmit }));

// Typing into several fields takes a while in jsdom on a busy machine.
describe('AcceptDialog', { timeout: 20_000 }, () => {
  it('creates a draft workshop on the first preferred date, then confirms and closes', async () => {
    const { requests, onDone, dialog, ui } = await open({
      status: 200,
      body: applicationFixture({ status: 'accepted', workshopId: 'w9' }),
    });
    expect(dialog).toHaveTextContent('am ersten Wunschtermin (Dienstag, 09.03.2027, 10:00–16:00 Uhr)');
    await fillVenue(ui, dialog);
    await submit(dialog);

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(screen.getByText(t.accepted('Verbandsgemeinde Wonnegau'))).toBeInTheDocument();
    const sent = requests.find((r) => r.method === 'POST')!;
    expect(await sent.json()).toEqual({
      workshop: {
        title: 'Digital-Werkstatt Verbandsgemeinde Wonnegau',
        format: 'onsite',
        moderatorIds: [],
        venue: {
          name: 'Rathaus Osthofen',
          street: 'Friedrich-Ebert-Straße 16',
          postalCode: '67574',
          city: 'Osthofen',
        },
      },
    });
  });

  it('checks the required fields before sending', async () => {
    const { requests, dialog } = await open({ status: 200, body: {} });
    await submit(dialog);
    const summary = await within(dialog).findByRole('alert');
    expect(summary).toHaveTextContent(de.form.summaryTitle(4));
    expect(within(dialog).getByLabelText(/^Veranstaltungsort/)).toHaveAccessibleDescription(
      `${t.venueNameHint} ${t.missing.venueName}`,
    );
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the API’s field problems at the fields, in German', async () => {
    const { onDone, dialog, ui } = await open({
      status: 422,
      body: problem(422, 'capacity_exceeds_program', {
        errors: [{ path: 'body.capacity', message: 'at most 30' }],
      }),
    });
    await fillVenue(ui, dialog);
    await ui.type(within(dialog).getByLabelText(/^Plätze insgesamt/), '45');
    await submit(dialog);

    expect(await within(dialog).findByRole('heading', { name: t.problems.capacity })).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Plätze insgesamt/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText(/^Plätze insgesamt/)).toHaveAccessibleDescription(
      expect.stringContaining(t.problems.capacity),
    );
    expect(onDone).not.toHaveBeenCalled();
  });

  it('explains a double booking above the form', async () => {
    const { dialog, ui } = await open({ status: 409, body: problem(409, 'municipality_double_booked') });
    await fillVenue(ui, dialog);
    await submit(dialog);
    expect(await within(dialog).findByRole('heading', { name: t.problems.doubleBooked })).toBeInTheDocument();
  });

  it('links an existing workshop of the applicant instead', async () => {
    const { requests, onDone, dialog, ui } = await open({
      status: 200,
      body: applicationFixture({ status: 'accepted', workshopId: workshopFixture().id }),
    });
    await ui.click(within(dialog).getByLabelText(t.modeExisting));
    const select = await within(dialog).findByLabelText(/^Bestehende Werkstatt/);
    expect(
      within(select).getByRole('option', { name: 'Digital-Werkstatt Rheinhessen – 09.03.2027' }),
    ).toBeInTheDocument();
    await submit(dialog);
    expect(
      await within(dialog).findByText(t.missing.workshopId, { selector: '.field-error' }),
    ).toBeInTheDocument();

    await ui.selectOptions(select, workshopFixture().id);
    await submit(dialog);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const query = new URL(requests[0]!.url).searchParams;
    expect(query.get('municipalityId')).toBe('m1');
    expect(await requests.find((r) => r.method === 'POST')!.json()).toEqual({
      workshopId: workshopFixture().id,
    });
  });
});
