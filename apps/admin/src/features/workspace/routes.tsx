import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute } from '../../routes/app';
import { WorkspaceLayout } from './WorkspaceLayout';

const WorkspaceHomePage = lazyPage(() => import('./WorkspaceHomePage'), 'WorkspaceHomePage');

/**
 * A municipality's strategy workspace. Its pages are children of this route and read the
 * municipality and the user's rights with `useWorkspace()`. The API decides who gets in: another
 * municipality's users see "nicht gefunden", as the API answers them.
 */
export const workspaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/arbeitsbereich/$municipalityId',
  component: function Workspace() {
    const { municipalityId } = workspaceRoute.useParams();
    return <WorkspaceLayout municipalityId={municipalityId} key={municipalityId} />;
  },
});

export const workspaceHomeRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/',
  component: WorkspaceHomePage,
});
