import { createRoute } from '@tanstack/react-router';
import { appRoute, programAdminOnly } from '../../routes/app';
import { AuditPage } from './AuditPage';
import { validateAuditSearch } from './search';

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
