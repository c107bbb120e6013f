import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';
import { validateVersionsSearch } from './search';

const VersionsPage = lazyPage(() => import('./VersionsPage'), 'VersionsPage');

export const versionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/versionen',
  validateSearch: validateVersionsSearch,
  component: function Versions() {
    const search = versionsRoute.useSearch();
    const navigate = versionsRoute.useNavigate();
    return <VersionsPage search={search} onSearch={(next) => navigate({ search: next, replace: true })} />;
  },
});

export const versionsRoutes = [versionsRoute];
