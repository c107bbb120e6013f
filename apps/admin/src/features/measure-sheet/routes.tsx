import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { workspaceRoute } from '../workspace/routes';

const MeasureSheetPage = lazyPage(() => import('./MeasureSheetPage'), 'MeasureSheetPage');

/** A measure's fact sheet: every field the council PDF prints, its steps and indicators. */
export const measureSheetRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/massnahmen/$measureId',
  component: function MeasureSheet() {
    const { measureId } = measureSheetRoute.useParams();
    return <MeasureSheetPage measureId={measureId} key={measureId} />;
  },
});

export const measureSheetRoutes = [measureSheetRoute];
