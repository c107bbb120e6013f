import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const workshopsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten',
  beforeLoad: officeOnly,
  component: () => <UnderConstruction title="Werkstätten" />,
});

export const workshopsRoutes = [workshopsRoute];
