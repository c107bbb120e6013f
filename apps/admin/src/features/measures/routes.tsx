import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const MeasuresPage = lazyPage(() => import('./MeasuresPage'), 'MeasuresPage');

export const measuresRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/massnahmen',
  component: MeasuresPage,
});

export const measuresRoutes = [measuresRoute];
