import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';
import { CreateProgramPage, EditProgramPage } from './ProgramFormPage';
import { ProgramPage } from './ProgramPage';
import { ProgramsPage } from './ProgramsPage';

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
