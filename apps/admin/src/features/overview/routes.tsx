import { createRoute } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { session } from '../../api/session';
import { lazyPage } from '../../app/lazy-page';
import { isOffice } from '../../app/roles';
import { appRoute } from '../../routes/app';

const HomePage = lazyPage(() => import('../home/HomePage'), 'HomePage');
const OverviewPage = lazyPage(() => import('./OverviewPage'), 'OverviewPage');

/** `/`: the program office's Übersicht, or a municipality user's home. */
function Overview() {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  if (!user) return null;
  return isOffice(user) ? <OverviewPage /> : <HomePage user={user} />;
}

export const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: Overview,
});

export const overviewRoutes = [overviewRoute];
