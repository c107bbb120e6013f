import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import { accountRoutes } from './features/account/routes';
import { apiKeysRoutes } from './features/api-keys/routes';
import { applicationsRoutes } from './features/applications/routes';
import { auditRoutes } from './features/audit/routes';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { SetPasswordPage } from './features/auth/SetPasswordPage';
import { type SignInNotice, SignInPage, signInNotices } from './features/auth/SignInPage';
import { ideasRoutes } from './features/ideas/routes';
import { measureSheetRoutes } from './features/measure-sheet/routes';
import { measuresRoutes } from './features/measures/routes';
import { municipalitiesRoutes } from './features/municipalities/routes';
import { municipalityAdminRoutes } from './features/municipality-admin/routes';
import { municipalityWorkshopsRoutes } from './features/municipality-workshops/routes';
import { overviewRoutes } from './features/overview/routes';
import { programsRoutes } from './features/programs/routes';
import { CancelPage } from './features/public/CancelPage';
import { ConfirmPage } from './features/public/ConfirmPage';
import { InvitationPage } from './features/public/InvitationPage';
import { roadmapRoutes } from './features/roadmap/routes';
import { strategyRoutes } from './features/strategy/routes';
import { usersRoutes } from './features/users/routes';
import { versionsRoutes } from './features/versions/routes';
import { workshopRoutes } from './features/workshop-detail/routes';
import { workshopsRoutes } from './features/workshops/routes';
import { workspaceHomeRoute, workspaceRoute } from './features/workspace/routes';
import { appRoute, signedIn } from './routes/app';
import { rootRoute } from './routes/root';

/** The personal links carry their secret as `?token=…` (see the worker's mail links). */
const tokenSearch = (search: Record<string, unknown>): { token?: string } =>
  typeof search.token === 'string' && search.token ? { token: search.token } : {};

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

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/anmelden',
  validateSearch: (search: Record<string, unknown>): { hinweis?: SignInNotice } =>
    typeof search.hinweis === 'string' && Object.hasOwn(signInNotices, search.hinweis)
      ? { hinweis: search.hinweis as SignInNotice }
      : {},
  beforeLoad: async ({ search }) => {
    if (!search.hinweis && (await signedIn())) throw redirect({ to: '/' });
  },
  component: function SignIn() {
    const { hinweis } = signInRoute.useSearch();
    return <SignInPage notice={hinweis} />;
  },
});

const forgotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/passwort-vergessen',
  component: ForgotPasswordPage,
});

/** The links of the account mails (the worker's account-links): invitation and password reset. */
const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/passwort-setzen/$token',
  component: function SetPassword() {
    const { token } = setPasswordRoute.useParams();
    return <SetPasswordPage token={token} purpose="invitation" key={token} />;
  },
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/passwort-zuruecksetzen/$token',
  component: function ResetPassword() {
    const { token } = resetPasswordRoute.useParams();
    return <SetPasswordPage token={token} purpose="reset" key={token} />;
  },
});

export const routeTree = rootRoute.addChildren([
  appRoute.addChildren([
    ...overviewRoutes,
    ...workshopsRoutes,
    ...workshopRoutes,
    ...applicationsRoutes,
    ...municipalitiesRoutes,
    ...programsRoutes,
    ...usersRoutes,
    ...apiKeysRoutes,
    ...auditRoutes,
    ...accountRoutes,
    workspaceRoute.addChildren([
      workspaceHomeRoute,
      ...strategyRoutes,
      ...ideasRoutes,
      ...measuresRoutes,
      ...measureSheetRoutes,
      ...roadmapRoutes,
      ...versionsRoutes,
      ...municipalityWorkshopsRoutes,
      ...municipalityAdminRoutes,
    ]),
  ]),
  signInRoute,
  forgotRoute,
  setPasswordRoute,
  resetPasswordRoute,
  invitationRoute,
  confirmRoute,
  cancelRoute,
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
