import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const VersionsPage = lazyPage(() => import('./VersionsPage'), 'VersionsPage');

export const versionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/versionen',
  component: VersionsPage,
});

export const versionsRoutes = [versionsRoute];
