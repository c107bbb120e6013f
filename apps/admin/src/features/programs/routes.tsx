import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';

const CreateProgramPage = lazyPage(() => import('./ProgramFormPage'), 'CreateProgramPage');
const EditProgramPage = lazyPage(() => import('./ProgramFormPage'), 'EditProgramPage');
const ProgramPage = lazyPage(() => import('./ProgramPage'), 'ProgramPage');
const ProgramsPage = lazyPage(() => import('./ProgramsPage'), 'ProgramsPage');

export const programsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/programme',
  beforeLoad: officeOnly,
  component: ProgramsPage,
});

const createProgramRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/programme/neu',
  beforeLoad: programAdminOnly,
  component: CreateProgramPage,
});

const programRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/programme/$programId',
  beforeLoad: officeOnly,
  component: function Program() {
    const { programId } = programRoute.useParams();
    return <ProgramPage programId={programId} key={programId} />;
  },
});

const editProgramRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/programme/$programId/bearbeiten',
  beforeLoad: programAdminOnly,
  component: function EditProgram() {
    const { programId } = editProgramRoute.useParams();
    return <EditProgramPage programId={programId} key={programId} />;
  },
});

export const programsRoutes = [programsRoute, createProgramRoute, programRoute, editProgramRoute];
