import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';
import { validateWorkshopsSearch } from './search';
import { EditWorkshopPage, NewWorkshopPage } from './WorkshopFormPage';
import { WorkshopsPage } from './WorkshopsPage';

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
