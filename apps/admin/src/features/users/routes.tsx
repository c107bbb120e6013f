import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { validateUsersSearch } from './search';
import { UsersPage } from './UsersPage';

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
