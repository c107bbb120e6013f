import { createRoute } from '@tanstack/react-router';
import { lazyPage } from '../../app/lazy-page';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';
import { MunicipalitiesPage, parseMunicipalitySearch } from './MunicipalitiesPage';

const CreateMunicipalityPage = lazyPage(() => import('./MunicipalityFormPage'), 'CreateMunicipalityPage');
const EditMunicipalityPage = lazyPage(() => import('./MunicipalityFormPage'), 'EditMunicipalityPage');
const MunicipalityPage = lazyPage(() => import('./MunicipalityPage'), 'MunicipalityPage');

export const municipalitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kommunen',
  beforeLoad: officeOnly,
  validateSearch: parseMunicipalitySearch,
  component: function Municipalities() {
    return <MunicipalitiesPage search={municipalitiesRoute.useSearch()} />;
  },
});

const createMunicipalityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kommunen/neu',
  beforeLoad: programAdminOnly,
  component: CreateMunicipalityPage,
});

const municipalityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kommunen/$municipalityId',
  beforeLoad: officeOnly,
  component: function Municipality() {
    const { municipalityId } = municipalityRoute.useParams();
    return <MunicipalityPage municipalityId={municipalityId} key={municipalityId} />;
  },
});

const editMunicipalityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kommunen/$municipalityId/bearbeiten',
  beforeLoad: programAdminOnly,
  component: function EditMunicipality() {
    const { municipalityId } = editMunicipalityRoute.useParams();
    return <EditMunicipalityPage municipalityId={municipalityId} key={municipalityId} />;
  },
});

export const municipalitiesRoutes = [
  municipalitiesRoute,
  createMunicipalityRoute,
  municipalityRoute,
  editMunicipalityRoute,
];
