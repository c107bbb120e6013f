import { createRoute, redirect } from '@tanstack/react-router';
import { session } from '../api/session';
import { isOffice, isProgramAdmin } from '../app/roles';
import { AppShell } from '../ui/AppShell';
import { rootRoute } from './root';

/** The silent sign-in from the refresh cookie runs once, before the first page that needs to know. */
export const signedIn = async (): Promise<boolean> => {
  await session.start();
  return session.getState().user !== null;
};

/** Every page behind sign-in: the shell with the navigation for the user's role. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async () => {
    if (!(await signedIn())) throw redirect({ to: '/anmelden' });
  },
  component: AppShell,
});

/**
 * `beforeLoad` of the program office's pages: a municipality user who follows an old link lands on
 * their own home page rather than on a page the API would refuse piece by piece.
 */
export const officeOnly = (): void => {
  if (!isOffice(session.getState().user)) throw redirect({ to: '/' });
};

/** `beforeLoad` of what program administrators alone may manage (users, keys, programs). */
export const programAdminOnly = (): void => {
  if (!isProgramAdmin(session.getState().user)) throw redirect({ to: '/' });
};
