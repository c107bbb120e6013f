import { isDeadLink, isTransient, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';

/**
 * What went wrong with a personal or invitation link, in words an invitee understands. A dead link
 * (unknown, expired, revoked, used) gets its own explanation; anything else may be worth a retry.
 */
export function LinkProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error === undefined || isDeadLink(error)) {
    return (
      <Alert tone="error" title={de.problems.linkInvalidTitle} focusOnMount>
        <p>{de.problems.linkInvalidText}</p>
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={problemMessage(error)} focusOnMount>
      {onRetry && isTransient(error) ? (
        <Button variant="secondary" onClick={onRetry}>
          {de.problems.retry}
        </Button>
      ) : null}
    </Alert>
  );
}
