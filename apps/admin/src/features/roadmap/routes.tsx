import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';
import { validateRoadmapSearch } from './search';

const RoadmapPage = lazyPage(() => import('./RoadmapPage'), 'RoadmapPage');

export const roadmapRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/roadmap',
  validateSearch: validateRoadmapSearch,
  component: function Roadmap() {
    const search = roadmapRoute.useSearch();
    const navigate = roadmapRoute.useNavigate();
    return <RoadmapPage search={search} onSearch={(next) => navigate({ search: next })} />;
  },
});

export const roadmapRoutes = [roadmapRoute];
