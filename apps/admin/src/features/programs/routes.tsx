import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const programsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/programme',
  beforeLoad: officeOnly,
  component: () => <UnderConstruction title="Programme" />,
});

export const programsRoutes = [programsRoute];
