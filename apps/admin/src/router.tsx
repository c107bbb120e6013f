import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { session } from './api/session';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { SetPasswordPage } from './features/auth/SetPasswordPage';
import { type SignInNotice, SignInPage, signInNotices } from './features/auth/SignInPage';
import { HomePage } from './features/home/HomePage';
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

/** The silent sign-in from the refresh cookie runs once, before the first page that needs to know. */
const signedIn = async (): Promise<boolean> => {
  await session.start();
  return session.getState().user !== null;
};

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: async () => {
    if (!(await signedIn())) throw redirect({ to: '/anmelden' });
  },
  component: HomePage,
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
  homeRoute,
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
