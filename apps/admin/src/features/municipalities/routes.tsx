import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const municipalitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kommunen',
  beforeLoad: officeOnly,
  component: () => <UnderConstruction title="Kommunen" />,
});

export const municipalitiesRoutes = [municipalitiesRoute];
