import type { ReactNode } from 'react';
import { problemMessage } from '../api/problems';
import { de } from '../i18n/de';
import { Alert } from './Alert';
import { Button } from './Button';

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Shown instead of `children` when the data is there but empty. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  /** What "loading" says, e.g. "Werkstätten werden geladen …". */
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}

/** The three states every read has besides success: loading, failed (with a retry) and empty. */
export function QueryState<T>({ query, empty, isEmpty, loadingLabel, children }: QueryStateProps<T>) {
  if (query.isPending) {
    return (
      <p role="status" className="loading">
        {loadingLabel ?? de.app.loading}
      </p>
    );
  }
  if (query.isError || query.data === undefined) {
    return (
      <Alert tone="error" title={de.ui.loadFailed}>
        <p>{problemMessage(query.error)}</p>
        <Button variant="secondary" onClick={() => query.refetch()}>
          {de.problems.retry}
        </Button>
      </Alert>
    );
  }
  if (isEmpty?.(query.data)) return <div className="empty">{empty ?? <p>{de.ui.empty}</p>}</div>;
  return <>{children(query.data)}</>;
}
