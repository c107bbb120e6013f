import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/protokoll',
  beforeLoad: programAdminOnly,
  component: () => <UnderConstruction title="Protokoll" />,
});

export const auditRoutes = [auditRoute];
