import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { UnderConstruction } from '../../ui/UnderConstruction';

export const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-schluessel',
  beforeLoad: programAdminOnly,
  component: () => <UnderConstruction title="API-Schlüssel" />,
});

export const apiKeysRoutes = [apiKeysRoute];
