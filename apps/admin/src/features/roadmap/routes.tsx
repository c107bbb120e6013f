import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const RoadmapPage = lazyPage(() => import('./RoadmapPage'), 'RoadmapPage');

export const roadmapRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/roadmap',
  component: RoadmapPage,
});

export const roadmapRoutes = [roadmapRoute];
