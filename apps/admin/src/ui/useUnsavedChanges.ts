import { useBlocker } from '@tanstack/react-router';
import { de } from '../i18n/de';

/**
 * While a form has unsaved changes, leaving it (a link, the back button, closing the tab) asks first.
 * The browser's own dialog is used on unload; in-app navigation asks with a plain confirm, which every
 * screen reader and keyboard handles.
 */
export function useUnsavedChanges(dirty: boolean): void {
  useBlocker({
    shouldBlockFn: () => dirty && !window.confirm(de.ui.unsavedConfirm),
    enableBeforeUnload: () => dirty,
    disabled: !dirty,
  });
}
