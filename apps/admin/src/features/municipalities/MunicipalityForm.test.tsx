import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchClient } from '../../api/client';
import { forgetEtags } from '../../api/etag';
import { de } from '../../i18n/de';
import { fakeApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderPage } from '../../test/router';
import { MunicipalityForm } from './MunicipalityForm';
import type { Municipality } from './municipality-values';

// Typing into many fields is slow on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  forgetEtags();
});

const t = de.municipalities;

const wonnegau: Municipality = {
  id: '0190f1c2-7a1b-7cde-8f00-000000000001',
  name: 'Verbandsgemeinde Wonnegau',
  slug: 'vg-wonnegau',
  kind: 'verbandsgemeinde',
  ars: null,
  stateCode: 'RP',
  population: null,
  parentId: null,
  contactName: 'Stabsstelle Digitalisierung',
  contactEmail: 'digital@vg-wonnegau.example',
  contactPhone: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
};

describe('MunicipalityForm', () => {
  it('shows the API’s field problems in German at their fields and in the summary', async () => {
    const api = fakeApi({
      'POST /v1/municipalities': {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [
            { path: 'body.ars', message: 'exactly 12 digits' },
            { path: 'body.contactEmail', message: 'Invalid email address' },
          ],
        }),
      },
    });
    const user = userEvent.setup();
    await renderPage(<MunicipalityForm directory={[wonnegau]} onDone={vi.fn()} />);

    await user.type(screen.getByLabelText(/^Name \(Pflichtfeld/), 'Ortsgemeinde Gimbsheim');
    expect(screen.getByLabelText(/^Kurzname/)).toHaveValue('ortsgemeinde-gimbsheim');
    await user.selectOptions(screen.getByLabelText(/^Art der Kommune/), 'ortsgemeinde');
    await user.selectOptions(screen.getByLabelText(/^Land/), 'RP');
    await user.type(screen.getByLabelText(/^Amtlicher Regionalschlüssel/), '07331');
    await user.selectOptions(screen.getByLabelText(/^Gehört zu/), wonnegau.id);
    await user.type(screen.getByLabelText('E-Mail-Adresse'), 'gimbsheim-at-example');
    await user.click(screen.getByRole('button', { name: t.form.submitCreate }));

    const summary = await screen.findByText(de.form.summaryTitle(2));
    expect(summary.closest('[role="alert"]')).toHaveFocus();
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual([
      t.fieldErrors.ars,
      t.fieldErrors.contactEmail,
    ]);
    const ars = screen.getByLabelText(/^Amtlicher Regionalschlüssel/);
    expect(ars).toHaveAttribute('aria-invalid', 'true');
    expect(ars).toHaveAccessibleDescription(expect.stringContaining(t.fieldErrors.ars));
    expect(screen.getByLabelText('E-Mail-Adresse')).toHaveAccessibleDescription(t.fieldErrors.contactEmail);
    expect(screen.getByLabelText(/^Name \(Pflichtfeld/)).not.toHaveAttribute('aria-invalid');

    const [request] = api.of('POST /v1/municipalities');
    expect(request?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await request?.json()).toEqual({
      name: 'Ortsgemeinde Gimbsheim',
      slug: 'ortsgemeinde-gimbsheim',
      kind: 'ortsgemeinde',
      stateCode: 'RP',
      ars: '07331',
      population: null,
      parentId: wonnegau.id,
      contactName: null,
      contactEmail: 'gimbsheim-at-example',
      contactPhone: null,
    });
  });

  it('checks the required fields before sending, and puts a taken slug at its field', async () => {
    const api = fakeApi({
      'POST /v1/municipalities': { status: 409, body: problem(409, 'slug_taken') },
    });
    const user = userEvent.setup();
    await renderPage(<MunicipalityForm directory={[]} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: t.form.submitCreate }));
    expect(await screen.findByText(de.form.summaryTitle(4))).toBeInTheDocument();
    expect(screen.getByLabelText(/^Art der Kommune/)).toHaveAccessibleDescription(t.missing.kind);
    expect(api.requests).toHaveLength(0);

    await user.type(screen.getByLabelText(/^Name \(Pflichtfeld/), 'Verbandsgemeinde Eich');
    await user.selectOptions(screen.getByLabelText(/^Art der Kommune/), 'verbandsgemeinde');
    await user.selectOptions(screen.getByLabelText(/^Land/), 'RP');
    await user.click(screen.getByRole('button', { name: t.form.submitCreate }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Kurzname/)).toHaveAccessibleDescription(
        expect.stringContaining(t.fieldErrors.slugTaken),
      ),
    );
  });

  it('saves with If-Match; a 412 opens the conflict dialog, which reloads the other version', async () => {
    const path = `/v1/municipalities/${wonnegau.id}`;
    const theirs = { ...wonnegau, name: 'VG Wonnegau', updatedAt: '2026-11-02T00:00:00.000Z' };
    const api = fakeApi({
      [`GET ${path}`]: { status: 200, body: wonnegau, headers: { etag: '"v1"' } },
      [`PATCH ${path}`]: [
        {
          status: 412,
          body: problem(412, 'precondition_failed', { current: theirs, currentEtag: '"v2"' }),
        },
        { status: 200, body: { ...theirs, population: 12000 }, headers: { etag: '"v3"' } },
      ],
    });
    await fetchClient.GET('/v1/municipalities/{id}', { params: { path: { id: wonnegau.id } } });
    const onDone = vi.fn();
    const user = userEvent.setup();
    await renderPage(<MunicipalityForm municipality={wonnegau} directory={[wonnegau]} onDone={onDone} />);

    await user.type(screen.getByLabelText(/^Einwohnerzahl/), '12000');
    await user.click(screen.getByRole('button', { name: t.form.submitEdit }));

    const dialog = await screen.findByRole('alertdialog', { name: de.ui.conflictTitle });
    expect(within(dialog).getByRole('listitem')).toHaveTextContent(t.form.name);
    expect(api.of(`PATCH ${path}`)[0]?.headers.get('if-match')).toBe('"v1"');

    await user.click(within(dialog).getByRole('button', { name: de.ui.conflictReload }));
    expect(screen.getByLabelText(/^Name \(Pflichtfeld/)).toHaveValue('VG Wonnegau');
    expect(screen.getByLabelText(/^Einwohnerzahl/)).toHaveValue('');

    await user.type(screen.getByLabelText(/^Einwohnerzahl/), '12000');
    await user.click(screen.getByRole('button', { name: t.form.submitEdit }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const second = api.of(`PATCH ${path}`)[1];
    expect(second?.headers.get('if-match')).toBe('"v2"');
    expect(await second?.json()).toMatchObject({ name: 'VG Wonnegau', population: 12000 });
  });
});
