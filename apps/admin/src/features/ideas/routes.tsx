import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';
import { validateIdeasSearch } from './search';

const IdeasPage = lazyPage(() => import('./IdeasPage'), 'IdeasPage');

/** The ideas board: one action field at a time (`feld`), sorted by dots or newest first. */
export const ideasRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/ideen',
  validateSearch: validateIdeasSearch,
  component: function Ideas() {
    const search = ideasRoute.useSearch();
    const navigate = ideasRoute.useNavigate();
    return <IdeasPage search={search} onSearch={(next) => navigate({ search: next, replace: true })} />;
  },
});

export const ideasRoutes = [ideasRoute];
