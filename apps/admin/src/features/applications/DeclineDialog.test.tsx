import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { applicationFixture } from '../../test/fixtures';
import { problem } from '../../test/render';
import { renderInRouter, stubApi } from '../../test/router';
import { DeclineDialog } from './DeclineDialog';

afterEach(() => vi.unstubAllGlobals());

const t = de.applications;
const application = applicationFixture();

async function open(answer: { status: number; body: unknown }) {
  const requests = stubApi({ [`POST /v1/workshop-applications/${application.id}/decline`]: answer });
  const onClose = vi.fn();
  const onDone = vi.fn();
  await renderInRouter(
    <DeclineDialog
      application={application}
      applicantName="Verbandsgemeinde Wonnegau"
      onClose={onClose}
      onDone={onDone}
    />,
  );
  const dialog = screen.getByRole('dialog', { name: t.declineTitle });
  const ui = userEvent.setup({ delay: null });
  const submit = () => ui.click(within(dialog).getByRole('button', { name: t.declineSubmit }));
  return { requests, onClose, onDone, dialog, ui, submit };
}

describe('DeclineDialog', { timeout: 20_000 }, () => {
  it('needs a reason before sending', async () => {
    const { requests, dialog, submit } = await open({ status: 200, body: {} });
    await submit();
    expect(await within(dialog).findByRole('link', { name: t.missing.reason })).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Begründung/)).toHaveAttribute('aria-invalid', 'true');
    expect(requests).toHaveLength(0);
  });

  it('sends the reason, confirms and closes', async () => {
    const { requests, onDone, dialog, ui, submit } = await open({
      status: 200,
      body: applicationFixture({ status: 'declined', declineReason: 'Alle Termine sind vergeben.' }),
    });
    await ui.type(within(dialog).getByLabelText(/^Begründung/), '  Alle Termine sind vergeben. ');
    await submit();
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(screen.getByText(t.declined('Verbandsgemeinde Wonnegau'))).toBeInTheDocument();
    expect(await requests[0]!.json()).toEqual({ reason: 'Alle Termine sind vergeben.' });
  });

  it('shows the API’s problems: at the reason, or that someone decided meanwhile', async () => {
    const tooLong = await open({
      status: 400,
      body: problem(400, 'validation_failed', { errors: [{ path: 'body.reason', message: 'Too big' }] }),
    });
    await tooLong.ui.type(within(tooLong.dialog).getByLabelText(/^Begründung/), 'Kein Termin frei.');
    await tooLong.submit();
    expect(
      await within(tooLong.dialog).findByRole('link', { name: t.fieldErrors.reason }),
    ).toBeInTheDocument();
  });

  it('says when the application was decided meanwhile', async () => {
    const { onDone, dialog, ui, submit } = await open({
      status: 409,
      body: problem(409, 'application_not_pending', { applicationStatus: 'accepted' }),
    });
    await ui.type(within(dialog).getByLabelText(/^Begründung/), 'Kein Termin frei.');
    await submit();
    expect(await within(dialog).findByRole('heading', { name: t.problems.notPending })).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });
});
