import { createRoute, redirect } from '@tanstack/react-router';
import { session } from '../../api/session';
import { lazyPage } from '../../app/lazy-page';
import { isOffice } from '../../app/roles';
import { appRoute } from '../../routes/app';

const OverviewPage = lazyPage(() => import('./OverviewPage'), 'OverviewPage');

/** `/`: the program office's Übersicht; a municipality user goes on to their workspace. */
export const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    const { user } = session.getState();
    if (user && !isOffice(user) && user.municipalityId) {
      throw redirect({
        to: '/arbeitsbereich/$municipalityId',
        params: { municipalityId: user.municipalityId },
        replace: true,
      });
    }
  },
  component: OverviewPage,
});

export const overviewRoutes = [overviewRoute];
