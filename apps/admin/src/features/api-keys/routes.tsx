import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { ApiKeysPage } from './ApiKeysPage';

export const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-schluessel',
  beforeLoad: programAdminOnly,
  component: ApiKeysPage,
});

export const apiKeysRoutes = [apiKeysRoute];
