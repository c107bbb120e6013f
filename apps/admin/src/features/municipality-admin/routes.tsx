import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const MunicipalityAdminPage = lazyPage(() => import('./MunicipalityAdminPage'), 'MunicipalityAdminPage');

export const municipalityAdminRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/verwaltung',
  component: MunicipalityAdminPage,
});

export const municipalityAdminRoutes = [municipalityAdminRoute];
