import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const IdeasPage = lazyPage(() => import('./IdeasPage'), 'IdeasPage');

export const ideasRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/ideen',
  component: IdeasPage,
});

export const ideasRoutes = [ideasRoute];
