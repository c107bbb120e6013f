import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';
import { ToastProvider, useToast } from './Toast';

function Page() {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => toast('success', 'Gespeichert.')}>
        Speichern
      </button>
      <button type="button" onClick={() => setOpen(true)}>
        Öffnen
      </button>
      <Dialog open={open} title="Neuer Schlüssel" onClose={() => setOpen(false)}>
        <button type="button" onClick={() => toast('success', 'In die Zwischenablage kopiert.')}>
          Kopieren
        </button>
        <button
          type="button"
          onClick={() => {
            toast('success', 'Einladung verschickt.');
            setOpen(false);
          }}
        >
          Verschicken
        </button>
      </Dialog>
    </>
  );
}

describe('toasts', () => {
  it('announce on the page, and inside a modal dialog while one is open', async () => {
    const ui = userEvent.setup();
    render(
      <ToastProvider>
        <Page />
      </ToastProvider>,
    );
    await ui.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(screen.getByRole('status')).toHaveTextContent('Gespeichert.');

    await ui.click(screen.getByRole('button', { name: 'Öffnen' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Schlüssel' });
    await ui.click(within(dialog).getByRole('button', { name: 'Kopieren' }));
    expect(within(dialog).getByRole('status')).toHaveTextContent('In die Zwischenablage kopiert.');
  });

  it('raised as its dialog closes, show on the page', async () => {
    const ui = userEvent.setup();
    render(
      <ToastProvider>
        <Page />
      </ToastProvider>,
    );
    await ui.click(screen.getByRole('button', { name: 'Öffnen' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Schlüssel' });
    await ui.click(within(dialog).getByRole('button', { name: 'Verschicken' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Einladung verschickt.');
  });
});
