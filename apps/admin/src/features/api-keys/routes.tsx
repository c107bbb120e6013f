import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, programAdminOnly } from '../../routes/app';

const ApiKeysPage = lazyPage(() => import('./ApiKeysPage'), 'ApiKeysPage');

export const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-schluessel',
  beforeLoad: programAdminOnly,
  component: ApiKeysPage,
});

export const apiKeysRoutes = [apiKeysRoute];
