import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const MunicipalityAdminPage = lazyPage(() => import('./MunicipalityAdminPage'), 'MunicipalityAdminPage');
const CalendarFeedPage = lazyPage(() => import('./CalendarFeedPage'), 'CalendarFeedPage');

export const municipalityAdminRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/verwaltung',
  component: MunicipalityAdminPage,
});

export const municipalityCalendarRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/verwaltung/kalender',
  component: CalendarFeedPage,
});

export const municipalityAdminRoutes = [municipalityAdminRoute, municipalityCalendarRoute];
