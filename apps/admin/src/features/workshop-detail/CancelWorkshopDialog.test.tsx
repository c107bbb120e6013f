import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, renderWithQuery, stubFetch } from '../../test/render';
import { WORKSHOP_ID, workshop } from '../../test/workshop-fixtures';
import { ToastProvider } from '../../ui/Toast';
import { CancelWorkshopDialog } from './CancelWorkshopDialog';

vi.mock('../../ui/useUnsavedChanges', () => ({ useUnsavedChanges: () => undefined }));
afterEach(() => vi.unstubAllGlobals());

const t = de.workshopDetail.cancelWorkshop;

function open(onClose = vi.fn()) {
  renderWithQuery(
    <ToastProvider>
      <CancelWorkshopDialog open workshopId={WORKSHOP_ID} onClose={onClose} />
    </ToastProvider>,
  );
  return onClose;
}

describe('CancelWorkshopDialog', () => {
  it('needs a reason before anything is sent', async () => {
    const requests = stubFetch();
    const user = userEvent.setup();
    open();
    await user.click(screen.getByRole('button', { name: t.submit }));
    const reason = screen.getByLabelText(/^Grund der Absage/);
    expect(reason).toHaveAccessibleDescription(expect.stringContaining(t.missingReason));
    expect(reason).toHaveFocus();
    expect(requests).toHaveLength(0);
  });

  it('sends the reason and closes', async () => {
    const requests = stubFetch({
      status: 200,
      body: workshop({ status: 'cancelled', cancellationReason: 'Krank' }),
    });
    const user = userEvent.setup();
    const onClose = open();
    await user.type(screen.getByLabelText(/^Grund der Absage/), '  Krank ');
    await user.click(screen.getByRole('button', { name: t.submit }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(new URL(requests[0]!.url).pathname).toBe(`/v1/workshops/${WORKSHOP_ID}/cancel`);
    expect(await requests[0]!.json()).toEqual({ reason: 'Krank' });
    expect(await screen.findByText(t.done)).toBeInTheDocument();
  });

  it('says why the API refused', async () => {
    stubFetch({ status: 403, body: problem(403, 'forbidden') });
    const user = userEvent.setup();
    const onClose = open();
    await user.type(screen.getByLabelText(/^Grund der Absage/), 'Krank');
    await user.click(screen.getByRole('button', { name: t.submit }));
    const message = await screen.findByRole('heading', { name: de.workshopDetail.problems.forbidden });
    expect(message.closest('[role="alert"]')).not.toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });
});
