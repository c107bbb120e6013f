import { createRoute } from '@tanstack/react-router';
import { appRoute, officeOnly, programAdminOnly } from '../../routes/app';
import { MunicipalitiesPage, parseMunicipalitySearch } from './MunicipalitiesPage';
import { CreateMunicipalityPage, EditMunicipalityPage } from './MunicipalityFormPage';
import { MunicipalityPage } from './MunicipalityPage';

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
