import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, programAdminOnly } from '../../routes/app';
import { validateAuditSearch } from './search';

const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/protokoll',
  beforeLoad: programAdminOnly,
  validateSearch: validateAuditSearch,
  component: function Audit() {
    const search = auditRoute.useSearch();
    const navigate = auditRoute.useNavigate();
    return <AuditPage search={search} onSearch={(next) => navigate({ search: next })} />;
  },
});

export const auditRoutes = [auditRoute];
