import { createRoute } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { session } from '../../api/session';
import { isOffice } from '../../app/roles';
import { appRoute } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';
import { HomePage } from '../home/HomePage';

/** `/`: the program office's Übersicht, or a municipality user's home. */
function Overview() {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  if (!user) return null;
  return isOffice(user) ? <UnderConstruction title="Übersicht" /> : <HomePage user={user} />;
}

export const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: Overview,
});

export const overviewRoutes = [overviewRoute];
