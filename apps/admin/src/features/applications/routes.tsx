import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const applicationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/bewerbungen',
  beforeLoad: officeOnly,
  component: () => <UnderConstruction title="Bewerbungen" />,
});

export const applicationsRoutes = [applicationsRoute];
