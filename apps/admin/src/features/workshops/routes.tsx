import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';
import { validateWorkshopsSearch } from './search';

const EditWorkshopPage = lazyPage(() => import('./WorkshopFormPage'), 'EditWorkshopPage');
const NewWorkshopPage = lazyPage(() => import('./WorkshopFormPage'), 'NewWorkshopPage');
const WorkshopsPage = lazyPage(() => import('./WorkshopsPage'), 'WorkshopsPage');

export const workshopsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten',
  beforeLoad: officeOnly,
  validateSearch: validateWorkshopsSearch,
  component: function Workshops() {
    return <WorkshopsPage search={workshopsRoute.useSearch()} />;
  },
});

/** Scheduling is the program administrators' (the API refuses moderators). */
export const newWorkshopRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten/neu',
  beforeLoad: programAdminOnly,
  component: NewWorkshopPage,
});

export const editWorkshopRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten/$workshopId/bearbeiten',
  beforeLoad: programAdminOnly,
  component: function EditWorkshop() {
    const { workshopId } = editWorkshopRoute.useParams();
    return <EditWorkshopPage workshopId={workshopId} key={workshopId} />;
  },
});

export const workshopsRoutes = [workshopsRoute, newWorkshopRoute, editWorkshopRoute];
