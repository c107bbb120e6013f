import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute } from '../../routes/app';

const AccountPage = lazyPage(() => import('./AccountPage'), 'AccountPage');

export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/konto',
  component: AccountPage,
});

export const accountRoutes = [accountRoute];
