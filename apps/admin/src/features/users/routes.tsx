import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, programAdminOnly } from '../../routes/app';
import { validateUsersSearch } from './search';

const UsersPage = lazyPage(() => import('./UsersPage'), 'UsersPage');

export const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/benutzer',
  beforeLoad: programAdminOnly,
  validateSearch: validateUsersSearch,
  component: function Users() {
    const search = usersRoute.useSearch();
    const navigate = usersRoute.useNavigate();
    return <UsersPage search={search} onSearch={(next) => navigate({ search: next })} />;
  },
});

export const usersRoutes = [usersRoute];
