import { createRootRoute, Outlet } from '@tanstack/react-router';
import { de } from '../i18n/de';
import { PublicPage } from '../ui/PublicPage';

export const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: () => (
    <PublicPage title={de.app.notFoundTitle}>
      <p>{de.app.notFoundText}</p>
    </PublicPage>
  ),
});
