import { de } from '../i18n/de';
import { Button } from './Button';

/** The part of an infinite query that pages on: TanStack Query's `useInfiniteQuery` result. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** „Mehr laden“ below a cursor-paginated list, shown only while the API has another page. */
export function LoadMore({ pages, busyLabel = de.app.loading }: { pages: Pages; busyLabel?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <Button
      variant="secondary"
      busy={pages.isFetchingNextPage}
      busyLabel={busyLabel}
      onClick={() => void pages.fetchNextPage()}
    >
      {de.ui.loadMore}
    </Button>
  );
}
