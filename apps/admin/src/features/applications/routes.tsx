import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly } from '../../routes/app';
import { ApplicationsPage, type StatusFilter, statusFilters } from './ApplicationsPage';

export interface ApplicationsSearch {
  /** The status shown; left out: the pending ones, the inbox proper. */
  status?: StatusFilter;
  /** The application whose details are open. */
  bewerbung?: string;
}

const validateSearch = (search: Record<string, unknown>): ApplicationsSearch => ({
  ...(statusFilters.includes(search.status as StatusFilter) && search.status !== 'pending'
    ? { status: search.status as StatusFilter }
    : {}),
  ...(typeof search.bewerbung === 'string' && /^[0-9a-f-]{36}$/i.test(search.bewerbung)
    ? { bewerbung: search.bewerbung }
    : {}),
});

export const applicationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/bewerbungen',
  beforeLoad: officeOnly,
  validateSearch,
  component: function Applications() {
    const search = applicationsRoute.useSearch();
    const navigate = applicationsRoute.useNavigate();
    return (
      <ApplicationsPage
        status={search.status ?? 'pending'}
        openId={search.bewerbung ?? null}
        onOpen={(id) =>
          navigate({ search: (s) => ({ ...s, bewerbung: id ?? undefined }), replace: id === null })
        }
      />
    );
  },
});

export const applicationsRoutes = [applicationsRoute];
