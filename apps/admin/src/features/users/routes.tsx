import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/benutzer',
  beforeLoad: programAdminOnly,
  component: () => <UnderConstruction title="Benutzer" />,
});

export const usersRoutes = [usersRoute];
