import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { page, type Reply, stubApi } from '../../test/api';
import { problem } from '../../test/render';
import { renderInRouter } from '../../test/router';
import { MeasuresPage } from './MeasuresPage';
import {
  DIGITAL,
  inWorkspace,
  listPath,
  MOBILITY,
  MUNICIPALITY,
  measureFixture,
  measureRoutes,
  wlan,
} from './test-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function openDialog(createReply: Reply) {
  const api = stubApi({ ...measureRoutes(page([wlan])), [`POST ${listPath}`]: createReply });
  const rendered = await renderInRouter(
    inWorkspace(<MeasuresPage search={{}} onSearch={vi.fn()} />),
    `/arbeitsbereich/${MUNICIPALITY}/massnahmen`,
  );
  await screen.findByRole('rowheader', { name: /Freies WLAN/ });
  await screen.findByRole('option', { name: 'Mobilität' });
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: de.measures.create }));
  const dialog = await screen.findByRole('dialog', { name: de.measures.createTitle });
  return { api, user, dialog, ...rendered };
}

describe('CreateMeasureDialog', { timeout: 15_000 }, () => {
  it('names the missing title and field without asking the API', async () => {
    const { api, user } = await openDialog({ status: 201, body: wlan });
    await user.click(screen.getByRole('button', { name: de.measures.createSubmit }));
    expect(await screen.findAllByText(de.measures.missingTitle)).not.toHaveLength(0);
    expect(screen.getAllByText(de.measures.missingField)).not.toHaveLength(0);
    expect(api.find('POST', listPath)).toHaveLength(0);
  });

  it('creates the measure with title and field and opens its fact sheet', async () => {
    const created = measureFixture({
      id: '0190f1c2-7a1b-7cde-8f00-0000000000b7',
      title: 'Carsharing am Bahnhof',
      actionFieldId: MOBILITY,
    });
    const { api, user, router, dialog } = await openDialog({ status: 201, body: created });
    await user.type(
      within(dialog).getByLabelText(de.measures.titleLabel, { exact: false }),
      '  Carsharing am Bahnhof ',
    );
    await user.selectOptions(
      within(dialog).getByLabelText(de.measures.fieldLabel, { exact: false }),
      MOBILITY,
    );
    await user.click(screen.getByRole('button', { name: de.measures.createSubmit }));

    await vi.waitFor(() =>
      expect(router.state.location.pathname).toBe(`/arbeitsbereich/${MUNICIPALITY}/massnahmen/${created.id}`),
    );
    const [request] = api.find('POST', listPath);
    expect(await request!.json()).toEqual({ title: 'Carsharing am Bahnhof', actionFieldId: MOBILITY });
    expect(request!.headers.get('idempotency-key')).toBeTruthy();
    expect(await screen.findByText(de.measures.created(created.title))).toBeInTheDocument();
  });

  it('shows a field outside the program at the field', async () => {
    const { user, dialog } = await openDialog({
      status: 422,
      body: problem(422, 'unknown_action_field', { errors: [{ path: 'body.actionFieldId', message: 'x' }] }),
    });
    await user.type(within(dialog).getByLabelText(de.measures.titleLabel, { exact: false }), 'Neue Idee');
    await user.selectOptions(
      within(dialog).getByLabelText(de.measures.fieldLabel, { exact: false }),
      DIGITAL,
    );
    await user.click(screen.getByRole('button', { name: de.measures.createSubmit }));
    expect(await screen.findAllByText(de.measures.fieldErrors.actionFieldId)).not.toHaveLength(0);
    expect(within(dialog).getByLabelText(de.measures.fieldLabel, { exact: false })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('explains that the strategy must come first', async () => {
    const { user, dialog } = await openDialog({ status: 409, body: problem(409, 'strategy_required') });
    await user.type(within(dialog).getByLabelText(de.measures.titleLabel, { exact: false }), 'Neue Idee');
    await user.selectOptions(
      within(dialog).getByLabelText(de.measures.fieldLabel, { exact: false }),
      DIGITAL,
    );
    await user.click(screen.getByRole('button', { name: de.measures.createSubmit }));
    expect(await screen.findByText(de.measures.strategyRequired)).toBeInTheDocument();
  });

  it('asks before discarding typed input', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const { user, dialog } = await openDialog({ status: 201, body: wlan });
    await user.type(within(dialog).getByLabelText(de.measures.titleLabel, { exact: false }), 'Etwas');
    await user.click(screen.getByRole('button', { name: de.ui.cancel }));
    expect(confirm).toHaveBeenCalledWith(de.measures.discardConfirm);
    expect(dialog).toBeInTheDocument();
  });
});
