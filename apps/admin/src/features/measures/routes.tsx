import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';
import { validateMeasuresSearch } from './search';

const MeasuresPage = lazyPage(() => import('./MeasuresPage'), 'MeasuresPage');

/** The measures list; its filters and order stand in the address, so a filtered list can be shared. */
export const measuresRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/massnahmen',
  validateSearch: validateMeasuresSearch,
  component: function Measures() {
    const search = measuresRoute.useSearch();
    const navigate = measuresRoute.useNavigate();
    return <MeasuresPage search={search} onSearch={(next) => navigate({ search: next })} />;
  },
});

export const measuresRoutes = [measuresRoute];
