import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const workshopRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten/$workshopId',
  beforeLoad: officeOnly,
  component: () => <UnderConstruction title="Werkstatt" />,
});

export const workshopRoutes = [workshopRoute];
