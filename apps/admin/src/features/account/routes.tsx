import { createRoute } from '@tanstack/react-router';
import { appRoute } from '../../routes/app';
import { AccountPage } from './AccountPage';

export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/konto',
  component: AccountPage,
});

export const accountRoutes = [accountRoute];
