import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const StrategyPage = lazyPage(() => import('./StrategyPage'), 'StrategyPage');

export const strategyRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/strategie',
  component: StrategyPage,
});

export const strategyRoutes = [strategyRoute];
