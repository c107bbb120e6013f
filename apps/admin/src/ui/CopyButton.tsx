import { de } from '../i18n/de';
import { Button } from './Button';
import { useToast } from './Toast';

/** Copies a text (an invitation link, a new API key) and confirms it in the notifications. */
export function CopyButton({ text, label = de.ui.copy }: { text: string; label?: string }) {
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          toast('success', de.ui.copied);
        } catch {
          toast('error', de.ui.copyFailed);
        }
      }}
    >
      {label}
    </Button>
  );
}
