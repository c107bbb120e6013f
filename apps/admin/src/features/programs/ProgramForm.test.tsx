import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { fakeApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderPage } from '../../test/router';
import { ActionFieldForm } from './ActionFieldForm';
import { ProgramForm } from './ProgramForm';
import { digitalWerkstatt } from './test-fixtures';

// Typing into many fields is slow on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.programs;
const program = digitalWerkstatt;

describe('ProgramForm', () => {
  it('checks dates, kinds and the contact before sending anything', async () => {
    const api = fakeApi({});
    const user = userEvent.setup();
    await renderPage(<ProgramForm onDone={vi.fn()} />);
    await user.type(screen.getByLabelText(/^Name \(Pflichtfeld/), 'Digital-Werkstatt 2027');
    await user.type(screen.getByLabelText(/^Beginn/), '31.02.2027');
    await user.type(screen.getByLabelText('Organisation'), 'Entwicklungsagentur');
    await user.click(screen.getByRole('button', { name: t.form.submitCreate }));

    expect(await screen.findByText(de.form.summaryTitle(4))).toBeInTheDocument();
    expect(screen.getByLabelText(/^Beginn/)).toHaveAccessibleDescription(
      expect.stringContaining(t.fieldErrors.startsOn),
    );
    expect(screen.getByRole('group', { name: /Zugelassene Arten/ })).toHaveAccessibleDescription(
      expect.stringContaining(t.missing.eligibleKinds),
    );
    expect(screen.getByLabelText('E-Mail-Adresse')).toHaveAccessibleDescription(t.missing.contact);
    expect(api.requests).toHaveLength(0);
  });

  it('puts the API’s contact problems at the contact fields and sends German dates as ISO days', async () => {
    const api = fakeApi({
      'POST /v1/programs': {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [{ path: 'body.contact.email', message: 'Invalid email address' }],
        }),
      },
    });
    const user = userEvent.setup();
    await renderPage(<ProgramForm onDone={vi.fn()} />);
    await user.type(screen.getByLabelText(/^Name \(Pflichtfeld/), 'Digital-Werkstatt 2027');
    await user.type(screen.getByLabelText(/^Beginn/), '1.3.2027');
    await user.type(screen.getByLabelText(/^Ende/), '31.12.2028');
    await user.click(screen.getByLabelText('Verbandsgemeinde'));
    await user.click(screen.getByLabelText('Ortsgemeinde'));
    await user.type(screen.getByLabelText(/^Name$/), 'Petra Programmbüro');
    await user.type(screen.getByLabelText('E-Mail-Adresse'), 'petra@land');
    await user.click(screen.getByRole('button', { name: t.form.submitCreate }));

    await waitFor(() =>
      expect(screen.getByLabelText('E-Mail-Adresse')).toHaveAccessibleDescription(
        t.fieldErrors['contact.email'],
      ),
    );
    expect(await api.requests[0]?.json()).toMatchObject({
      slug: 'digital-werkstatt-2027',
      startsOn: '2027-03-01',
      endsOn: '2028-12-31',
      eligibleKinds: ['verbandsgemeinde', 'ortsgemeinde'],
      maxParticipants: 30,
      contact: { name: 'Petra Programmbüro', email: 'petra@land', phone: null, organisation: null },
    });
  });

  it('says in German why a new period is refused, and opens the conflict dialog on 412', async () => {
    fakeApi({
      [`PATCH /v1/programs/${program.id}`]: [
        {
          status: 409,
          body: problem(409, 'program_period_excludes_workshops', { workshopIds: ['w1', 'w2'] }),
        },
        {
          status: 412,
          body: problem(412, 'precondition_failed', {
            current: { ...program, maxParticipants: 25 },
            currentEtag: '"p2"',
          }),
        },
      ],
    });
    const user = userEvent.setup();
    await renderPage(<ProgramForm program={program} onDone={vi.fn()} />);
    expect(screen.getByLabelText(/^Beginn/)).toHaveValue('01.01.2018');
    await user.type(screen.getByLabelText(/^Ende/), '31.12.2019');
    await user.click(screen.getByRole('button', { name: t.form.submitEdit }));
    expect(
      await screen.findByRole('heading', { name: t.fieldErrors.periodExcludesWorkshops(2) }),
    ).toHaveFocus();

    await user.click(screen.getByRole('button', { name: t.form.submitEdit }));
    const dialog = await screen.findByRole('alertdialog', { name: de.ui.conflictTitle });
    expect(dialog).toHaveTextContent(t.form.participants);
  });
});

describe('ActionFieldForm', () => {
  it('puts a taken key at the key field, in German', async () => {
    fakeApi({
      [`POST /v1/programs/${program.id}/action-fields`]: { status: 409, body: problem(409, 'key_taken') },
    });
    const user = userEvent.setup();
    await renderPage(
      <ActionFieldForm programId={program.id} onDirty={vi.fn()} onCancel={vi.fn()} onSaved={vi.fn()} />,
    );
    await user.type(screen.getByLabelText(/^Titel/), 'Tourismus');
    expect(screen.getByLabelText(/^Schlüssel/)).toHaveValue('tourismus');
    await user.click(screen.getByRole('button', { name: t.actionFields.submitCreate }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Schlüssel/)).toHaveAccessibleDescription(
        expect.stringContaining(t.actionFields.fieldErrors.keyTaken),
      ),
    );
  });
});
