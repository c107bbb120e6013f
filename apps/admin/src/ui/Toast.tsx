import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { de } from '../i18n/de';

interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
  /** The modal dialog open when the toast came: everything outside it is inert and hidden behind it. */
  host: HTMLDialogElement | null;
}

type Show = (tone: Toast['tone'], text: string) => void;

const ToastContext = createContext<Show | null>(null);

/** How long a message stays; long enough to read twice, and it can be closed earlier. */
const VISIBLE_MS = 8_000;

/**
 * Short confirmations after an action ("Anmeldung storniert"). The region exists from the start, so
 * screen readers announce what is added to it; errors are announced assertively. A toast raised while
 * a modal dialog is open (e.g. "copied" in the new API key's dialog) is shown inside that dialog:
 * outside it, the page is inert and behind the backdrop.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>(
    (tone, text) => {
      const id = next.current++;
      const host = document.querySelector<HTMLDialogElement>('dialog[open]');
      setToasts((all) => [...all.slice(-2), { id, tone, text, host }]);
      setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <ToastRegion toasts={toasts.filter((t) => !t.host?.open)} onDismiss={dismiss} />
      {[...new Set(toasts.map((t) => t.host))].map((host) =>
        host?.open
          ? createPortal(
              <ToastRegion toasts={toasts.filter((t) => t.host === host)} onDismiss={dismiss} />,
              host,
            )
          : null,
      )}
    </ToastContext.Provider>
  );
}

/** Success and info are announced politely, errors at once. */
function ToastRegion({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <section className="toasts" aria-label={de.ui.notifications}>
      <div role="status" aria-live="polite">
        {toasts
          .filter((t) => t.tone !== 'error')
          .map((t) => (
            <ToastItem key={t.id} toast={t} onDismiss={onDismiss} />
          ))}
      </div>
      <div role="alert">
        {toasts
          .filter((t) => t.tone === 'error')
          .map((t) => (
            <ToastItem key={t.id} toast={t} onDismiss={onDismiss} />
          ))}
      </div>
    </section>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  return (
    <div className={`toast toast-${toast.tone}`}>
      <p>{toast.text}</p>
      <button type="button" className="toast-close" onClick={() => onDismiss(toast.id)}>
        <span aria-hidden="true">×</span>
        <span className="visually-hidden">{de.ui.dismiss}</span>
      </button>
    </div>
  );
}

/** `const toast = useToast(); toast('success', de.…)`. */
export function useToast(): Show {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a ToastProvider');
  return show;
}
