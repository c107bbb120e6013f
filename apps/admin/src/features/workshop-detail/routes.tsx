import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, officeOnly } from '../../routes/app';

const CheckInPage = lazyPage(() => import('./CheckInPage'), 'CheckInPage');
const WorkshopDetailPage = lazyPage(() => import('./WorkshopDetailPage'), 'WorkshopDetailPage');

export const workshopRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten/$workshopId',
  beforeLoad: officeOnly,
  component: function WorkshopDetail() {
    const { workshopId } = workshopRoute.useParams();
    return <WorkshopDetailPage workshopId={workshopId} key={workshopId} />;
  },
});

/** Check-in at the door, made for a tablet. */
export const checkInRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/werkstaetten/$workshopId/check-in',
  beforeLoad: officeOnly,
  component: function CheckIn() {
    const { workshopId } = checkInRoute.useParams();
    return <CheckInPage workshopId={workshopId} key={workshopId} />;
  },
});

export const workshopRoutes = [workshopRoute, checkInRoute];
