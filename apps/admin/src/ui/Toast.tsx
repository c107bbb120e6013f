import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { de } from '../i18n/de';

interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
}

type Show = (tone: Toast['tone'], text: string) => void;

const ToastContext = createContext<Show | null>(null);

/** Open modal dialogs announce themselves here, so toasts can show inside the topmost one. */
interface ModalHosts {
  add: (dialog: HTMLDialogElement) => void;
  remove: (dialog: HTMLDialogElement) => void;
}

export const ModalHostContext = createContext<ModalHosts | null>(null);

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
  const [hosts, setHosts] = useState<HTMLDialogElement[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>(
    (tone, text) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-2), { id, tone, text }]);
      setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );
  const modalHosts = useMemo<ModalHosts>(
    () => ({
      add: (dialog) => setHosts((all) => [...all.filter((d) => d !== dialog), dialog]),
      remove: (dialog) => setHosts((all) => all.filter((d) => d !== dialog)),
    }),
    [],
  );
  const host = hosts.at(-1);
  return (
    <ToastContext.Provider value={show}>
      <ModalHostContext.Provider value={modalHosts}>
        {children}
        <ToastRegion toasts={host ? [] : toasts} onDismiss={dismiss} />
        {host && toasts.length > 0
          ? createPortal(<ToastRegion toasts={toasts} onDismiss={dismiss} />, host)
          : null}
      </ModalHostContext.Provider>
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
