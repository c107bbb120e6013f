import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { CancelPage } from './features/public/CancelPage';
import { ConfirmPage } from './features/public/ConfirmPage';
import { InvitationPage } from './features/public/InvitationPage';
import { de } from './i18n/de';
import { PublicPage } from './ui/PublicPage';

/** The personal links carry their secret as `?token=…` (see the worker's mail links). */
const tokenSearch = (search: Record<string, unknown>): { token?: string } =>
  typeof search.token === 'string' && search.token ? { token: search.token } : {};

const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: () => (
    <PublicPage title={de.app.notFoundTitle}>
      <p>{de.app.notFoundText}</p>
    </PublicPage>
  ),
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/einladung/$token',
  component: function Invitation() {
    const { token } = invitationRoute.useParams();
    return <InvitationPage token={token} />;
  },
});

const confirmRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/anmeldung/bestaetigen',
  validateSearch: tokenSearch,
  component: function Confirm() {
    const { token } = confirmRoute.useSearch();
    return <ConfirmPage token={token} />;
  },
});

const cancelRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/anmeldung/absagen',
  validateSearch: tokenSearch,
  component: function Cancel() {
    const { token } = cancelRoute.useSearch();
    return <CancelPage token={token} />;
  },
});

export const routeTree = rootRoute.addChildren([invitationRoute, confirmRoute, cancelRoute]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
