import { AdminFrame } from './AdminFrame';
import { CalendarFeed } from './CalendarFeed';

/** Verwaltung → Kalenderlink: the subscribable calendar of the municipality's workshops. */
export function CalendarFeedPage() {
  return (
    <AdminFrame>
      <CalendarFeed />
    </AdminFrame>
  );
}
