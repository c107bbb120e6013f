import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const MunicipalityWorkshopsPage = lazyPage(
  () => import('./MunicipalityWorkshopsPage'),
  'MunicipalityWorkshopsPage',
);

export const municipalityWorkshopsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/werkstaetten',
  component: MunicipalityWorkshopsPage,
});

export const municipalityWorkshopsRoutes = [municipalityWorkshopsRoute];
