import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderPage } from '../../test/router';
import { IdeaDialog } from './IdeaForm';
import { base, FIELD_A, FIELD_B, idea, M, strategyFixture } from './test-fixtures';

afterEach(() => vi.unstubAllGlobals());
// The first render of a file loads the dialog and router code; on a busy machine that takes seconds.
vi.setConfig({ testTimeout: 15_000 });

const t = de.ideas.form;
const fields = strategyFixture().fields;

async function open(routes: Parameters<typeof stubApi>[0], ideaId?: string) {
  const api = stubApi(routes);
  const onSaved = vi.fn();
  await renderPage(
    <IdeaDialog
      municipalityId={M}
      strategyFields={fields}
      actionFieldId={FIELD_B}
      open
      onClose={vi.fn()}
      onSaved={onSaved}
      {...(ideaId ? { ideaId } : {})}
    />,
  );
  return { api, onSaved, user: userEvent.setup() };
}

describe('IdeaDialog: a new idea', () => {
  it('starts in the field on screen and sends title, description, field and duration once', async () => {
    const created = idea({ title: 'WLAN im Bürgerhaus', actionFieldId: FIELD_B });
    const { api, onSaved, user } = await open({ [`POST ${base}/ideas`]: { status: 201, body: created } });
    expect(screen.getByLabelText(/^Handlungsfeld/)).toHaveValue(FIELD_B);
    await user.type(screen.getByLabelText(/^Titel/), '  WLAN im Bürgerhaus ');
    await user.type(screen.getByLabelText(/^Beschreibung/), 'Freies WLAN für Vereine.');
    await user.selectOptions(screen.getByLabelText(/^Geschätzte Dauer/), 'up_to_1_year');
    await user.click(screen.getByRole('button', { name: t.submitAdd }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created, true));
    const [request] = api.find('POST', `${base}/ideas`);
    expect(await request!.json()).toEqual({
      title: 'WLAN im Bürgerhaus',
      description: 'Freies WLAN für Vereine.',
      actionFieldId: FIELD_B,
      estimatedDuration: 'up_to_1_year',
      sourceWorkshopId: null,
      status: 'new',
      votes: 0,
    });
    expect(request!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks for a title before sending anything', async () => {
    const { api, user } = await open({ [`POST ${base}/ideas`]: { status: 500 } });
    await user.click(screen.getByRole('button', { name: t.submitAdd }));
    await screen.findByText(de.form.summaryTitle(1));
    expect(screen.getByLabelText(/^Titel/)).toHaveAccessibleDescription(
      expect.stringContaining(t.missing.title),
    );
    expect(api.find('POST', `${base}/ideas`)).toHaveLength(0);
  });

  it('puts the API’s validation errors at their fields, in German', async () => {
    const { user } = await open({
      [`POST ${base}/ideas`]: {
        status: 400,
        body: problem(400, 'validation_failed', {
          errors: [
            { path: 'body.title', message: 'Too big: expected string to have <=200 characters' },
            { path: 'body.description', message: 'Too big' },
          ],
        }),
      },
    });
    await user.type(screen.getByLabelText(/^Titel/), 'x');
    await user.click(screen.getByRole('button', { name: t.submitAdd }));
    await screen.findByText(de.form.summaryTitle(2));
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual([
      t.fieldErrors.title,
      t.fieldErrors.description,
    ]);
    expect(screen.getByLabelText(/^Titel/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('puts an unknown action field at the field chooser', async () => {
    const { user } = await open({
      [`POST ${base}/ideas`]: {
        status: 422,
        body: problem(422, 'unknown_action_field', {
          errors: [{ path: 'body.actionFieldId', message: 'unknown action field' }],
        }),
      },
    });
    await user.type(screen.getByLabelText(/^Titel/), 'Idee');
    await user.click(screen.getByRole('button', { name: t.submitAdd }));
    await screen.findByText(de.form.summaryTitle(1));
    expect(screen.getByLabelText(/^Handlungsfeld/)).toHaveAccessibleDescription(
      expect.stringContaining(t.unknownActionField),
    );
  });

  it('says in German when the strategy is missing', async () => {
    const { user } = await open({
      [`POST ${base}/ideas`]: { status: 409, body: problem(409, 'strategy_required') },
    });
    await user.type(screen.getByLabelText(/^Titel/), 'Idee');
    await user.click(screen.getByRole('button', { name: t.submitAdd }));
    expect(await screen.findByRole('heading', { name: t.strategyRequired })).toBeInTheDocument();
  });
});

describe('IdeaDialog: editing', () => {
  const current = idea({
    title: 'Smartphone-Sprechstunde',
    description: 'In der Bücherei.',
    estimatedDuration: 'up_to_3_months',
  });
  const path = `${base}/ideas/${current.id}`;

  it('reads the current version and saves with its ETag as If-Match', async () => {
    const saved = { ...current, title: 'Smartphone-Sprechstunde für alle' };
    const { api, onSaved, user } = await open(
      {
        [`GET ${path}`]: { status: 200, body: current, headers: { etag: '"v1"' } },
        [`PATCH ${path}`]: { status: 200, body: saved, headers: { etag: '"v2"' } },
      },
      current.id,
    );
    const title = await screen.findByLabelText(/^Titel/);
    expect(title).toHaveValue('Smartphone-Sprechstunde');
    expect(screen.getByLabelText(/^Geschätzte Dauer/)).toHaveValue('up_to_3_months');
    await user.type(title, ' für alle');
    await user.selectOptions(screen.getByLabelText(/^Geschätzte Dauer/), 'none');
    await user.click(screen.getByRole('button', { name: t.submitEdit }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved, false));
    const [request] = api.find('PATCH', path);
    expect(request!.headers.get('if-match')).toBe('"v1"');
    expect(await request!.json()).toEqual({
      title: 'Smartphone-Sprechstunde für alle',
      description: 'In der Bücherei.',
      actionFieldId: FIELD_A,
      estimatedDuration: null,
    });
  });

  it('opens the conflict dialog on a 412 and reloads the other version', async () => {
    const theirs = { ...current, title: 'Digitale Sprechstunde', updatedAt: '2026-11-20T10:00:00.000Z' };
    const { user } = await open(
      {
        [`GET ${path}`]: { status: 200, body: current, headers: { etag: '"v1"' } },
        [`PATCH ${path}`]: {
          status: 412,
          body: problem(412, 'precondition_failed', { current: theirs, currentEtag: '"v2"' }),
        },
      },
      current.id,
    );
    await user.type(await screen.findByLabelText(/^Titel/), '!');
    await user.click(screen.getByRole('button', { name: t.submitEdit }));
    const conflict = await screen.findByRole('alertdialog', { name: de.ui.conflictTitle });
    expect(conflict).toHaveTextContent(t.titleLabel);
    await user.click(screen.getByRole('button', { name: de.ui.conflictReload }));
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('Digitale Sprechstunde');
  });
});
