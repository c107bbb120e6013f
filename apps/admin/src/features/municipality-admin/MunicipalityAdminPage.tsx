import { AdminFrame } from './AdminFrame';
import { MunicipalityApiKeys } from './MunicipalityApiKeys';
import { MunicipalityUsers } from './MunicipalityUsers';

/** Verwaltung: the municipality's users and API keys, for its administration. */
export function MunicipalityAdminPage() {
  return (
    <AdminFrame>
      <MunicipalityUsers />
      <MunicipalityApiKeys />
    </AdminFrame>
  );
}
