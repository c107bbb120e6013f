import { type ReactNode, useContext, useEffect, useId, useRef } from 'react';
import { de } from '../i18n/de';
import { ModalHostContext } from './Toast';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** The dialog's buttons; the first control in the dialog receives focus when it opens. */
  footer?: ReactNode;
  /** `alert` for a question that needs an answer before going on (e.g. cancelling a workshop). */
  role?: 'dialog' | 'alertdialog';
  /**
   * Asked before Escape or × closes the dialog, e.g. "discard your input?"; false keeps it open.
   * (Closing by a button of the dialog's own is the caller's decision.)
   */
  canClose?: () => boolean;
}

/**
 * A modal on the native `<dialog>`: the browser keeps focus inside, Escape closes it, the page behind
 * is inert, and focus returns to the control that opened it.
 */
export function Dialog({ open, title, onClose, children, footer, role = 'dialog', canClose }: DialogProps) {
  const requestClose = () => {
    if (!canClose || canClose()) onClose();
  };
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const isOpen = useRef(open);
  isOpen.current = open;
  const titleId = useId();
  const modalHosts = useContext(ModalHostContext);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
    if (!open) return;
    // Toasts show inside the open modal; the page behind it is inert.
    modalHosts?.add(dialog);
    return () => modalHosts?.remove(dialog);
  }, [open, modalHosts]);
  // A dialog its owner removes while open (e.g. after saving) returns focus as close() would.
  useEffect(
    () => () => {
      if (isOpen.current && opener.current instanceof HTMLElement && opener.current.isConnected) {
        opener.current.focus();
      }
    },
    [],
  );
  return (
    <dialog
      ref={ref}
      className="dialog"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      // Escape asks the owner, which may keep the dialog open (e.g. to protect unsaved input).
      onCancel={(event) => {
        event.preventDefault();
        requestClose();
      }}
      onClose={() => {
        if (open) onClose();
      }}
    >
      {open ? (
        <div className="dialog-frame">
          <div className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="dialog-close" onClick={requestClose}>
              <span aria-hidden="true">×</span>
              <span className="visually-hidden">{de.ui.close}</span>
            </button>
          </div>
          <div className="dialog-body">{children}</div>
          {footer ? <div className="dialog-footer">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
